/*
 * pty.c - pseudo-terminals, as Linux's Unix98 ptys: opening /dev/ptmx
 * makes a pair - the master (that file) and a slave terminal that appears
 * as /dev/pts/N - locked until TIOCSPTLCK unlocks it (glibc's unlockpt);
 * TIOCGPTN names N (ptsname).
 *
 * The slave is a terminal like the console, with the same line discipline
 * (tty.c) and ioctls (tty_ioctl.c): what the master writes is the slave's
 * input (echo, ^C/^Z signals to the slave's foreground group, canonical
 * lines), and the slave's output, processed, is what the master reads,
 * from a buffer of PTY_OBUF bytes (a slave writer waits for room; a master
 * writer waits for room in the slave's input).  Termios and the window
 * size are the slave's whichever side sets them (TIOCSWINSZ: SIGWINCH).
 *
 * A session leader that opens the slave without O_NOCTTY, having no
 * terminal, gets it as controlling terminal (or with TIOCSCTTY); /dev/tty
 * opens the caller's.  When the master closes the slave hangs up: its
 * session leader's group gets SIGHUP and SIGCONT, reads return 0 and
 * writes EIO, and /dev/pts/N goes.  When every slave file has closed, the
 * master reads EIO (after the output left) until one is opened again.
 */
#include "fs/fs.h"
#include "tty/tty.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define PTY_MAX   16                /* pairs at once (static: a slave's tty is > a page) */
#define PTY_OBUF  4096
#define PTS_MAJOR 136
#define DEV_PTMX  MKDEV(5, 2)
#define DEV_TTY   MKDEV(5, 0)
#define TIOCGPTN   0x80045430
#define TIOCSPTLCK 0x40045431

struct pty {
	int used;                       /* the master, or slaves, still open */
	int master;                     /* the master file is open */
	int slaves;                     /* open slave files */
	int slave_closed;               /* all slaves closed again: master reads EIO */
	int locked;                     /* TIOCSPTLCK: slaves cannot open */
	struct tty tty;                 /* the slave terminal */
	char obuf[PTY_OBUF];            /* slave output for the master */
	uint32_t o_rd, o_wr;
};

static struct pty ptys[PTY_MAX];

static struct pty *pty_of(struct tty *t)
{
	return (struct pty *)((char *)t - __builtin_offsetof(struct pty, tty));
}

static uint32_t o_used(const struct pty *p)
{
	return p->o_wr - p->o_rd;
}

/* ---- the slave's output: into the master's buffer ---- */
static void pty_out(struct tty *t, const char *buf, uint32_t n)
{
	struct pty *p = pty_of(t);

	for (uint32_t i = 0; i < n && o_used(p) < PTY_OBUF; i++)
		p->obuf[p->o_wr++ % PTY_OBUF] = buf[i];     /* echo beyond room is lost */
	tty_wake(t);
}

static uint32_t pty_out_room(const struct tty *t)
{
	return PTY_OBUF - o_used(pty_of((struct tty *)t));
}

static void pts_path(const struct pty *p, char *buf, uint32_t n)
{
	snprintf(buf, n, "/dev/pts/%d", (int)(p - ptys));
}

static void pty_put(struct pty *p)
{
	if (!p->master && !p->slaves)
		p->used = 0;
}

/* ---- the master ---- */
static int ptmx_open(struct file *f)
{
	static const struct tty fresh = { .t = TTY_STD_TERMIOS, .out = pty_out,
					  .out_room = pty_out_room };
	char path[24];
	struct pty *p = ptys;

	while (p < ptys + PTY_MAX && p->used)
		p++;
	if (p == ptys + PTY_MAX)
		return -ENOSPC;
	memset(p, 0, sizeof(*p));
	p->tty = fresh;
	pts_path(p, path, sizeof(path));
	vfs_unlink(fs_root, path);      /* a stale node someone made */
	if (vfs_mknod(fs_root, path, S_IFCHR | 0620, MKDEV(PTS_MAJOR, (uint32_t)(p - ptys))) < 0)
		return -EIO;
	p->used = p->master = p->locked = 1;
	f->priv = p;
	f->ops = &ptmx_ops;
	return 0;
}

static int ptmx_read(struct file *f, char *buf, uint32_t n)
{
	struct pty *p = f->priv;
	uint32_t k = 0;

	while (!o_used(p)) {
		if (p->slave_closed)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (proc_signal_pending())
			return -EINTR;
		proc_sleep(&p->tty);
	}
	while (k < n && o_used(p))
		buf[k++] = p->obuf[p->o_rd++ % PTY_OBUF];
	tty_wake(&p->tty);              /* slave writers waiting for room */
	return (int)k;
}

