/*
 * jobctl.c - job-control stops: SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
 * stopping a whole thread group, SIGCONT resuming it, and what the parent
 * learns of both (SIGCHLD with CLD_STOPPED/CLD_CONTINUED unless it set
 * SA_NOCLDSTOP, and the WUNTRACED/WSTOPPED and WCONTINUED reports of wait4
 * and waitid).
 *
 * The group's stop state lives in its leader.  The thread that takes a
 * stop signal (default action) marks the group stopped; every thread of
 * the group then parks itself on the way back to user mode (signal.c calls
 * jobctl_park) until SIGCONT or SIGKILL.  A thread asleep in the kernel
 * stays asleep and parks when it returns, as on Linux.  SIGCONT acts when
 * it is sent, whatever its disposition: that is what lets a shell resume a
 * job whose members ignore or block it.
 */
#include "proc/proc.h"
#include "lib/klib.h"

#define BIT(sig)  (1ull << ((sig) - 1))
#define STOP_SIGS (BIT(SIGSTOP) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGTTOU))

int jobctl_is_stop(int sig)
{
	return sig >= 1 && sig <= NSIG && (STOP_SIGS & BIT(sig)) != 0;
}

/* Tell the group's parent: SIGCHLD with `code`, and wake its wait4. */
static void tell_parent(struct proc *leader, int code, int sig)
{
	struct proc *parent = leader->parent;
	struct ksiginfo info;

	if (!parent)
		return;
	if (!(parent->sighand->action[SIGCHLD].flags & SA_NOCLDSTOP)) {
		memset(&info, 0, sizeof(info));
		info.code = code;
		info.pid = leader->pid;
		info.status = sig;
		signal_send_group(parent, SIGCHLD, &info);
	}
	wakeup(parent);
}

/* Drop the signals in `set` pending anywhere in leader's group. */
static void drop_pending(struct proc *leader, sigset64_t set)
{
	leader->shared_pending &= ~set;
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->leader == leader)
			proc_table[i]->sig_pending &= ~set;
}

/*
 * A signal is being sent to a thread of leader's group.  A stop signal
 * cancels a pending SIGCONT and SIGCONT cancels pending stops (POSIX);
 * SIGCONT also resumes a stopped group, before its disposition counts.
 */
void jobctl_on_send(struct proc *leader, int sig)
{
	if (jobctl_is_stop(sig)) {
		drop_pending(leader, BIT(SIGCONT));
		return;
	}
	if (sig != SIGCONT)
		return;
	drop_pending(leader, STOP_SIGS);
	if (!leader->stopped)
		return;
	leader->stopped = 0;
	leader->stop_report = 0;
	leader->cont_report = 1;
	wakeup(&leader->stopped);
	tell_parent(leader, CLD_CONTINUED, SIGCONT);
}

/*
 * Is pgid an orphaned process group: does no member have a parent in
 * another group of the same session?  Linux discards SIGTSTP, SIGTTIN and
 * SIGTTOU sent to one, as nobody is left to continue it.
 */
int jobctl_orphaned(int pgid)
{
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];
		struct proc *par = p ? p->parent : 0;

		if (!p || p->leader != p || p->nthreads == 0 ||
		    p->pgid != pgid || !par)
			continue;
		if (par->pgid != pgid && par->sid == p->sid)
			return 0;
	}
	return 1;
}

/* The default action of stop signal sig, taken by thread p. */
void jobctl_stop(struct proc *p, int sig)
{
	struct proc *leader = p->leader;

	if (sig != SIGSTOP && jobctl_orphaned(leader->pgid))
		return;
	if (leader->stopped || leader->group_exiting)
		return;
	leader->stopped = 1;
	leader->stop_sig = sig;
	leader->stop_report = 1;
	leader->cont_report = 0;
	tell_parent(leader, CLD_STOPPED, sig);
}

/* On the way to user mode: stay here while the group is stopped.  SIGKILL
 * ends the stop for this thread (it will end the group). */
void jobctl_park(struct proc *p)
{
	struct proc *leader = p->leader;

	while (leader->stopped && !leader->group_exiting &&
	       !((p->sig_pending | leader->shared_pending) & BIT(SIGKILL)))
		sleep_on(&leader->stopped, 0);
}

/*
 * What a wait learns of child group c: with WSTOPPED (wait4's WUNTRACED)
 * a stop not yet reported ((sig << 8) | 0x7f), with WCONTINUED a continue
 * (0xffff); -1 if there is nothing to report.  The report is consumed
 * unless WNOWAIT (waitid) asks to leave it for the next wait.
 */
int jobctl_wait_status(struct proc *c, uint32_t options)
{
	int keep = (options & WNOWAIT) != 0;

	if ((options & WSTOPPED) && c->stopped && c->stop_report) {
		c->stop_report = keep;
		return (c->stop_sig << 8) | 0x7f;
	}
	if ((options & WCONTINUED) && c->cont_report) {
		c->cont_report = keep;
		return 0xffff;
	}
	return -1;
}
