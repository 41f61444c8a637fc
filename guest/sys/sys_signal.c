/*
 * sys_signal.c - signal system calls: rt_sigaction, rt_sigprocmask (and
 * the old sigprocmask), rt_sigpending, rt_sigsuspend, pause, kill, tkill,
 * tgkill, pidfd_send_signal (kill through a pidfd, pidfd.c) and
 * sigaltstack.  Generation and delivery are in signal.c.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define BIT(sig)    (1ull << ((sig) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))

long sys_rt_sigaction(int sig, uint32_t uact, uint32_t uold, uint32_t size)
{
	struct linux_sigaction *a;
	struct linux_sigaction n;

	if (size != sizeof(sigset64_t) || sig < 1 || sig > NSIG)
		return -EINVAL;
	a = &curproc->sighand->action[sig];
	if (uold && copy_to_user((void *)uold, a, sizeof(*a)))
		return -EFAULT;
	if (!uact)
		return 0;
	if (sig == SIGKILL || sig == SIGSTOP)
		return -EINVAL;
	if (copy_from_user(&n, (void *)uact, sizeof(n)))
		return -EFAULT;
	n.mask &= ~UNBLOCKABLE;
	*a = n;
	/* Setting SIG_IGN (or a default that ignores) drops what is pending. */
	if (n.handler == SIG_IGN || (n.handler == SIG_DFL && signal_default_ignored(sig)))
		signal_drop(curproc, sig);
	return 0;
}

static long change_mask(int how, sigset64_t set)
{
	struct proc *p = curproc;

	switch (how) {
	case SIG_BLOCK:   p->sig_blocked |= set; break;
	case SIG_UNBLOCK: p->sig_blocked &= ~set; break;
	case SIG_SETMASK: p->sig_blocked = set; break;
	default:          return -EINVAL;
	}
	p->sig_blocked &= ~UNBLOCKABLE;
	return 0;
}

