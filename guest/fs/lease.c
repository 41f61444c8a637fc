/*
 * lease.c - file leases (fcntl F_SETLEASE / F_GETLEASE), as Linux keeps
 * them: an open regular file's promise that its holder is told before
 * anyone else opens the file in a conflicting way.
 *
 * A lease belongs to an open file description and goes with F_UNLCK or
 * its last close.  A read lease needs the file open for writing nowhere
 * (so only on an O_RDONLY description); a write lease needs the file open
 * nowhere but in the holder's description, and no other lease; nothing
 * new while a lease of another is being broken (EAGAIN otherwise).
 *
 * Breaking: an open for writing (or truncate(2)) conflicts with every
 * lease, an open for reading with write leases.  The breaker sends the
 * holder SIGIO (or its F_SETSIG signal, with si_code POLL_MSG and si_fd)
 * and waits until the holder has given up the lease (F_UNLCK, or F_RDLCK
 * where a reader broke it) or lease-break-time seconds have passed, when
 * the kernel does it instead; a breaker with O_NONBLOCK gets EWOULDBLOCK
 * at once (the break goes on).  The wait ends with a signal (restartable).
 * A fixed table bounds the kernel memory: beyond it, ENOLCK.
 */
#include "fs/fs.h"
#include "lib/klib.h"

#define NLEASES         64
#define ENOLCK          37

static struct lease {
	struct file *f;              /* null: a free slot */
	int fd;                      /* si_fd of the break's signal */
	int type;                    /* F_RDLCK or F_WRLCK */
	int target;                  /* being broken to F_RDLCK or F_UNLCK; else -1 */
	uint64_t deadline;           /* ... and then the kernel does it */
} leases[NLEASES];
static int nleases;              /* slots in use: opens skip the scan at 0 */

/* How long a lease holder has before the kernel breaks the lease itself:
 * Linux's default, set through /proc/sys/fs/lease-break-time. */
int lease_break_time = 45;

static struct lease *lease_of(const struct file *f)
{
	for (int i = 0; nleases && i < NLEASES; i++)
		if (leases[i].f == f)
			return &leases[i];
	return 0;
}

static void drop(struct lease *l)
{
	proc_wakeup(l->f->inode);    /* breakers look again */
	l->f = 0;
	nleases--;
}

void lease_release(struct file *f)
{
	struct lease *l = lease_of(f);

	if (l)
		drop(l);
}

/* Linux's check_conflicting_open, and the other holders' leases. */
static int may_lease(struct file *f, int type)
{
	struct inode *ip = f->inode;
	int acc = f->flags & O_ACCMODE, self_w = acc != O_RDONLY;

	if (type == F_RDLCK ? ip->writers > 0
	                    : ip->writers != self_w || ip->readers != !self_w)
		return -EAGAIN;
	for (int i = 0; i < NLEASES; i++) {
		struct lease *l = &leases[i];

		if (l->f && l->f != f && l->f->inode == ip &&
		    (type == F_WRLCK || l->type == F_WRLCK || l->target >= 0))
			return -EAGAIN;
	}
	return 0;
}

static int set_lease(struct file *f, int fd, int type)
{
	struct lease *l = lease_of(f);
	int err;

	if (type == F_UNLCK) {
		if (!l)
			return -EAGAIN;
		drop(l);
		return 0;
	}
	if (type != F_RDLCK && type != F_WRLCK)
		return -EINVAL;
	if ((err = may_lease(f, type)))
		return err;
	for (int i = 0; !l && i < NLEASES; i++)
		if (!leases[i].f) {
			l = &leases[i];
			*l = (struct lease){ .f = f, .target = -1 };
			nleases++;
		}
	if (!l)
		return -ENOLCK;
	l->fd = fd;
	l->type = type;
	if (l->target == F_RDLCK)    /* the downgrade a reader waited for */
		l->target = -1;
	if (!f->owner_pid) {         /* the break's signal comes to the holder */
		f->owner_type = F_OWNER_PID;
		f->owner_pid = proc_self();
	}
	proc_wakeup(f->inode);
	return 0;
}

/* F_SETLEASE and F_GETLEASE (what is held, or what a break waits for). */
int vfs_lease(struct file *f, int fd, int cmd, int type)
{
	struct lease *l;

	if (cmd == F_GETLEASE) {
		l = lease_of(f);
		return !l ? F_UNLCK : l->target >= 0 ? l->target : l->type;
	}
	if (!f->inode || f->inode->type != I_REG || f->inode->gen)
		return -EINVAL;
	return set_lease(f, fd, type);
}

/* The time is up: the kernel gives the lease up in the holder's place. */
static void expire(struct lease *l)
{
	if (l->target == F_RDLCK) {
		l->type = F_RDLCK;
		l->target = -1;
	} else {
		drop(l);
	}
}

/* Start (or widen) the break of lease l for an opener; the holder is told. */
static void start_break(struct lease *l, int want_write, uint64_t now)
{
	int target = want_write ? F_UNLCK : F_RDLCK;

	if (l->target == F_UNLCK || l->target == target)
		return;
	if (l->target < 0)
		l->deadline = now + (uint64_t)lease_break_time * 1000000000ull;
	l->target = target;
	proc_send_sigio(l->f->owner_type, l->f->owner_pid, l->f->owner_sig, l->fd, POLL_MSG);
}

/* Leases of ip in the way of an open with flags: each is broken; the
 * earliest deadline, or 0 if none is in the way. */
static uint64_t in_the_way(struct inode *ip, int want_write)
{
	uint64_t now = proc_clock_ns(), first = 0;

	for (int i = 0; i < NLEASES; i++) {
		struct lease *l = &leases[i];

		if (!l->f || l->f->inode != ip || (!want_write && l->type == F_RDLCK))
			continue;
		if (l->target >= 0 && now >= l->deadline) {
			expire(l);
			if (!l->f || !want_write)
				continue;
		}
		start_break(l, want_write, now);
		if (!first || l->deadline < first)
			first = l->deadline;
	}
	return first;
}

int vfs_lease_break(struct inode *ip, uint32_t flags)
{
	int want_write = (flags & O_ACCMODE) != O_RDONLY;
	uint64_t deadline;

	while (nleases && (deadline = in_the_way(ip, want_write)) != 0) {
		if (flags & O_NONBLOCK)
			return -EAGAIN;      /* EWOULDBLOCK */
		proc_sleep_until(ip, deadline);
		if (proc_signal_pending())
			return -ERESTARTSYS;
	}
	return 0;
}
