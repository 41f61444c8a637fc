/*
 * pipe.c - pipes and FIFOs: a ring buffer of 16 pages (64 KiB, as Linux's
 * default, each page allocated on first use) shared by the read and write
 * ends.  F_SETPIPE_SZ makes it any power-of-two number of pages up to
 * PIPE_MAX_PAGES (1 MiB, Linux's default pipe-max-size); beyond
 * /proc/sys/fs/pipe-max-size only with CAP_SYS_RESOURCE.  Every pipe's
 * size is charged to the user who made it (pipe_user.c): past that user's
 * soft limit a new pipe is only PIPE_MIN_PAGES big.
 *
 * A pipe made by pipe2(O_DIRECT) is in packet mode, as Linux's: every
 * write of up to PIPE_BUF bytes (a larger one is cut at each PIPE_BUF) is
 * a packet in a page slot of its own, and a read takes one packet at most
 * (what does not fit the reader's buffer is dropped).  Its ring then moves
 * a page at a time: rd and wr stay page-aligned.  (Linux also switches a
 * write end in and out of packet mode by F_SETFL O_DIRECT, packets and
 * bytes mixing in one pipe; here F_SETFL leaves the mode as pipe2 made it.)
 *
 * read waits for data and returns 0 once every writer has gone; write
 * waits for room, and a write of up to PIPE_BUF bytes goes in whole (never
 * interleaved with another writer's); with no reader left a write fails
 * with EPIPE (and the system-call layer sends SIGPIPE).  O_NONBLOCK turns
 * waiting into EAGAIN.  Waits end early for signals with EINTR (which the
 * process core restarts under SA_RESTART).  A FIFO is the same pipe hung on
 * an inode; opening one end waits for the other, as in Linux.
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include <vmi/vmi.h>

#define PIPE_DEFAULT_SIZE (16 * VMI_PAGE_SIZE)
#define PIPE_MAX_PAGES    256
#define PIPE_MIN_PAGES    2             /* a pipe made past the soft limit */

int pipe_max_size = PIPE_MAX_PAGES * VMI_PAGE_SIZE;

struct pipe {
	char *page[PIPE_MAX_PAGES];
	uint32_t size;              /* bytes the ring holds: pages * page size */
	uint32_t rd, wr;            /* free-running byte counts */
	int readers, writers;
	uint32_t r_opens, w_opens;  /* ends ever opened: what FIFO opens wait for */
	uint32_t ino, ctime;
	struct inode *fifo;         /* the FIFO's inode, or NULL */
	uint32_t uid;               /* the user its pages are charged to ... */
	uint32_t charged;           /* ... and how many (pipe_user.c) */
	uint16_t *packet;           /* packet mode: each slot's packet length */
};

static uint32_t next_pipe_ino = 1;

static const struct file_ops pipe_ops;

static int can_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static int can_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static void pipe_wake(struct pipe *p)
{
	proc_wakeup(p);
	proc_wakeup(poll_channel());
}

/* Charge p's size to its user, pages of it: 0, or when that takes the
 * user past a limit nothing is charged and the answer is cause: -EPERM
 * (either limit), -ENFILE (the hard one) or 0 (no limit applies). */
static int charge(struct pipe *p, uint32_t pages, int cause)
{
	uint32_t total = pipe_user_charge(p->uid, p->charged, pages);

	if (cause && (pipe_user_over_hard(total) ||
		      (cause == -EPERM && pipe_user_over_soft(total)))) {
		pipe_user_charge(p->uid, pages, p->charged);
		return cause;
	}
	p->charged = total ? pages : 0;     /* 0: the user could not be recorded */
	return 0;
}

/* A new pipe, of the default size unless pipe-max-size or the user's
 * soft limit says less; NULL with *err -ENOMEM or -ENFILE (the user's
 * hard limit), as Linux's alloc_pipe_info. */
static struct pipe *pipe_new(int *err)
{
	struct pipe *p = kmalloc(sizeof(*p));
	uint32_t pages = PIPE_DEFAULT_SIZE / VMI_PAGE_SIZE;

