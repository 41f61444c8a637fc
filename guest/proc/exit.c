/*
 * exit.c - the end of a thread and of a process: exit (one thread),
 * exit_group (all of them), exec's ending of the other threads, and the
 * parent's side, wait4, waitpid and waitid (which also report job-control
 * stops and continues, jobctl.c; waitid's P_PIDFD names a pidfd, pidfd.c).
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
 * A fatal "core" signal first has its thread write the core file
 * (coredump.c) while the group's other threads wait at the top of
 * do_exit, their registers and the memory untouched.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "ipc/ipc.h"
#include "lib/klib.h"
#include <limits.h>
#ifdef VMI_COUNTERS
#include "kernel.h"          /* counters_print */
#endif

void vfork_release(struct proc *p);

/* Children of group leader p go to init; init is woken if one is
 * already a zombie. */
static void reparent(struct proc *p)
{
	struct proc *init = proc_find(1);

	for (int i = 0; i < proc_slots; i++) {
		struct proc *c = proc_table[i];

		if (!c || c->parent != p)
			continue;
		c->parent = init;
		if (c->state == P_ZOMBIE && init)
			wakeup(init);
	}
}

/* A wait status word as SIGCHLD's and waitid's si_code and si_status:
 * the exit code, or the signal that ended, stopped or continued it. */
static void status_siginfo(int status, int32_t *code, int32_t *si_status)
{
	if (status == 0xffff) {
		*code = CLD_CONTINUED;
		*si_status = SIGCONT;
	} else if ((status & 0xff) == 0x7f) {
		*code = CLD_STOPPED;
		*si_status = (status >> 8) & 0xff;
	} else if ((status & 0x7f) == 0) {
		*code = CLD_EXITED;
		*si_status = (status >> 8) & 0xff;
	} else {
		*code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		*si_status = status & 0x7f;
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
		status_siginfo(p->status, &info.code, &info.status);
		info.pid = p->pid;
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
	proc_wakeup(poll_channel());         /* its pidfds are readable now */
	/* The leader ended first and is off its stack: nobody else frees it. */
	if (leader != last && leader->autoreap)
		proc_free(leader);
}

void do_exit(int status)
{
	struct proc *p = curproc, *leader = p->leader;

	/* A core is being written: this thread's registers and the memory
	 * stay as they are until it is done (Linux's coredump_wait). */
	while (leader->dumper && leader->dumper != p)
		sleep_on(&leader->dumper, 0);
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

/* Start the group's end with this status: the other threads get SIGKILL
 * and end as they next leave the kernel.  0 if it had begun already, or
 * an exec ends the caller rather than the group. */
static int group_exit_begin(int status)
{
	struct proc *p = curproc, *leader = p->leader;

	if (leader->dethreading && p != leader->dethreading)
		return 0;
	if (leader->group_exiting)
		return 0;
	leader->group_exiting = 1;
	leader->group_status = status;
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t != p && t->leader == leader && t->state != P_UNUSED &&
		    t->state != P_ZOMBIE)
			signal_send(t, SIGKILL, 0);
	}
	return 1;
}

/* End every thread of the group with one status (exit_group, a fatal
 * signal). */
void do_group_exit(int status)
{
	group_exit_begin(status);
	do_exit(status);
}

/* A signal's default action: the group ends with sig as its status, and
 * for a "core" signal the thread that took it first writes the core -
 * the first to begin the group's end, as only one thread dumps in Linux.
 * The 0x80 bit (WCOREDUMP, CLD_DUMPED) says a core was written. */
