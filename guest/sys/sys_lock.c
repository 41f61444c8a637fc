/*
 * sys_lock.c - record locks: fcntl F_GETLK, F_SETLK and F_SETLKW (and
 * their 64-bit forms) for POSIX locks, F_OFD_GETLK, F_OFD_SETLK and
 * F_OFD_SETLKW for open file description locks, as Linux keeps them.
 *
 * A lock is a byte range of an inode held for reading (shared) or writing
 * (exclusive).  Its holder is a process (its thread group) for a POSIX
 * lock, an open file description (struct file) for an OFD lock.  One
 * holder's locks never conflict with each other: a new one replaces what
 * it held in the range, splitting older locks, and adjacent ones of one
 * type merge - so F_GETLK reports the ranges Linux would.  Different
 * holders conflict whatever their kinds: a process's POSIX lock and an
 * OFD lock of a description it uses, or two descriptions of one file that
 * two threads opened.  Closing any descriptor of the inode releases all
 * of the process's POSIX locks on it, and so does its exit; an OFD lock
 * goes with the last close of its description (fork and dup share it).
 * F_SETLKW sleeps until the range is free, unless the holder it waits for
 * is itself waiting (directly or along a chain) for the caller: then it
 * fails with EDEADLK, as Linux detects - only for POSIX requests, and a
 * chain passes only through waiters held up by POSIX locks (Linux's
 * blocked list).  A fixed table (NLOCKS) bounds the kernel memory locks
 * take: beyond it, ENOLCK.  flock(2)'s whole-file locks are the file
 * layer's (fs/flock.c); only their system call is here.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define NLOCKS    256
#define OFF_MAX   0x7FFFFFFFFFFFFFFFll
#define EDEADLK   35
#define ENOLCK    37

/* Who holds a lock: exactly one of the two is set. */
struct holder {
	int tgid;                 /* a POSIX lock's process */
	struct file *ofd;         /* an OFD lock's open file description */
};

struct lock {
	struct inode *ip;         /* null: a free slot */
	struct holder h;
	int type;                 /* F_RDLCK or F_WRLCK */
	int64_t start, end;       /* inclusive; end OFF_MAX: to the end of file */
};

struct flock32 {
	int16_t type, whence;
	int32_t start, len, pid;
};

struct flock64 {
	int16_t type, whence;
	int64_t start, len;
	int32_t pid;
} __attribute__((packed, aligned(4)));

static struct lock locks[NLOCKS];
static int nofd;                  /* OFD locks held: last closes skip the scan at 0 */
static char lock_chan;            /* woken whenever a lock goes */

static int same(struct holder a, struct holder b)
{
	return a.tgid == b.tgid && a.ofd == b.ofd;
}

static int overlaps(const struct lock *l, struct inode *ip, int64_t s, int64_t e)
{
	return l->ip == ip && l->start <= e && s <= l->end;
}

/* Another holder's lock in the way of (type, range), or null: the one
 * that starts first, as F_GETLK reports it on Linux (which keeps each
 * inode's locks sorted by start). */
static struct lock *conflict(struct inode *ip, struct holder h, int type, int64_t s, int64_t e)
{
	struct lock *first = 0;

	for (int i = 0; i < NLOCKS; i++) {
		struct lock *l = &locks[i];

		if (overlaps(l, ip, s, e) && !same(l->h, h) &&
		    (type == F_WRLCK || l->type == F_WRLCK) && (!first || l->start < first->start))
			first = l;
	}
	return first;
}

static void put_lock(struct lock *l, struct inode *ip, struct holder h, int type,
                     int64_t s, int64_t e)
{
	*l = (struct lock){ ip, h, type, s, e };
	nofd += h.ofd != 0;
}

static void drop_lock(struct lock *l)
{
	nofd -= l->h.ofd != 0;
	l->ip = 0;
}

static struct lock *new_lock(struct inode *ip, struct holder h, int type, int64_t s, int64_t e)
{
	for (int i = 0; i < NLOCKS; i++)
		if (!locks[i].ip) {
			put_lock(&locks[i], ip, h, type, s, e);
			return &locks[i];
		}
	return 0;
}

static int free_slots(void)
{
	int n = 0;

	for (int i = 0; i < NLOCKS; i++)
		n += !locks[i].ip;
	return n;
}

/* Take [s, e] out of h's locks on ip (splitting one may take a slot,
 * which the caller made sure of). */
static void cut(struct inode *ip, struct holder h, int64_t s, int64_t e)
{
	for (int i = 0; i < NLOCKS; i++) {
		struct lock *l = &locks[i];

		if (!overlaps(l, ip, s, e) || !same(l->h, h))
			continue;
		if (l->start < s && l->end > e)
			new_lock(ip, h, l->type, e + 1, l->end);
		if (l->start < s)
			l->end = s - 1;
		else if (l->end > e)
			l->start = e + 1;
		else
			drop_lock(l);
	}
	wakeup(&lock_chan);
}

