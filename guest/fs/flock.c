/*
 * flock.c - BSD whole-file locks (flock(2)), as Linux keeps them.
 *
 * A lock belongs to an open file description (struct file): descriptors
 * made from it by dup or fork share it, and it goes when its last
 * reference is closed (file_put calls flock_release) or with LOCK_UN.
 * Locks of one description never conflict with each other; a shared lock
 * conflicts with another description's exclusive one, an exclusive lock
 * with any.  Converting a lock takes the old one away first, as Linux
 * does, so a waiter may get in between.  A blocking request sleeps until
 * the file's locks change, restartably on a signal.  They are independent
 * of POSIX record locks (sys_lock.c).  A fixed table bounds the kernel
 * memory they take: beyond it, ENOLCK.
 */
#include "fs/fs.h"
#include "lib/klib.h"

#define NFLOCKS  128
#define LOCK_SH  1
#define LOCK_EX  2
#define LOCK_NB  4
#define LOCK_UN  8
#define ENOLCK   37

static struct flock_entry {
	struct inode *ip;           /* null: a free slot (no reference held:
	                               the file's own keeps the inode) */
	struct file *f;
	int exclusive;
} flocks[NFLOCKS];
static int nheld;               /* slots in use: closes skip the scan at 0 */

static struct flock_entry *held_by(struct file *f)
{
	for (int i = 0; nheld && i < NFLOCKS; i++)
		if (flocks[i].ip && flocks[i].f == f)
			return &flocks[i];
	return 0;
}

static int conflicts(struct file *f, int exclusive)
{
	for (int i = 0; i < NFLOCKS; i++) {
		struct flock_entry *e = &flocks[i];

		if (e->ip == f->inode && e->f != f && (exclusive || e->exclusive))
			return 1;
	}
	return 0;
}

static void drop(struct flock_entry *e)
{
	proc_wakeup(e->ip);         /* waiters for this file look again */
	e->ip = 0;
	e->f = 0;
	nheld--;
}

void flock_release(struct file *f)
{
	struct flock_entry *e = held_by(f);

	if (e)
		drop(e);
}

static int take(struct file *f, int exclusive)
{
	for (int i = 0; i < NFLOCKS; i++)
		if (!flocks[i].ip) {
			flocks[i] = (struct flock_entry){ f->inode, f, exclusive };
			nheld++;
			return 0;
		}
	return -ENOLCK;
}

int vfs_flock(struct file *f, int op)
{
	int kind = op & ~LOCK_NB, exclusive = kind == LOCK_EX;
	struct flock_entry *e;

	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
		return -EINVAL;
	if (!f->inode)
		return -EINVAL;         /* pipes and sockets of ours have no inode */
	e = held_by(f);
	if (e && e->exclusive == exclusive && kind != LOCK_UN)
		return 0;
	if (e)
		drop(e);
	if (kind == LOCK_UN)
		return 0;
	while (conflicts(f, exclusive)) {
		if (op & LOCK_NB)
			return -EAGAIN;     /* EWOULDBLOCK */
		if (proc_signal_pending())
			return -ERESTARTSYS;
		proc_sleep(f->inode);
	}
	return take(f, exclusive);
}