void do_signal_exit(int sig, const struct ksiginfo *info)
{
	struct proc *p = curproc, *leader = p->leader;

	if (!group_exit_begin(sig) || !signal_dumps_core(sig))
		do_exit(sig);
	leader->dumper = p;
	if (coredump_write(sig, info))
		leader->group_status |= 0x80;
	leader->dumper = 0;
	wakeup(&leader->dumper);
	do_exit(sig);
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
	memcpy(p->cpu_timer, leader->cpu_timer, sizeof(p->cpu_timer));
	memcpy(p->cpu_interval, leader->cpu_interval, sizeof(p->cpu_interval));
	p->cpu_ticks = leader->cpu_ticks;
	memcpy(p->rlim, leader->rlim, sizeof(p->rlim));
	p->cred = leader->cred;
	p->persona = leader->persona;
	p->shared_pending = leader->shared_pending;
	memcpy(p->shared_info, leader->shared_info, sizeof(p->shared_info));
	p->shared_rtq = leader->shared_rtq;
	p->cutime_ticks = leader->cutime_ticks;
	p->cstime_ticks = leader->cstime_ticks;
	p->start_ns = leader->start_ns;
	p->nthreads = 1;
	p->autoreap = 0;
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->parent == leader)
			proc_table[i]->parent = p;
	leader->pid = 0;                     /* /proc/<pid>/ stays: the process goes on */
	proc_free(leader);
	p->pid = p->tgid = pid;
	p->leader = p;
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
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t != p && t->leader == leader && t->state != P_ZOMBIE)
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

/* ---- the parent's side: wait4, waitpid and waitid ----
 * wait4's pid argument and waitid's idtype and id both become a
 * wait_spec; one scan of the children serves both, and only what each
 * call hands back (a status word, a siginfo) differs. */

struct wait_spec {
	int idtype;                 /* P_ALL, P_PID, P_PGID or P_PIDFD */
	int id;                     /* the pid or the process group */
	struct file *pidfd;         /* P_PIDFD: the process it names (referenced) */
	uint32_t options;           /* WEXITED (wait4: always), WSTOPPED, WCONTINUED,
	                               WNOHANG, WNOWAIT */
};

/* What a wait found; all zero for nothing. */
struct wait_found {
	int pid;
	int status;                 /* the wait status word, as wait4 reports it */
	uint32_t uid;               /* the child's real uid (waitid's si_uid) */
	uint64_t utime, stime;      /* ticks, for the rusage: 0 for a stop or continue */
};

/* Is c a child of ours that wait w is for?  target: the process of a
 * P_PIDFD wait as it is now (null once collected). */
static int wait_matches(const struct wait_spec *w, struct proc *c, struct proc *target)
{
	if (c->state == P_UNUSED || c->parent != curproc->leader || c->leader != c ||
	    c->autoreap)
		return 0;
	if (w->idtype == P_PID)
		return c->pid == w->id;
	if (w->idtype == P_PGID)
		return c->pgid == w->id;
	if (w->idtype == P_PIDFD)
		return c == target;
	return 1;
}

static int found_child(struct proc *c, int status, struct wait_found *f)
{
	f->pid = c->pid;
	f->status = status;
	f->uid = proc_cred(c)->uid[ID_REAL];
	return c->pid;
}

/* Ended child c: its status and times (its own and its collected
 * children's, as Linux's RUSAGE_BOTH); its slot is freed unless WNOWAIT
 * leaves it for another wait. */
static int collect(struct proc *c, uint32_t options, struct wait_found *f)
{
	int pid = found_child(c, c->status, f);

	f->utime = c->utime_ticks + c->cutime_ticks;
	f->stime = c->stime_ticks + c->cstime_ticks;
	if (options & WNOWAIT)
		return pid;
	curproc->cutime_ticks += f->utime;
	curproc->cstime_ticks += f->stime;
	proc_free(c);
	proc_wakeup(poll_channel());         /* its pidfds say POLLHUP now */
	return pid;
}

/*
 * One look at the children: the pid of one with something to report
 * (described in *f), 0 if none has yet, -ECHILD if no child matches.  An
 * ended child counts only for a wait with WEXITED; a live one may still
 * stop, continue or end.
 */
static int wait_scan(const struct wait_spec *w, struct wait_found *f)
{
	struct proc *target = w->pidfd ? pidfd_proc(w->pidfd) : 0;
	int children = 0, st;

	for (int i = 0; i < proc_slots; i++) {
		struct proc *c = proc_table[i];

		if (!c || !wait_matches(w, c, target))
			continue;
		if (c->state == P_ZOMBIE && c->nthreads == 0) {
			if (w->options & WEXITED)
				return collect(c, w->options, f);
			continue;
		}
		children = 1;
		if ((st = jobctl_wait_status(c, w->options)) >= 0)
			return found_child(c, st, f);
	}
	return children ? 0 : -ECHILD;
}

