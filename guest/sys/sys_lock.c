/*
 * sys_lock.c - POSIX record locks: fcntl F_GETLK, F_SETLK and F_SETLKW
 * (and their 64-bit forms), as Linux keeps them.
 *
 * A lock is a byte range of an inode held by a process (its thread group)
 * for reading (shared) or writing (exclusive).  A process's locks never
 * conflict with each other: a new one replaces what it held in the range,
 * splitting older locks, and adjacent ones of one type merge - so F_GETLK
 * reports the ranges Linux would.  Closing any descriptor of the inode
 * releases all of the process's locks on it, and so does its exit.
 * F_SETLKW sleeps until the range is free, unless the owner it waits for
 * is itself waiting (directly or along a chain) for the caller: then it
 * fails with EDEADLK, as Linux detects.  A fixed table (NLOCKS) bounds
 * the kernel memory locks take: beyond it, ENOLCK.  flock(2)'s whole-file
 * locks, which belong to open files rather than processes, are the file
 * layer's (fs/flock.c); only their system call is here.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define NLOCKS    256
#define OFF_MAX   0x7FFFFFFFFFFFFFFFll
#define EDEADLK   35
#define ENOLCK    37

struct lock {
	struct inode *ip;         /* null: a free slot */
	int owner;                /* the tgid */
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
static char lock_chan;            /* woken whenever a lock goes */

static int overlaps(const struct lock *l, struct inode *ip, int64_t s, int64_t e)
{
	return l->ip == ip && l->start <= e && s <= l->end;
}

/* Another owner's lock in the way of (type, range), or null: the one
 * that starts first, as F_GETLK reports it on Linux (which keeps each
 * owner's locks sorted by start). */
static struct lock *conflict(struct inode *ip, int owner, int type, int64_t s, int64_t e)
{
	struct lock *first = 0;

	for (int i = 0; i < NLOCKS; i++) {
		struct lock *l = &locks[i];

		if (overlaps(l, ip, s, e) && l->owner != owner &&
		    (type == F_WRLCK || l->type == F_WRLCK) && (!first || l->start < first->start))
			first = l;
	}
	return first;
}

