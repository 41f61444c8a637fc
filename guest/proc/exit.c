/*
 * exit.c - the end of a process: exit and exit_group, and the parent's
 * side, wait4 and waitpid.
 *
 * An exiting process releases everything it can at once - files, working
 * directory, address space, FPU - and stays a zombie with its wait status
 * until its parent collects it; only its slot and kernel stack are freed
 * then.  Its children go to init (pid 1).  A parent that ignores SIGCHLD
 * (or set SA_NOCLDWAIT) never waits, so such zombies are freed by the
 * scheduler as soon as they are off their stack.  When init itself exits,
 * the guest is over: the kernel powers off with init's exit status.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#ifdef VMI_COUNTERS
#include "kernel.h"          /* counters_print */
#endif

void vfork_release(struct proc *p);

/* Children of p go to init; init is woken if one is already a zombie. */
static void reparent(struct proc *p)
{
	struct proc *init = proc_find(1);

	for (int i = 0; i < NPROC; i++) {
		struct proc *c = &proc_table[i];

		if (c->state == P_UNUSED || c->parent != p)
			continue;
		c->parent = init;
		if (c->state == P_ZOMBIE && init)
			wakeup(init);
	}
}

/* Tell the parent: SIGCHLD (or the clone exit signal) and a wakeup. */
static void notify_parent(struct proc *p)
{
	struct proc *parent = p->parent;
	struct linux_sigaction *a;
	struct ksiginfo info;

	if (!parent) {
		p->autoreap = 1;
		return;
	}
	a = &parent->sigact[SIGCHLD];
	if (a->handler == SIG_IGN || (a->flags & SA_NOCLDWAIT))
		p->autoreap = 1;
	if (p->exit_signal) {
		memset(&info, 0, sizeof(info));
		info.code = (p->status & 0x7F) ? CLD_KILLED : CLD_EXITED;
		info.pid = p->pid;
		info.status = (p->status & 0x7F) ? (p->status & 0x7F) : (p->status >> 8);
		signal_send(parent, p->exit_signal, &info);
	}
	wakeup(parent);
}

/* The guest's exit status for init's wait status: 0-255, as a shell
 * reports a child's (128 + the signal that killed it). */
static uint32_t shutdown_code(int status)
{
	if (status & 0x7F) {
		printf("kernel: init killed by signal %d\n", status & 0x7F);
		return 128 + (status & 0x7F);
	}
	return (status >> 8) & 0xFF;
}

void do_exit(int status)
{
	struct proc *p = curproc;

	if (p->pid == 1) {
		vfs_shutdown();                  /* disks written back, marked clean */
#ifdef VMI_COUNTERS
		counters_print();
#endif
		vmi_shutdown(VMI_SHUTDOWN_POWEROFF, shutdown_code(status));
	}
	if (p->clear_child_tid)
		copy_to_user((void *)p->clear_child_tid, &(uint32_t){0}, 4);
	vfork_release(p);
	fd_close_all(p);
	if (p->cwd)
		inode_put(p->cwd);
	p->cwd = 0;
	mm_activate(0);                      /* off the address space we free */
	mm_destroy(&p->mm);
	fpu_release(p);
	p->alarm_at = 0;
	reparent(p);
	p->status = status;
	notify_parent(p);
	p->state = P_ZOMBIE;
	sched();
	panic("exit: a zombie ran again");
}

long sys_exit(int code)
{
	do_exit((code & 0xFF) << 8);
}

/* Does child c match wait's pid argument? */
static int wait_matches(struct proc *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == curproc->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return 1;
}

/* Collect zombie c: status out, slot freed. */
static int reap(struct proc *c, uint32_t ustatus, uint32_t urusage)
{
	int pid = c->pid, status = c->status;
	uint32_t rusage[18];

	if (ustatus && copy_to_user((void *)ustatus, &status, 4))
		return -EFAULT;
	if (urusage) {
		memset(rusage, 0, sizeof(rusage));
		rusage[0] = c->utime_ticks / HZ;
		rusage[1] = (c->utime_ticks % HZ) * (1000000 / HZ);
		rusage[2] = c->stime_ticks / HZ;
		rusage[3] = (c->stime_ticks % HZ) * (1000000 / HZ);
		if (copy_to_user((void *)urusage, rusage, sizeof(rusage)))
			return -EFAULT;
	}
	curproc->cutime_ticks += c->utime_ticks + c->cutime_ticks;
	curproc->cstime_ticks += c->stime_ticks + c->cstime_ticks;
	proc_free(c);
	return pid;
}

long sys_wait4(int pid, uint32_t ustatus, uint32_t options, uint32_t urusage)
{
	for (;;) {
		int children = 0;

		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &proc_table[i];

			if (c->state == P_UNUSED || c->parent != curproc || c->autoreap ||
			    !wait_matches(c, pid))
				continue;
			children = 1;
			if (c->state == P_ZOMBIE)
				return reap(c, ustatus, urusage);
		}
		if (!children)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (proc_signal_pending())
			return -ERESTARTSYS;
		sleep_on(curproc, 0);
	}
}

long sys_waitpid(int pid, uint32_t ustatus, uint32_t options)
{
	return sys_wait4(pid, ustatus, options, 0);
}
