/*
 * exit.c - the end of a thread and of a process: exit (one thread),
 * exit_group (all of them), exec's ending of the other threads, and the
 * parent's side, wait4 and waitpid (which also report job-control stops
 * and continues, jobctl.c).
 *
 * An exiting thread drops its references to what it shares - files,
 * working directory, address space, handlers (share.c) - and stays a
 * zombie.  A thread other than the leader is freed as soon as it is off
 * its stack.  The leader stays, with the group's wait status, until its
 * last thread is gone and its parent collects it; only its slot and
 * kernel stack are freed then.  Its children go to init (pid 1).  A parent that ignores SIGCHLD
 * (or set SA_NOCLDWAIT) never waits, so such zombies are freed by the
 * scheduler as soon as they are off their stack.  When init itself exits,
 * the guest is over: the kernel powers off with init's exit status.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "ipc/ipc.h"
#include "lib/klib.h"
#ifdef VMI_COUNTERS
#include "kernel.h"          /* counters_print */
#endif

void vfork_release(struct proc *p);

/* Children of group leader p go to init; init is woken if one is
 * already a zombie. */
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
	a = &parent->sighand->action[SIGCHLD];
	if (a->handler == SIG_IGN || (a->flags & SA_NOCLDWAIT))
		p->autoreap = 1;
	if (p->exit_signal) {
		memset(&info, 0, sizeof(info));
		info.code = (p->status & 0x7F) ? CLD_KILLED : CLD_EXITED;
		info.pid = p->pid;
		info.status = (p->status & 0x7F) ? (p->status & 0x7F) : (p->status >> 8);
		signal_send_group(parent, p->exit_signal, &info);
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

/* The thread's end as the ABI tells its thread library: clear_child_tid
 * zeroed and its futex woken (pthread_join waits on it). */
static void clear_tid(struct proc *p)
{
	uint32_t addr = p->clear_child_tid;

	p->clear_child_tid = 0;
	if (addr && copy_to_user((void *)addr, &(uint32_t){0}, 4) == 0)
		futex_wake(addr, 0, 1);
}

/* The last thread of a group is gone: the group's end for its parent. */
static void group_dead(struct proc *leader, struct proc *last)
{
	if (leader->group_exiting)
		leader->status = leader->group_status;
	leader->alarm_at = 0;
	locks_release(leader->pid, 0);
	sem_exit(leader->pid);              /* SEM_UNDO: the group's adjustments */
	reparent(leader);
	notify_parent(leader);
	/* The leader ended first and is off its stack: nobody else frees it. */
	if (leader != last && leader->autoreap)
		proc_free(leader);
}

void do_exit(int status)
{
	struct proc *p = curproc, *leader = p->leader;

	if (leader->group_exiting)
		status = leader->group_status;
	if (p->pid == 1) {
		vfs_shutdown();                  /* disks written back, marked clean */
#ifdef VMI_COUNTERS
		counters_print();
#endif
		vmi_shutdown(VMI_SHUTDOWN_POWEROFF, shutdown_code(status));
	}
	futex_robust_exit(p);
	clear_tid(p);
	vfork_release(p);
	files_put(p->files);
	fs_put(p->fs);
	mm_put(p->mm);
	sighand_put(p->sighand);
	p->files = 0;
	p->fs = 0;
	p->mm = 0;
	/* sighand stays named: the group's threads share it (CLONE_THREAD
	 * needs CLONE_SIGHAND), so it lives while any of them does, and a
	 * parent whose leader ended first is told of its children through
	 * it; once the whole group is gone nobody looks (children go to
	 * init, signals find no thread). */
	fpu_release(p);
	p->status = status;
	if (p != leader)
		p->autoreap = 1;                 /* a thread: nobody waits for it */
	p->state = P_ZOMBIE;
	wakeup(&leader->nthreads);           /* an exec waiting for the others */
	if (--leader->nthreads == 0)
		group_dead(leader, p);
	sched();
	panic("exit: a zombie ran again");
}

/* End every thread of the group with one status (exit_group, a fatal
 * signal): the others get SIGKILL and end as they next leave the kernel. */
void do_group_exit(int status)
{
	struct proc *p = curproc, *leader = p->leader;

	if (leader->dethreading && p != leader->dethreading)
		do_exit(status);                 /* an exec ends us, not the group */
	if (!leader->group_exiting) {
		leader->group_exiting = 1;
		leader->group_status = status;
		for (int i = 0; i < NPROC; i++) {
			struct proc *t = &proc_table[i];

			if (t != p && t->leader == leader && t->state != P_UNUSED &&
			    t->state != P_ZOMBIE)
				signal_send(t, SIGKILL, 0);
		}
	}
	do_exit(status);
}

/* exec from a thread that is not the leader: it becomes the leader, with
 * the leader's pid and the group's state; the old leader's slot goes. */
static void take_leadership(struct proc *p, struct proc *leader)
{
	int pid = leader->pid;

	p->parent = leader->parent;
	p->pgid = leader->pgid;
	p->sid = leader->sid;
	p->exit_signal = leader->exit_signal;
	p->alarm_at = leader->alarm_at;
	p->alarm_interval = leader->alarm_interval;
	memcpy(p->rlim, leader->rlim, sizeof(p->rlim));
	p->cred = leader->cred;
	p->shared_pending = leader->shared_pending;
	memcpy(p->shared_info, leader->shared_info, sizeof(p->shared_info));
	p->cutime_ticks = leader->cutime_ticks;
	p->cstime_ticks = leader->cstime_ticks;
	p->start_ns = leader->start_ns;
	p->nthreads = 1;
	p->autoreap = 0;
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED && proc_table[i].parent == leader)
			proc_table[i].parent = p;
	proc_free(leader);
	p->pid = p->tgid = pid;
	p->leader = p;
	procfs_pid_add(pid);
	cred_publish(p);
}