	*err = -ENOMEM;
	if (!p)
		return NULL;
	if (pages * VMI_PAGE_SIZE > (uint32_t)pipe_max_size && !capable(CAP_SYS_RESOURCE))
		pages = (uint32_t)pipe_max_size / VMI_PAGE_SIZE;
	p->uid = proc_ruid();
	if (charge(p, pages, -EPERM))       /* past the soft limit: a small pipe */
		pages = PIPE_MIN_PAGES;
	if ((*err = charge(p, pages, -ENFILE))) {
		kfree(p);
		return NULL;
	}
	p->ino = next_pipe_ino++;
	p->ctime = fs_now();
	p->size = pages * VMI_PAGE_SIZE;
	return p;
}

static void free_pages(struct pipe *p)
{
	for (int i = 0; i < PIPE_MAX_PAGES; i++)
		kfree(p->page[i]);
}

static void pipe_free(struct pipe *p)
{
	pipe_user_charge(p->uid, p->charged, 0);
	kfree(p->packet);
	free_pages(p);
	if (p->fifo)
		p->fifo->pipe = NULL;
	kfree(p);
}

/* Copy between the ring and buf, page piece by page piece.  Writing
 * allocates pages as it goes; it returns less than n without memory. */
static uint32_t ring_copy(struct pipe *p, uint32_t pos, char *buf, uint32_t n, int to_ring)
{
	uint32_t done = 0;

	while (done < n) {
		uint32_t off = pos % p->size, pg = off / VMI_PAGE_SIZE;
		uint32_t in = off % VMI_PAGE_SIZE, chunk = VMI_PAGE_SIZE - in;

		if (chunk > n - done)
			chunk = n - done;
		if (to_ring && !p->page[pg] && !(p->page[pg] = kpage_alloc()))
			break;
		if (to_ring)
			memcpy(p->page[pg] + in, buf + done, chunk);
		else
			memcpy(buf + done, p->page[pg] + in, chunk);
		done += chunk;
		pos += chunk;
	}
	return done;
}

static uint16_t *packet_len(struct pipe *p, uint32_t pos)
{
	return &p->packet[pos % p->size / VMI_PAGE_SIZE];
}

/* The next packet, as much as fits buf; its slot is free after. */
static int packet_read(struct pipe *p, char *buf, uint32_t n)
{
	uint32_t got = *packet_len(p, p->rd);

	if (got > n)
		got = n;
	ring_copy(p, p->rd, buf, got, 0);
	p->rd += VMI_PAGE_SIZE;
	pipe_wake(p);
	return (int)got;
}

/* One packet of n <= PIPE_BUF bytes into the next slot: n, 0 if no slot
 * is free, or -ENOMEM. */
static int packet_write(struct pipe *p, const char *buf, uint32_t n)
{
	if (p->size - (p->wr - p->rd) < VMI_PAGE_SIZE)
		return 0;
	if (ring_copy(p, p->wr, (char *)buf, n, 1) != n)
		return -ENOMEM;
	*packet_len(p, p->wr) = (uint16_t)n;
	p->wr += VMI_PAGE_SIZE;
	pipe_wake(p);
	return (int)n;
}

static int pipe_read(struct file *f, char *buf, uint32_t n)
{
	struct pipe *p = f->priv;
	uint32_t got;

	if (!can_read(f))
		return -EBADF;
	if (n == 0)
		return 0;
	while (p->rd == p->wr) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (proc_signal_pending())
			return -EINTR;
		proc_sleep(p);
	}
	if (p->packet)
		return packet_read(p, buf, n);
	got = p->wr - p->rd < n ? p->wr - p->rd : n;
	ring_copy(p, p->rd, buf, got, 0);
	p->rd += got;
	pipe_wake(p);
	return (int)got;
}

/* How much of the rest may go in now: all of a small write or nothing
 * (PIPE_BUF atomicity), else whatever fits. */
static uint32_t write_now(const struct pipe *p, uint32_t left, uint32_t total)
{
	uint32_t room = p->size - (p->wr - p->rd);

	if (total <= PIPE_BUF)
		return room >= left ? left : 0;
	return room < left ? room : left;
}