long sys_rt_sigprocmask(int how, uint32_t uset, uint32_t uold, uint32_t size)
{
	sigset64_t set, old = curproc->sig_blocked;

	if (size != sizeof(sigset64_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, (void *)uset, sizeof(set)))
			return -EFAULT;
		if (change_mask(how, set))
			return -EINVAL;
	}
	if (uold && copy_to_user((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_sigprocmask(int how, uint32_t uset, uint32_t uold)
{
	uint32_t set, old = (uint32_t)curproc->sig_blocked;

	if (uset) {
		if (copy_from_user(&set, (void *)uset, sizeof(set)))
			return -EFAULT;
		/* The old call sees the low 32 signals; SETMASK keeps the rest. */
		if (change_mask(how, how == SIG_SETMASK ?
		                (curproc->sig_blocked & ~0xFFFFFFFFull) | set : set))
			return -EINVAL;
	}
	if (uold && copy_to_user((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(uint32_t uset, uint32_t size)
{
	sigset64_t set = (curproc->sig_pending | curproc->leader->shared_pending) &
	                 curproc->sig_blocked;

	if (size != sizeof(set))
		return -EINVAL;
	return copy_to_user((void *)uset, &set, sizeof(set)) ? -EFAULT : 0;
}

/* Wait for a signal with `mask` in force; the old mask comes back after
 * the handler (has_saved_mask, signal.c). */
long sys_rt_sigsuspend(uint32_t umask, uint32_t size)
{
	struct proc *p = curproc;
	sigset64_t mask;

	if (size != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, (void *)umask, sizeof(mask)))
		return -EFAULT;
	p->saved_mask = p->sig_blocked;
	p->has_saved_mask = 1;
	p->sig_blocked = mask & ~UNBLOCKABLE;
	while (!signal_deliverable(p))
		sleep_on(p, 0);
	return -EINTR;
}

/*
 * rt_sigtimedwait: take one of set's signals (the caller blocks them) as
 * it is pending, or sleep until one is, with set unblocked meanwhile (so
 * a sender wakes us), as Linux does.  Another signal ends the wait with
 * EINTR; the timeout (none without uts) with EAGAIN.
 */
static long sigtimedwait(uint32_t uset, uint32_t uinfo, uint32_t uts, uint32_t size,
                         int time64)
{
	struct proc *p = curproc;
	struct linux_siginfo info;
	sigset64_t set, saved = p->sig_blocked;
	int64_t rel = 0;
	uint64_t deadline = 0;
	int sig, other = 0;

	if (size != sizeof(set))
		return -EINVAL;
	if (copy_from_user(&set, (void *)uset, sizeof(set)))
		return -EFAULT;
	if (uts) {
		int err = time_from_user(uts, &rel, time64);

		if (err)
			return err;
		deadline = vmi_time_ns() + (uint64_t)rel;
	}
	while (!(sig = signal_take(p, set, &info)) && !other) {
		if (uts && (rel == 0 || vmi_time_ns() >= deadline))
			return -EAGAIN;
		p->sig_blocked = saved & ~set;
		other = signal_deliverable(p);
		if (!other)
			sleep_on(p, deadline);
		p->sig_blocked = saved;
	}
	if (!sig)
		return -EINTR;
	if (uinfo && copy_to_user((void *)uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

long sys_rt_sigtimedwait(uint32_t uset, uint32_t uinfo, uint32_t uts, uint32_t size)
{
	return sigtimedwait(uset, uinfo, uts, size, 0);
}

long sys_rt_sigtimedwait_time64(uint32_t uset, uint32_t uinfo, uint32_t uts, uint32_t size)
{
	return sigtimedwait(uset, uinfo, uts, size, 1);
}

long sys_pause(void)
{
	while (!signal_deliverable(curproc))
		sleep_on(curproc, 0);
	return -EINTR;
}

static struct ksiginfo user_info(int code)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.code = code;
	info.pid = curproc->tgid;
	info.status = (int32_t)proc_cred(curproc)->uid[ID_REAL];
	return info;
}

/* Send to a process (its thread group) or, with `thread`, to one thread;
 * sig 0 only checks it exists.  A process that has ended but is not
 * collected yet still exists, as on Linux: the signal is lost on it.  An
 * ended thread that does not lead its group is gone at once. */
static long send_one(struct proc *p, int sig, int code, int thread)
{
	struct ksiginfo info = user_info(code);

	if (!p || p->state == P_UNUSED ||
	    (p->state == P_ZOMBIE && (thread || p->leader != p)))
		return -ESRCH;
	if (!cred_may_signal(p, sig))
		return -EPERM;
	if (!sig || p->leader->nthreads == 0)
		return 0;
	return thread ? signal_send(p, sig, &info) : signal_send_group(p, sig, &info);
}

/* A group or broadcast kill succeeds if any process got the signal; it is
 * EPERM if there were processes but none could be signalled. */
long sys_kill(int pid, int sig)
{
	int found = 0, sent = 0;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0)
		return send_one(proc_find(pid), sig, SI_USER, 0);
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (!p || p->leader != p || p->nthreads == 0)
			continue;
		if (pid == 0 && p->pgid != curproc->pgid)
			continue;
		if (pid == -1 && (p->pid == 1 || p == curproc->leader))
			continue;
		if (pid < -1 && p->pgid != -pid)
			continue;
		found = 1;
		sent |= send_one(p, sig, SI_USER, 0) == 0;
	}
	return sent ? 0 : found ? -EPERM : -ESRCH;
}

/* The process a pidfd names - one of pidfd_open's, or a /proc/<pid>
 * directory opened, which Linux takes as a pidfd too (and which goes on
 * naming its process: once that is collected, ESRCH, even when the pid
 * has been given to another); null with *err. */
static struct proc *pidfd_target(int pidfd, long *err)
{
	struct file *f = fd_get(pidfd);
	struct proc *p = 0;
	int pid;

	*err = -EBADF;
	if (f && pidfd_file(f))
		p = pidfd_proc(f);
	else if (f && f->inode && (pid = procfs_dir_pid(f->inode)) != 0)
		p = pid > 0 ? proc_find(pid) : 0;   /* < 0: its process is gone */
	else
		return 0;
	*err = -ESRCH;
	return p && p->leader == p ? p : 0;
}

/* A caller-made siginfo for sig (rt_sigqueueinfo's rules): it must be
 * for this signal, and only to itself may a process send one whose code
 * says the kernel or tkill sent it. */
static long user_siginfo(uint32_t uinfo, int sig, struct proc *p, struct ksiginfo *k)
{
	struct linux_siginfo si;

	if (copy_from_user(&si, (void *)uinfo, sizeof(si)))
		return -EFAULT;
	if (si.signo != sig)
		return -EINVAL;
	if (p != curproc->leader && (si.code >= 0 || si.code == SI_TKILL))
		return -EPERM;
	memset(k, 0, sizeof(*k));
	k->code = si.code;
	k->pid = si.u.rt.pid;
	k->status = (int32_t)si.u.rt.uid;
	k->addr = (uint32_t)si.u.rt.value;
	return 0;
}

/*
 * kill(2) of the process a pidfd names, once it is collected ESRCH even
 * for a bad signal number (Linux looks the process up first); with a
 * siginfo, rt_sigqueueinfo(2) of it.  flags (Linux's PIDFD_SIGNAL_*
 * scopes) must be 0.
 */
long sys_pidfd_send_signal(int pidfd, int sig, uint32_t uinfo, uint32_t flags)
{
	struct ksiginfo k;
	struct proc *p;
	long rc;

	if (flags)
		return -EINVAL;
	p = pidfd_target(pidfd, &rc);
	if (!p)
		return rc;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (!uinfo)
		return send_one(p, sig, SI_USER, 0);
	if ((rc = user_siginfo(uinfo, sig, p, &k)) != 0)
		return rc;
	if (p->state == P_ZOMBIE)
		return 0;
	if (!cred_may_signal(p, sig))
		return -EPERM;
	return sig ? signal_send_group(p, sig, &k) : 0;
}

long sys_tgkill(int tgid, int tid, int sig)
{
	struct proc *p = proc_find(tid);

	if (sig < 0 || sig > NSIG || tid <= 0)
		return -EINVAL;
	if (!p || p->state == P_ZOMBIE || (tgid > 0 && p->tgid != tgid))
		return -ESRCH;
	return send_one(p, sig, SI_TKILL, 1);
}

long sys_tkill(int tid, int sig)
{
	return sys_tgkill(-1, tid, sig);
}

/* No alternate signal stacks: report "disabled", refuse new ones. */
long sys_sigaltstack(uint32_t unew, uint32_t uold)
{
	struct linux_stack s = { 0, 2, 0 };   /* SS_DISABLE */

	if (uold && copy_to_user((void *)uold, &s, sizeof(s)))
		return -EFAULT;
	return unew ? -ENOMEM : 0;
}