/* Do a and b, of one holder and type, touch or overlap? */
static int adjoin(const struct lock *a, const struct lock *b)
{
	return a->start <= (b->end == OFF_MAX ? OFF_MAX : b->end + 1) &&
	       b->start <= (a->end == OFF_MAX ? OFF_MAX : a->end + 1);
}

/* Merge h's locks on ip of one type that touch or overlap. */
static void merge(struct inode *ip, struct holder h)
{
	for (int again = 1; again; ) {
		again = 0;
		for (int i = 0; i < NLOCKS; i++)
			for (int j = 0; j < NLOCKS; j++) {
				struct lock *a = &locks[i], *b = &locks[j];

				if (i == j || a->ip != ip || b->ip != ip || !same(a->h, h) ||
				    !same(b->h, h) || a->type != b->type || !adjoin(a, b))
					continue;
				a->start = a->start < b->start ? a->start : b->start;
				a->end = a->end > b->end ? a->end : b->end;
				drop_lock(b);
				again = 1;
			}
	}
}

/* Drop every lock of holder h (on ip only, unless null); waiters look
 * again if any went. */
static void release(struct holder h, struct inode *ip)
{
	int dropped = 0;

	for (int i = 0; i < NLOCKS; i++)
		if (locks[i].ip && same(locks[i].h, h) && (!ip || locks[i].ip == ip)) {
			drop_lock(&locks[i]);
			dropped = 1;
		}
	if (dropped)
		wakeup(&lock_chan);
}

void locks_release(int owner, struct inode *ip)
{
	release((struct holder){ owner, 0 }, ip);
}

void ofd_locks_release(struct file *f)
{
	if (nofd)
		release((struct holder){ 0, f }, 0);
}

/* The process a sleeping F_SETLKW of process `owner` waits for, or 0
 * (only POSIX requests held up by POSIX locks are recorded). */
static int blocker_of(int owner)
{
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->lock_owner == owner)
			return proc_table[i]->lock_blocker;
	return 0;
}

/* Would waiting for `blocker` close a circle back to `owner`?  The chain
 * follows the sleepers held up by POSIX locks, as Linux's does (at most
 * one step per process). */
static int deadlock(int owner, int blocker)
{
	for (int steps = 0; steps <= proc_slots && blocker; steps++) {
		if (blocker == owner)
			return 1;
		blocker = blocker_of(blocker);
	}
	return 0;
}

/* F_SETLKW: sleep while another holder has part of the range.  Only a
 * POSIX request looks for a deadlock (Linux: OFD locks have no owning
 * process to follow), and only a wait on a POSIX lock joins the chain. */
static int wait_for_range(struct inode *ip, struct holder h, int type, int64_t s, int64_t e)
{
	struct proc *p = curproc;
	struct lock *l;

	while ((l = conflict(ip, h, type, s, e)) != 0) {
		if (!h.ofd && deadlock(h.tgid, l->h.tgid))
			return -EDEADLK;
		if (proc_signal_pending())
			return -ERESTARTSYS;
		if (!h.ofd && !l->h.ofd) {
			p->lock_owner = h.tgid;
			p->lock_blocker = l->h.tgid;
		}
		sleep_on(&lock_chan, 0);
		p->lock_owner = p->lock_blocker = 0;
	}
	return 0;
}

/* The byte range of a flock: [*s, *e], or -EINVAL. */
static int range_of(struct file *f, int whence, int64_t start, int64_t len,
                    int64_t *s, int64_t *e)
{
	struct kstat st;

	if (whence == SEEK_CUR)
		start += (int64_t)f->pos;
	else if (whence == SEEK_END)
		start += vfs_fstat(f, &st) == 0 ? (int64_t)st.size : 0;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (len < 0) {
		start += len;
		len = -len;
	}
	if (start < 0)
		return -EINVAL;
	*s = start;
	*e = len ? start + len - 1 : OFF_MAX;
	return 0;
}

/* One fcntl lock request, whatever the width of the caller's struct. */
struct lock_req {
	int type, whence, pid;
	int64_t start, len;
};