/* Scan until a child reports (or, with WNOHANG, once). */
static long do_wait(const struct wait_spec *w, struct wait_found *f)
{
	for (;;) {
		int r = wait_scan(w, f);

		if (r != 0 || (w->options & WNOHANG))
			return r;
		if (proc_signal_pending())
			return -ERESTARTSYS;
		sleep_on(curproc->leader, 0);
	}
}

/* The struct rusage (18 longs) of a found child: its user and system
 * time; what else Linux counts there (memory, I/O, switches) stays 0. */
static int rusage_out(uint32_t urusage, const struct wait_found *f)
{
	uint32_t ru[18];

	if (!urusage)
		return 0;
	rusage_fill(ru, f->utime, f->stime, 0);
	return copy_to_user((void *)urusage, ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_wait4(int pid, uint32_t ustatus, uint32_t options, uint32_t urusage)
{
	struct wait_spec w = { P_ALL, pid, 0, options | WEXITED };
	struct wait_found f;
	long r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == INT_MIN)
		return -ESRCH;                   /* no group -INT_MIN */
	if (pid > 0)
		w.idtype = P_PID;
	else if (pid == 0 || pid < -1)
		w.idtype = P_PGID, w.id = pid ? -pid : curproc->pgid;
	memset(&f, 0, sizeof(f));
	r = do_wait(&w, &f);
	if (r > 0 && ustatus && copy_to_user((void *)ustatus, &f.status, 4))
		return -EFAULT;
	if (r > 0 && rusage_out(urusage, &f))
		return -EFAULT;
	return r;
}

long sys_waitpid(int pid, uint32_t ustatus, uint32_t options)
{
	return sys_wait4(pid, ustatus, options, 0);
}

/* waitid's arguments as a wait_spec, checked in Linux's order; a P_PIDFD
 * wait holds a reference to the pidfd, and O_NONBLOCK on it means WNOHANG. */
static int waitid_spec(int idtype, int id, uint32_t options, struct wait_spec *w)
{
	struct file *f;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
	                __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	w->idtype = idtype;
	w->id = id;
	w->options = options;
	switch (idtype) {
	case P_ALL:
		return 0;
	case P_PID:
		return id > 0 ? 0 : -EINVAL;
	case P_PGID:
		if (id == 0)
			w->id = curproc->pgid;
		return id >= 0 ? 0 : -EINVAL;
	case P_PIDFD:
		if (id < 0)
			return -EINVAL;
		f = fd_get(id);
		if (!f || !pidfd_file(f))
			return -EBADF;
		w->pidfd = file_get(f);
		if (f->flags & O_NONBLOCK)
			w->options |= WNOHANG;
		return 0;
	}
	return -EINVAL;
}

/* The part of waitid's siginfo Linux writes: signo, errno, code, pid, uid
 * and status - all zero when nothing was found or the call failed. */
static int siginfo_out(uint32_t uinfo, const struct wait_found *f)
{
	struct linux_siginfo si;

	memset(&si, 0, sizeof(si));
	if (f->pid) {
		si.signo = SIGCHLD;
		status_siginfo(f->status, &si.code, &si.u.chld.status);
		si.u.chld.pid = f->pid;
		si.u.chld.uid = f->uid;
	}
	return copy_to_user((void *)uinfo, &si, offsetof(struct linux_siginfo, u.chld.utime))
	       ? -EFAULT : 0;
}

long sys_waitid(int idtype, int id, uint32_t uinfo, uint32_t options, uint32_t urusage)
{
	struct wait_spec w;
	struct wait_found f;
	long r;

	memset(&w, 0, sizeof(w));
	memset(&f, 0, sizeof(f));
	r = waitid_spec(idtype, id, options, &w);
	if (r == 0)
		r = do_wait(&w, &f);
	if (w.pidfd) {
		if (r == 0 && !(options & WNOHANG))
			r = -EAGAIN;                 /* a non-blocking pidfd, nothing yet */
		file_put(w.pidfd);
	}
	if (r > 0 && rusage_out(urusage, &f))
		return -EFAULT;
	if (uinfo && siginfo_out(uinfo, &f))
		return -EFAULT;
	return r > 0 ? 0 : r;
}
