/*
 * unix_msg.c - the messages AF_UNIX sockets queue, and the memory their
 * data is copied from and to: a struct uio walks a user iovec array (or
 * one user or kernel buffer, for sendto/recvfrom and read/write) piece by
 * piece, so no bounce buffer limits what one call moves.
 *
 * A message's data lies in segments of at most a page, each allocated to
 * the size it holds, so a small datagram costs little; what a message
 * takes in memory counts against the receiver's SO_RCVBUF.  Files in
 * flight (SCM_RIGHTS) hold a reference until received or dropped.
 * Dropping them may close AF_UNIX sockets whose queues carry more files:
 * umsg_free releases through one list, so that chain is walked in a loop
 * rather than by recursion on the kernel stack.
 */
#include "net/unix.h"
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define SEG_MAX (4096u - sizeof(struct unix_seg))
#define IOV_MAX 1024

/* ---- user memory ---- */
int uio_user(struct uio *u, uint32_t iov, uint32_t niov)
{
	uint64_t total = 0;

	if (niov > IOV_MAX)
		return -EMSGSIZE;
	for (uint32_t i = 0; i < niov; i++) {
		struct linux_iovec v;

		if (copy_from_user(&v, (void *)(iov + 8 * i), sizeof(v)))
			return -EFAULT;
		if ((int32_t)v.len < 0 || (total += v.len) > 0x7FFFFFFF)
			return -EINVAL;
	}
	*u = (struct uio){ .iov = iov, .niov = niov, .resid = (uint32_t)total };
	return 0;
}

void uio_one(struct uio *u, uint32_t base, uint32_t len, int kernel)
{
	*u = (struct uio){ .base = base, .len = len, .kernel = kernel, .resid = len };
}

/* The next non-empty segment: 0, or -1 at the end, -EFAULT. */
static int uio_next(struct uio *u)
{
	while (!u->len) {
		struct linux_iovec v;

		if (!u->iov || u->i >= u->niov)
			return -1;
		if (copy_from_user(&v, (void *)(u->iov + 8 * u->i++), sizeof(v)))
			return -EFAULT;
		u->base = v.base;
		u->len = v.len;
	}
	return 0;
}

/* Move n bytes between buf and the uio (to_user: into it): bytes moved,
 * or -EFAULT if none could be. */
static int uio_move(struct uio *u, void *buf, uint32_t n, int to_user)
{
	uint32_t done = 0;

	while (done < n && uio_next(u) == 0) {
		uint32_t k = u->len < n - done ? u->len : n - done;
		char *b = (char *)buf + done;
		int bad;

		if (u->kernel)
			bad = (memcpy(to_user ? (void *)u->base : b, to_user ? b : (void *)u->base, k), 0);
		else if (to_user)
			bad = copy_to_user((void *)u->base, b, k);
		else
			bad = copy_from_user(b, (void *)u->base, k);
		if (bad)
			return done ? (int)done : -EFAULT;
		u->base += k;
		u->len -= k;
		u->resid -= k;
		done += k;
	}
	return (int)done;
}

/* ---- messages ---- */
/* Copy up to n bytes from u into new segments at m's end: bytes taken. */
uint32_t umsg_append(struct unix_msg *m, struct uio *u, uint32_t n, int *err)
{
	uint32_t got = 0;

	*err = 0;
	while (got < n) {
		uint32_t k = n - got < SEG_MAX ? n - got : SEG_MAX;
		struct unix_seg *g = kmalloc(sizeof(*g) + k);
		int r;

		if (!g) {
			*err = -ENOBUFS;
			break;
		}
		if ((r = uio_move(u, g->data, k, 0)) <= 0) {
			kfree(g);
			*err = r < 0 ? r : 0;
			break;
		}
		g->len = (uint32_t)r;
		if (m->seg_tail)
			m->seg_tail->next = g;
		else
			m->seg = g;
		m->seg_tail = g;
		m->len += g->len;
		m->mem += sizeof(*g) + k;
		got += g->len;
		if ((uint32_t)r < k)
			break;
	}
	return got;
}

/* A message of len bytes from u (fewer if u ends or faults first: then
 * its len says so; none at all is *err). */
struct unix_msg *umsg_new(struct uio *u, uint32_t len, uint32_t nfds, int *err)
{
	struct unix_msg *m = kmalloc(sizeof(*m) + nfds * sizeof(struct file *));

	if (!m) {
		*err = -ENOBUFS;
		return NULL;
	}
	m->mem = sizeof(*m) + nfds * sizeof(struct file *);
	if (umsg_append(m, u, len, err) < len && *err && m->len == 0 && len) {
		umsg_free(m);
		return NULL;
	}
	*err = 0;
	return m;
}

int umsg_copy_out(const struct unix_msg *m, uint32_t off, struct uio *u, uint32_t n)
{
	uint32_t done = 0;

	for (const struct unix_seg *g = m->seg; g && done < n; g = g->next) {
		uint32_t k;
		int r;

		if (off >= g->len) {
			off -= g->len;
			continue;
		}
		k = g->len - off < n - done ? g->len - off : n - done;
		r = uio_move(u, (void *)(g->data + off), k, 1);
		if (r < 0)
			return done ? (int)done : r;
		done += (uint32_t)r;
		if ((uint32_t)r < k)
			break;
		off = 0;
	}
	return (int)done;
}

static struct unix_msg *dying;       /* messages whose files are being put */
static int draining;

void umsg_free(struct unix_msg *m)
{
	m->next = dying;
	dying = m;
	if (draining)
		return;                      /* the loop below, further up, takes it */
	draining = 1;
	while ((m = dying)) {
		dying = m->next;
		for (uint32_t i = 0; i < m->nfds; i++)
			file_put(m->fds[i]);
		while (m->seg) {
			struct unix_seg *g = m->seg;

			m->seg = g->next;
			kfree(g);
		}
		kfree(m);
	}
	draining = 0;
}

/* ---- the receive queue ---- */
void unix_enqueue(struct unix_sock *u, struct unix_msg *m)
{
	m->next = NULL;
	if (u->rq_tail)
		u->rq_tail->next = m;
	else
		u->rq = m;
	u->rq_tail = m;
	u->rq_mem += m->mem;
	u->rq_count++;
	sock_wake(u->s);
}

struct unix_msg *unix_dequeue(struct unix_sock *u)
{
	struct unix_msg *m = u->rq;

	if (!m)
		return NULL;
	if (!(u->rq = m->next))
		u->rq_tail = NULL;
	u->rq_mem -= m->mem;
	u->rq_count--;
	sock_wake(u->s);                 /* senders waiting for room */
	return m;
}

void unix_purge(struct unix_sock *u)
{
	struct unix_msg *m;

	while ((m = unix_dequeue(u)))
		umsg_free(m);
}