static long set_lock(struct file *f, struct holder h, struct lock_req *q,
                     int64_t s, int64_t e, int wait)
{
	int type = q->type, acc = f->flags & O_ACCMODE, rc;

	if ((type == F_RDLCK && acc == O_WRONLY) || (type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	if (h.ofd && q->pid != 0)
		return -EINVAL;          /* Linux keeps l_pid for later use */
	if (type == F_UNLCK) {
		if (free_slots() < 1)
			return -ENOLCK;
		cut(f->inode, h, s, e);
		return 0;
	}
	if (type != F_RDLCK && type != F_WRLCK)
		return -EINVAL;
	if (!wait && conflict(f->inode, h, type, s, e))
		return -EAGAIN;
	rc = wait ? wait_for_range(f->inode, h, type, s, e) : 0;
	if (rc)
		return rc;
	if (free_slots() < 2)
		return -ENOLCK;
	cut(f->inode, h, s, e);
	new_lock(f->inode, h, type, s, e);
	merge(f->inode, h);
	return 0;
}

/* F_GETLK: the first lock in the way, or F_UNLCK; an OFD lock's pid
 * is -1, as Linux reports it. */
static void get_lock(struct file *f, struct holder h, struct lock_req *q,
                     int64_t *s, int64_t *e)
{
	struct lock *l = conflict(f->inode, h, q->type, *s, *e);

	if (!l) {
		q->type = F_UNLCK;
		return;
	}
	q->type = l->type;
	*s = l->start;
	*e = l->end;
	q->pid = l->h.ofd ? -1 : l->h.tgid;
}

/* A set or get request on q, in Linux's order of checks; a get leaves
 * the conflicting lock in q (whence SEEK_SET) or type F_UNLCK. */
static long lock_op(struct file *f, int getlk, int wait, int ofd, struct lock_req *q)
{
	struct holder h = { ofd ? 0 : curproc->tgid, ofd ? f : 0 };
	int64_t s, e;
	int rc;

	if (getlk && q->type != F_RDLCK && q->type != F_WRLCK)
		return -EINVAL;
	if ((rc = range_of(f, q->whence, q->start, q->len, &s, &e)))
		return rc;
	if (!getlk)
		return set_lock(f, h, q, s, e, wait);
	if (ofd && q->pid != 0)
		return -EINVAL;
	get_lock(f, h, q, &s, &e);
	if (q->type != F_UNLCK) {
		q->whence = SEEK_SET;
		q->start = s;
		q->len = e == OFF_MAX ? 0 : e - s + 1;
	}
	return 0;
}

static long lock32(struct file *f, int cmd, uint32_t arg)
{
	struct flock32 fl;
	struct lock_req q = { 0 };
	long rc;

	if (copy_from_user(&fl, (void *)arg, sizeof(fl)))
		return -EFAULT;
	q.type = fl.type;
	q.whence = fl.whence;
	q.start = fl.start;
	q.len = fl.len;
	rc = lock_op(f, cmd == F_GETLK, cmd == F_SETLKW, 0, &q);
	if (rc || cmd != F_GETLK)
		return rc;
	fl.type = q.type;
	if (q.type != F_UNLCK) {
		if (q.start > 0x7FFFFFFF)
			return -EOVERFLOW;
		fl.whence = SEEK_SET;
		fl.start = (int32_t)q.start;
		fl.len = (int32_t)q.len;
		fl.pid = q.pid;
	}
	return copy_to_user((void *)arg, &fl, sizeof(fl)) ? -EFAULT : 0;
}

/* The flock64 commands: F_[GS]ETLK*64 and all the F_OFD_* ones. */
static long lock64(struct file *f, int cmd, uint32_t arg)
{
	int getlk = cmd == F_GETLK64 || cmd == F_OFD_GETLK;
	struct flock64 fl;
	struct lock_req q = { 0 };
	long rc;

	if (copy_from_user(&fl, (void *)arg, sizeof(fl)))
		return -EFAULT;
	q.type = fl.type;
	q.whence = fl.whence;
	q.start = fl.start;
	q.len = fl.len;
	q.pid = fl.pid;
	rc = lock_op(f, getlk, cmd == F_SETLKW64 || cmd == F_OFD_SETLKW,
	             cmd >= F_OFD_GETLK, &q);
	if (rc || !getlk)
		return rc;
	fl.type = q.type;
	if (q.type != F_UNLCK) {
		fl.whence = SEEK_SET;
		fl.start = q.start;
		fl.len = q.len;
		fl.pid = q.pid;
	}
	return copy_to_user((void *)arg, &fl, sizeof(fl)) ? -EFAULT : 0;
}

long file_lock(struct file *f, int cmd, uint32_t arg)
{
	if (!f->inode)
		return -EINVAL;          /* pipes have no byte ranges */
	if (cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW)
		return lock32(f, cmd, arg);
	return lock64(f, cmd, arg);
}

long sys_flock(int fd, int op)
{
	struct file *f = fd_get(fd);

	return f ? vfs_flock(f, op) : -EBADF;
}
