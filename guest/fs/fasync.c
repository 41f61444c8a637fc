/*
 * fasync.c - the open files that want SIGIO (O_ASYNC, set by fcntl F_SETFL
 * or ioctl FIOASYNC), and noticing when I/O becomes possible on them.
 *
 * Every change of readiness wakes the poll channel (pipes, FIFOs, the tty
 * and sockets all do), and the process core then calls fasync_scan: each
 * registered file is polled, and its owner (F_SETOWN) signalled for what
 * has newly become possible - input or a hang-up (POLL_IN), output space
 * (POLL_OUT) - as Linux's kill_fasync does from the same places.  Draining
 * a file need not wake anybody, so after each system call the files'
 * readiness is taken again without a signal (fasync_refresh): the next
 * arrival is then new.  Nothing becomes ready without a wakeup, so no
 * arrival is missed that way.  A fixed table bounds what this costs:
 * beyond it, F_SETFL O_ASYNC fails with ENOMEM.
 */
#include "fs/fs.h"
#include "lib/klib.h"

#define NASYNC 64

static struct async {
	struct file *f;             /* null: a free slot (no reference: the
	                               last close takes it out) */
	int fd;                     /* si_fd: the descriptor O_ASYNC was set on */
	int seen;                   /* the poll bits at the last look */
} asyncs[NASYNC];
static int nasync;              /* slots in use: the hooks return at 0 */

static struct async *find(const struct file *f)
{
	for (int i = 0; nasync && i < NASYNC; i++)
		if (asyncs[i].f == f)
			return &asyncs[i];
	return 0;
}

int vfs_set_async(struct file *f, int fd, int on)
{
	struct async *a = find(f);

	if (!on) {
		if (a) {
			a->f = 0;
			nasync--;
		}
		f->flags &= ~(uint32_t)O_ASYNC;
		return 0;
	}
	for (int i = 0; !a && i < NASYNC; i++)
		if (!asyncs[i].f) {
			a = &asyncs[i];
			a->f = f;
			nasync++;
		}
	if (!a)
		return -ENOMEM;
	a->fd = fd;
	a->seen = f->ops->poll(f);
	f->flags |= O_ASYNC;
	return 0;
}

void fasync_forget(struct file *f)
{
	if (f->flags & O_ASYNC)
		vfs_set_async(f, 0, 0);
}

static void notify(struct async *a, int reason)
{
	struct file *f = a->f;

	proc_send_sigio(f->owner_type, f->owner_pid, f->owner_sig, a->fd, reason);
}

void fasync_scan(void)
{
	static int scanning;        /* a poll that wakes the channel itself */

	if (!nasync || scanning)
		return;
	scanning = 1;
	for (int i = 0; i < NASYNC; i++) {
		struct async *a = &asyncs[i];
		int now, gained;

		if (!a->f)
			continue;
		now = a->f->ops->poll(a->f);
		gained = now & ~a->seen;
		a->seen = now;
		if (gained & (POLLIN | POLLHUP))
			notify(a, POLL_IN);
		if (gained & POLLOUT)
			notify(a, POLL_OUT);
	}
	scanning = 0;
}

void fasync_refresh(void)
{
	for (int i = 0; nasync && i < NASYNC; i++)
		if (asyncs[i].f)
			asyncs[i].seen = asyncs[i].f->ops->poll(asyncs[i].f);
}