static struct lock *new_lock(struct inode *ip, int owner, int type, int64_t s, int64_t e)
{
	for (int i = 0; i < NLOCKS; i++)
		if (!locks[i].ip) {
			locks[i] = (struct lock){ ip, owner, type, s, e };
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

/* Take [s, e] out of owner's locks on ip (splitting one may take a slot,
 * which the caller made sure of). */
static void cut(struct inode *ip, int owner, int64_t s, int64_t e)
{
	for (int i = 0; i < NLOCKS; i++) {
		struct lock *l = &locks[i];

		if (!overlaps(l, ip, s, e) || l->owner != owner)
			continue;
		if (l->start < s && l->end > e)
			new_lock(ip, owner, l->type, e + 1, l->end);
		if (l->start < s)
			l->end = s - 1;
		else if (l->end > e)
			l->start = e + 1;
		else
			l->ip = 0;
	}
	wakeup(&lock_chan);
}

/* Merge owner's locks on ip of one type that touch or overlap. */
static void merge(struct inode *ip, int owner)
{
	for (int again = 1; again; ) {
		again = 0;
		for (int i = 0; i < NLOCKS; i++)
			for (int j = 0; j < NLOCKS; j++) {
				struct lock *a = &locks[i], *b = &locks[j];

				if (i == j || a->ip != ip || b->ip != ip || a->owner != owner ||
				    b->owner != owner || a->type != b->type ||
				    a->start > (b->end == OFF_MAX ? OFF_MAX : b->end + 1) ||
				    b->start > (a->end == OFF_MAX ? OFF_MAX : a->end + 1))
					continue;
				a->start = a->start < b->start ? a->start : b->start;
				a->end = a->end > b->end ? a->end : b->end;
				b->ip = 0;
				again = 1;
			}
	}
}

void locks_release(int owner, struct inode *ip)
{
	for (int i = 0; i < NLOCKS; i++)
		if (locks[i].ip && locks[i].owner == owner && (!ip || locks[i].ip == ip))
			locks[i].ip = 0;
	wakeup(&lock_chan);
}

/* The owner that a sleeping F_SETLKW of `owner` waits for, or 0. */
static int blocker_of(int owner)
{
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->lock_owner == owner)
			return proc_table[i]->lock_blocker;
	return 0;
}

/* Would waiting for `blocker` close a circle back to `owner`?  (A chain
 * is at most one step per process.) */
static int deadlock(int owner, int blocker)
{
	for (int steps = 0; steps <= proc_slots && blocker; steps++) {
		if (blocker == owner)
			return 1;
		blocker = blocker_of(blocker);
	}
	return 0;
}

/* F_SETLKW: sleep while another owner holds part of the range. */
static int wait_for_range(struct inode *ip, int owner, int type, int64_t s, int64_t e)
{
	struct proc *p = curproc;
	struct lock *l;

	while ((l = conflict(ip, owner, type, s, e)) != 0) {
		if (deadlock(owner, l->owner))
			return -EDEADLK;
		if (proc_signal_pending())
			return -ERESTARTSYS;
		p->lock_owner = owner;
		p->lock_blocker = l->owner;
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

static long set_lock(struct file *f, int type, int64_t s, int64_t e, int wait)
{
	int owner = curproc->tgid, acc = f->flags & O_ACCMODE, rc;

	if ((type == F_RDLCK && acc == O_WRONLY) || (type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	if (type == F_UNLCK) {
		if (free_slots() < 1)
			return -ENOLCK;
		cut(f->inode, owner, s, e);
		return 0;
	}
	if (type != F_RDLCK && type != F_WRLCK)
		return -EINVAL;
	if (!wait && conflict(f->inode, owner, type, s, e))
		return -EAGAIN;
	rc = wait ? wait_for_range(f->inode, owner, type, s, e) : 0;
	if (rc)
		return rc;
	if (free_slots() < 2)
		return -ENOLCK;
	cut(f->inode, owner, s, e);
	new_lock(f->inode, owner, type, s, e);
	merge(f->inode, owner);
	return 0;
}

/* F_GETLK: the first lock in the way, or F_UNLCK. */
static int get_lock(struct file *f, int *type, int64_t *s, int64_t *e, int *pid)
{
	struct lock *l;

	if (*type != F_RDLCK && *type != F_WRLCK)
		return -EINVAL;
	l = conflict(f->inode, curproc->tgid, *type, *s, *e);
	if (!l) {
		*type = F_UNLCK;
		return 0;
	}
	*type = l->type;
	*s = l->start;
	*e = l->end;
	*pid = l->owner;
	return 0;
}

/* One fcntl lock request, whatever the width of the caller's struct. */
struct lock_req {
	int type, whence, pid;
	int64_t start, len;
};

/* F_SETLK(W) or F_GETLK on q; for F_GETLK, q becomes the conflicting lock
 * (whence SEEK_SET) or type F_UNLCK. */
static long lock_op(struct file *f, int getlk, int wait, struct lock_req *q)
{
	int64_t s, e;
	int rc = range_of(f, q->whence, q->start, q->len, &s, &e);

	if (rc)
		return rc;
	if (!getlk)
		return set_lock(f, q->type, s, e, wait);
	if ((rc = get_lock(f, &q->type, &s, &e, &q->pid)))
		return rc;
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
	rc = lock_op(f, cmd == F_GETLK, cmd == F_SETLKW, &q);
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

static long lock64(struct file *f, int cmd, uint32_t arg)
{
	struct flock64 fl;
	struct lock_req q = { 0 };
	long rc;

	if (copy_from_user(&fl, (void *)arg, sizeof(fl)))
		return -EFAULT;
	q.type = fl.type;
	q.whence = fl.whence;
	q.start = fl.start;
	q.len = fl.len;
	rc = lock_op(f, cmd == F_GETLK64, cmd == F_SETLKW64, &q);
	if (rc || cmd != F_GETLK64)
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