static int ptmx_write(struct file *f, const char *buf, uint32_t n)
{
	struct pty *p = f->priv;
	uint32_t done = 0;

	while (done < n) {
		uint32_t room = tty_room(&p->tty), k = n - done < room ? n - done : room;

		if (!k) {
			if (f->flags & O_NONBLOCK)
				return done ? (int)done : -EAGAIN;
			if (proc_signal_pending())
				return done ? (int)done : -EINTR;
			proc_sleep(&p->tty);
			continue;
		}
		tty_receive(&p->tty, buf + done, k);
		done += k;
	}
	return (int)n;
}

static int ptmx_poll(struct file *f)
{
	struct pty *p = f->priv;
	int ev = tty_room(&p->tty) ? POLLOUT | POLLWRNORM : 0;

	if (o_used(p))
		ev |= POLLIN | POLLRDNORM;
	if (p->slave_closed)
		ev |= POLLHUP;
	return ev;
}

static int put_int(uint32_t arg, int32_t v)
{
	return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static int ptmx_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct pty *p = f->priv;
	int32_t v;

	switch (cmd) {
	case TIOCGPTN:
		return put_int(arg, (int32_t)(p - ptys));
	case TIOCSPTLCK:
		if (copy_from_user(&v, (const void *)arg, sizeof(v)))
			return -EFAULT;
		p->locked = v != 0;
		return 0;
	case FIONREAD:
		return put_int(arg, (int32_t)o_used(p));
	case TIOCSCTTY:
		return -EINVAL;             /* only the slave becomes a controlling tty */
	}
	return tty_do_ioctl(&p->tty, cmd, arg);
}

/* The master closes: the slave hangs up. */
static void ptmx_release(struct file *f)
{
	struct pty *p = f->priv;
	char path[24];

	p->master = 0;
	p->tty.hungup = 1;
	tty_wake(&p->tty);
	if (p->tty.sid > 0) {
		proc_signal_pgrp(p->tty.sid, SIGHUP);
		proc_signal_pgrp(p->tty.sid, SIGCONT);
	}
	pts_path(p, path, sizeof(path));
	vfs_unlink(fs_root, path);
	pty_put(p);
}

/* ---- the slave ---- */
/* Does the caller's session have a terminal already? */
static int session_has_tty(int sid)
{
	if (console_tty.sid == sid)
		return 1;
	for (int i = 0; i < PTY_MAX; i++)
		if (ptys[i].used && ptys[i].tty.sid == sid)
			return 1;
	return 0;
}

static int pts_open(struct pty *p, struct file *f)
{
	int sid = proc_sid();

	if (!p->used || !p->master || p->locked)
		return -EIO;
	f->priv = &p->tty;
	f->ops = &pts_ops;
	p->slaves++;
	p->slave_closed = 0;
	if (!(f->flags & O_NOCTTY) && sid == proc_self() && !session_has_tty(sid) &&
	    (p->tty.sid <= 0 || !proc_session_alive(p->tty.sid))) {
		p->tty.sid = sid;
		p->tty.pgrp = proc_pgid();
	}
	return 0;
}

static void pts_release(struct file *f)
{
	struct pty *p = pty_of(f->priv);

	if (--p->slaves == 0 && p->master) {
		p->slave_closed = 1;
		tty_wake(&p->tty);
	}
	pty_put(p);
}

/* /dev/tty: the caller's controlling pty; 1 if it has none (the console). */
static int ctty_open(struct file *f)
{
	int sid = proc_sid();

	for (int i = 0; i < PTY_MAX; i++)
		if (ptys[i].used && ptys[i].tty.sid == sid && !ptys[i].tty.hungup)
			return pts_open(&ptys[i], f);
	return 1;
}

/* 0 or an error if ip is a pty device (ptmx, a slave, or /dev/tty naming
 * one); 1 if it is none of them. */
int pty_open(struct inode *ip, struct file *f)
{
	uint32_t major = (ip->rdev >> 8) & 0xfff;
	uint32_t minor = (ip->rdev & 0xff) | ((ip->rdev >> 12) & ~0xffu);

	if (ip->rdev == DEV_PTMX)
		return ptmx_open(f);
	if (ip->rdev == DEV_TTY)
		return ctty_open(f);
	if (major != PTS_MAJOR)
		return 1;
	return minor < PTY_MAX ? pts_open(&ptys[minor], f) : -ENXIO;
}

int tty_file(const struct file *f)
{
	return f->ops == &tty_ops || f->ops == &pts_ops || f->ops == &ptmx_ops;
}

const struct file_ops ptmx_ops = {
	.read = ptmx_read,
	.write = ptmx_write,
	.ioctl = ptmx_ioctl,
	.poll = ptmx_poll,
	.getdents64 = file_no_getdents,
	.release = ptmx_release,
};

const struct file_ops pts_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.getdents64 = file_no_getdents,
	.release = pts_release,
};
