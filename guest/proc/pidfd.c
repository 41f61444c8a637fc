/*
 * pidfd.c - pidfd_open: a file descriptor that names a process (a thread
 * group) rather than a pid number.
 *
 * The file remembers the process by its pid and the time it started: a
 * pid may be used again once the process is collected, the pair is not,
 * and both carry over when exec makes another thread the leader
 * (exit.c's take_leadership).  So a pidfd keeps naming its process for as
 * long as it exists and nothing after it.  poll says POLLIN once the
 * process has ended (its last thread is gone; exit.c wakes the poll
 * channel then) and POLLIN | POLLHUP once it has been collected, as
 * Linux does.  waitid's P_PIDFD (exit.c) and pidfd_send_signal
 * (sys_signal.c) find the process through pidfd_proc.  Reading or writing
 * a pidfd is EINVAL; it is always close-on-exec.
 */
#include "proc/proc.h"
#include "fs/fs.h"              /* file_alloc and the default file ops */
#include "fs/vfs_abi.h"         /* POLLRDNORM */
#include "kern/kmalloc.h"
#include "sys/syscalls.h"
#include "lib/klib.h"

struct pidfd {
	int pid;
	uint64_t start_ns;          /* with pid: this process, not a later one */
};

static int pidfd_no_io(struct file *f, char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -EINVAL;
}

static int pidfd_no_write(struct file *f, const char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -EINVAL;
}

static int pidfd_poll(struct file *f)
{
	struct proc *p = pidfd_proc(f);

	if (!p)
		return POLLIN | POLLRDNORM | POLLHUP;
	if (p->state == P_ZOMBIE && p->nthreads == 0)
		return POLLIN | POLLRDNORM;
	return 0;
}

static void pidfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops pidfd_ops = {
	.read = pidfd_no_io,
	.write = pidfd_no_write,
	.ioctl = file_no_ioctl,
	.poll = pidfd_poll,
	.getdents64 = file_no_getdents,
	.release = pidfd_release,
};

int pidfd_file(struct file *f)
{
	return f && f->ops == &pidfd_ops;
}

/* The group leader the pidfd names, zombie or not; null once collected. */
struct proc *pidfd_proc(struct file *f)
{
	struct pidfd *pf = f->priv;
	struct proc *p = proc_find(pf->pid);

	if (!p || p->leader != p || p->start_ns != pf->start_ns)
		return 0;
	return p;
}

/*
 * flags: 0 or O_NONBLOCK (a P_PIDFD waitid that would wait is EAGAIN).
 * The pid must name a process that has started (not one fork is still
 * making) and lead its thread group: Linux says ENOENT for another
 * thread, which only PIDFD_THREAD (not kept here) may name.
 */
long sys_pidfd_open(int pid, uint32_t flags)
{
	struct proc *p;
	struct pidfd *pf;
	struct file *f;
	int fd;

	if ((flags & ~(uint32_t)O_NONBLOCK) || pid <= 0)
		return -EINVAL;
	p = proc_find(pid);
	if (!p || p->state == P_EMBRYO)
		return -ESRCH;
	if (p->leader != p)
		return -ENOENT;
	pf = kmalloc(sizeof(*pf));
	f = pf ? file_alloc(&pidfd_ops, 0, O_RDWR | (flags & O_NONBLOCK)) : 0;
	if (!f) {
		kfree(pf);
		return -ENOMEM;
	}
	pf->pid = p->pid;
	pf->start_ns = p->start_ns;
	f->priv = pf;
	fd = fd_install(f, 0, 1);
	if (fd < 0)
		file_put(f);
	return fd;
}