/*
 * exec in a threaded process: the other threads end (SIGKILL, as Linux
 * does) and the caller waits until they have.  A caller that is not the
 * leader then takes the leader's place and pid, so the process keeps its
 * pid across exec.
 */
void thread_group_dethread(void)
{
	struct proc *p = curproc, *leader = p->leader;

	if (leader->nthreads == 1 && p == leader)
		return;
	leader->dethreading = p;
	for (int i = 0; i < NPROC; i++) {
		struct proc *t = &proc_table[i];

		if (t != p && t->leader == leader && t->state != P_UNUSED &&
		    t->state != P_ZOMBIE)
			signal_send(t, SIGKILL, 0);
	}
	while (leader->nthreads > 1)
		sleep_on(&leader->nthreads, 0);
	p->sig_pending &= ~(1ull << (SIGKILL - 1));
	leader->dethreading = 0;
	if (p != leader)
		take_leadership(p, leader);
}

long sys_exit(int code)
{
	do_exit((code & 0xFF) << 8);
}

long sys_exit_group(int code)
{
	do_group_exit((code & 0xFF) << 8);
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

/* A stopped or continued child (WUNTRACED, WCONTINUED): it stays. */
static int report(struct proc *c, int status, uint32_t ustatus, uint32_t urusage)
{
	uint32_t rusage[18];

	memset(rusage, 0, sizeof(rusage));
	if (ustatus && copy_to_user((void *)ustatus, &status, 4))
		return -EFAULT;
	if (urusage && copy_to_user((void *)urusage, rusage, sizeof(rusage)))
		return -EFAULT;
	return c->pid;
}

long sys_wait4(int pid, uint32_t ustatus, uint32_t options, uint32_t urusage)
{
	for (;;) {
		int children = 0, st;

		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &proc_table[i];

			if (c->state == P_UNUSED || c->parent != curproc->leader ||
			    c->leader != c || c->autoreap || !wait_matches(c, pid))
				continue;
			children = 1;
			if (c->state == P_ZOMBIE && c->nthreads == 0)
				return reap(c, ustatus, urusage);
			if (c->nthreads > 0 && (st = jobctl_wait_status(c, options)) >= 0)
				return report(c, st, ustatus, urusage);
		}
		if (!children)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (proc_signal_pending())
			return -ERESTARTSYS;
		sleep_on(curproc->leader, 0);
	}
}

long sys_waitpid(int pid, uint32_t ustatus, uint32_t options)
{
	return sys_wait4(pid, ustatus, options, 0);
}