static int pipe_write(struct file *f, const char *buf, uint32_t n)
{
	struct pipe *p = f->priv;
	uint32_t done = 0, now;

	if (!can_write(f))
		return -EBADF;
	while (done < n) {
		if (!p->readers)            /* the caller sends SIGPIPE on -EPIPE */
			return done ? (int)done : -EPIPE;
		if (p->packet) {
			int put = packet_write(p, buf + done, n - done < PIPE_BUF ? n - done : PIPE_BUF);

			if (put < 0)
				return done ? (int)done : put;
			done += (uint32_t)put;
			if (put)
				continue;
		} else if ((now = write_now(p, n - done, n)) > 0) {
			now = ring_copy(p, p->wr, (char *)buf + done, now, 1);
			p->wr += now;
			done += now;
			pipe_wake(p);
			if (now == 0)
				return done ? (int)done : -ENOMEM;
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (int)done : -EAGAIN;
		if (proc_signal_pending())
			return done ? (int)done : -EINTR;
		proc_sleep(p);
	}
	return (int)done;
}

/* A packet pipe's lengths follow their packets into a ring of `size`
 * (slot numbers are positions modulo the ring's size). */
static void relayout_packets(struct pipe *p, uint32_t size)
{
	uint16_t len[PIPE_MAX_PAGES];

	for (uint32_t pos = p->rd; pos != p->wr; pos += VMI_PAGE_SIZE)
		len[pos % size / VMI_PAGE_SIZE] = *packet_len(p, pos);
	for (uint32_t pos = p->rd; pos != p->wr; pos += VMI_PAGE_SIZE)
		p->packet[pos % size / VMI_PAGE_SIZE] = len[pos % size / VMI_PAGE_SIZE];
}

/* The ring of p made `size` bytes, the data kept in order: copied page
 * piece by page piece into a ring of the new size, whose pages replace
 * the old.  -ENOMEM leaves p as it was. */
static int relayout(struct pipe *p, uint32_t size)
{
	struct pipe *q = kmalloc(sizeof(*q));
	char *tmp = kpage_alloc();
	int rc = q && tmp ? 0 : -ENOMEM;

	if (q)
		q->size = size;
	for (uint32_t pos = p->rd; rc == 0 && pos != p->wr;) {
		uint32_t n = p->wr - pos < VMI_PAGE_SIZE ? p->wr - pos : VMI_PAGE_SIZE;

		ring_copy(p, pos, tmp, n, 0);
		if (ring_copy(q, pos, tmp, n, 1) != n)
			rc = -ENOMEM;
		pos += n;
	}
	if (rc == 0) {
		free_pages(p);
		memcpy(p->page, q->page, sizeof(p->page));
		if (p->packet)
			relayout_packets(p, size);
		p->size = size;
	} else if (q) {
		free_pages(q);
	}
	kfree(q);
	kfree(tmp);
	return rc;
}

/* The pages the data touches: Linux counts a pipe's fill in buffers of a
 * page each, and a ring smaller than that many pages is EBUSY. */
static uint32_t pages_held(const struct pipe *p)
{
	if (p->rd == p->wr)
		return 0;
	/* from rd's page on, without dividing the free-running counts (they wrap) */
	return (p->rd % VMI_PAGE_SIZE + (p->wr - p->rd) + VMI_PAGE_SIZE - 1) / VMI_PAGE_SIZE;
}

int pipe_size(struct file *f, int set, uint32_t arg)
{
	struct pipe *p = f->priv;
	uint32_t size = VMI_PAGE_SIZE;
	int rc;

	if (f->ops != &pipe_ops)
		return -EBADF;
	if (!set)
		return (int)p->size;
	if (arg > (1u << 31))
		return -EINVAL;
	while (size < arg)
		size <<= 1;
	if (size > (uint32_t)pipe_max_size && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if (size > PIPE_MAX_PAGES * VMI_PAGE_SIZE)
		return -ENOMEM;                 /* more than this kernel keeps */
	if (size / VMI_PAGE_SIZE < pages_held(p))
		return -EBUSY;
	if (size > p->size && (rc = charge(p, size / VMI_PAGE_SIZE, -EPERM)))
		return rc;
	rc = size == p->size ? 0 : relayout(p, size);
	if (rc || size < p->size)
		charge(p, p->size / VMI_PAGE_SIZE, 0);   /* back, or down to the new size */
	pipe_wake(p);                       /* room may have appeared */
	return rc ? rc : (int)size;
}

int pipe_has_data(struct file *f)
{
	struct pipe *p = f->priv;

	return f->ops == &pipe_ops && p->rd != p->wr && !p->packet;
}

/* pipe2(O_DIRECT): the pipe of write end f becomes a packet pipe. */
int pipe_set_packet(struct file *f)
{
	struct pipe *p = f->priv;

	if (!(p->packet = kmalloc(PIPE_MAX_PAGES * sizeof(*p->packet))))
		return -ENOMEM;
	f->flags |= O_DIRECT;
	return 0;
}

/* FIONREAD: the bytes a reader may have; a packet pipe's packets. */
static int32_t bytes_queued(struct pipe *p)
{
	int32_t n = 0;

	if (!p->packet)
		return (int32_t)(p->wr - p->rd);
	for (uint32_t pos = p->rd; pos != p->wr; pos += VMI_PAGE_SIZE)
		n += *packet_len(p, pos);
	return n;
}

static int pipe_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct pipe *p = f->priv;
	int32_t avail = bytes_queued(p);

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user((void *)arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = f->priv;
	int mask = 0;

	if (can_read(f)) {
		if (p->wr != p->rd)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_opens)
			mask |= POLLHUP;
	}
	if (can_write(f)) {
		if (p->wr - p->rd < p->size)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

/* Closing an end: the other side learns of it (EOF, EPIPE, POLLHUP). */
static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;

	if (can_read(f))
		p->readers--;
	if (can_write(f))
		p->writers--;
	pipe_wake(p);
	if (!p->readers && !p->writers)
		pipe_free(p);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.getdents64 = file_no_getdents,
	.release = pipe_release,
};

int pipe_create(struct file **rd, struct file **wr)
{
	int err;
	struct pipe *p = pipe_new(&err);
	struct file *r = p ? file_alloc(&pipe_ops, NULL, O_RDONLY) : NULL;
	struct file *w = r ? file_alloc(&pipe_ops, NULL, O_WRONLY) : NULL;

	if (!w) {
		kfree(r);
		if (p)
			pipe_free(p);
		return p ? -ENOMEM : err;
	}
	r->priv = w->priv = p;
	p->readers = p->writers = 1;
	p->r_opens = p->w_opens = 1;
	*rd = r;
	*wr = w;
	return 0;
}

int pipe_stat(struct file *f, struct kstat *st)
{
	struct pipe *p = f->priv;

	if (f->ops != &pipe_ops)
		return -EBADF;
	memset(st, 0, sizeof(*st));
	st->dev = PIPEFS_DEV;
	st->ino = p->ino;
	st->mode = S_IFIFO | 0600;
	st->nlink = 1;
	st->blksize = VMI_PAGE_SIZE;
	st->atime = st->mtime = st->ctime = p->ctime;
	return 0;
}

/* Wait until the other end's open count moves past seen; 0 or an error. */
static int fifo_wait(struct file *f, struct pipe *p, const uint32_t *count, uint32_t seen)
{
	while (*count == seen) {
		if (proc_signal_pending()) {
			pipe_release(f);
			return -EINTR;
		}
		proc_sleep(p);
	}
	return 0;
}

int fifo_open(struct inode *ip, struct file *f)
{
	struct pipe *p = ip->pipe;
	int nonblock = (f->flags & O_NONBLOCK) != 0, err;

	if (!p && !(p = ip->pipe = pipe_new(&err)))
		return err;
	p->fifo = ip;
	if (!can_read(f) && nonblock && !p->readers) {
		if (!p->writers)
			pipe_free(p);
		return -ENXIO;              /* O_WRONLY|O_NONBLOCK, no reader */
	}
	f->priv = p;
	f->ops = &pipe_ops;
	if (can_read(f)) {
		p->readers++;
		p->r_opens++;
	}
	if (can_write(f)) {
		p->writers++;
		p->w_opens++;
	}
	pipe_wake(p);
	if (!can_write(f) && !p->writers && !nonblock)
		return fifo_wait(f, p, &p->w_opens, p->w_opens);
	if (!can_read(f) && !p->readers)
		return fifo_wait(f, p, &p->r_opens, p->r_opens);
	return 0;
}
