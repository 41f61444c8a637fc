/*
 * signal.c - generating and delivering signals, Linux i386 style.
 *
 * A signal is a bit in a pending set (plus the siginfo the handler may
 * ask for): the thread's own (tgkill, faults) or its group's, kept in the
 * group leader (kill), which any thread not blocking it takes; further
 * instances of a pending real-time signal wait in a queue (sigqueue.c).
 * Signals that would be ignored are dropped when
 * they are sent, as Linux does, so "pending and not blocked" always means
 * "something will happen": proc_signal_pending() can tell a sleeper to
 * give up with -EINTR.  Delivery happens on the way back to user mode
 * (user_return): the default action (terminate - with a core file for the
 * "core" signals, coredump.c - or ignore), or a frame on
 * the user stack in Linux's layout - struct sigframe for plain handlers,
 * struct rt_sigframe for SA_SIGINFO ones - with the saved registers, the
 * blocked mask and the FPU/SSE state, and a return address that makes the
 * handler's `ret` call sigreturn or rt_sigreturn.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define BIT(sig)        (1ull << ((sig) - 1))
#define UNBLOCKABLE     (BIT(SIGKILL) | BIT(SIGSTOP))
#define EFLAGS_TF       0x100u
#define EFLAGS_DF       0x400u
/* What sigreturn may change in eflags (Linux's FIX_EFLAGS). */
#define EFLAGS_USER     0x40DD5u

struct sigframe {
	uint32_t pretcode;
	int32_t sig;
	struct linux_sigcontext sc;
	struct linux_fpstate fpstate;
	uint32_t extramask;
	uint8_t retcode[8];
};

struct rt_sigframe {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct linux_siginfo info;
	struct linux_ucontext uc;
	uint8_t retcode[8];
	struct linux_fpstate fpstate;
};

/* popl %eax; movl $119, %eax; int $0x80 - and movl $173, %eax; int $0x80 */
static const uint8_t retcode_sigreturn[8] = { 0x58, 0xB8, 119, 0, 0, 0, 0xCD, 0x80 };
static const uint8_t retcode_rt[8] = { 0xB8, 173, 0, 0, 0, 0xCD, 0x80, 0x90 };

int signal_default_ignored(int sig)
{
	/* SIGCONT's work is done when it is sent (jobctl.c); delivered, it is
	 * ignored.  Stop signals stop (signal_deliver). */
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static int ignored(struct proc *p, int sig)
{
	uint32_t h = p->sighand->action[sig].handler;

	if (sig == SIGKILL)
		return 0;
	return h == SIG_IGN || (h == SIG_DFL && signal_default_ignored(sig));
}

void signal_init_proc(struct proc *p)
{
	p->sig_pending = 0;
	p->rtq.n = 0;
}

static int alive(const struct proc *t)
{
	return t->state != P_UNUSED && t->state != P_ZOMBIE;
}

static void set_info(struct ksiginfo *to, const struct ksiginfo *info)
{
	if (info) {
		*to = *info;
	} else {
		memset(to, 0, sizeof(*to));
		to->code = SI_KERNEL;
	}
}

/* A real-time signal whose number is pending already waits its turn. */
static void queue_rt(struct rtqueue *q, int sig, const struct ksiginfo *info)
{
	struct ksiginfo k;

	set_info(&k, info);
	rtq_push(q, sig, &k);
}

/* Sleeps are interruptible: the sleeper sees proc_signal_pending. */
static void kick(struct proc *t, int sig)
{
	if (t->state == P_SLEEPING && !(t->sig_blocked & BIT(sig)))
		t->state = P_RUNNABLE;
}

int signal_send(struct proc *p, int sig, const struct ksiginfo *info)
{
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (!alive(p))
		return 0;
	jobctl_on_send(p->leader, sig);
	if (ignored(p, sig) && !(p->sig_blocked & BIT(sig)))
		return 0;
	if (sig >= SIGRTMIN && (p->sig_pending & BIT(sig)))
		queue_rt(&p->rtq, sig, info);
	else
		set_info(&p->siginfo[sig], info);
	p->sig_pending |= BIT(sig);
	kick(p, sig);
	return 0;
}

/* The thread that should take a group's signal: one that does not block
 * it (the leader first), else any live one; null if none is left. */
static struct proc *pick_thread(struct proc *leader, int sig)
{
	struct proc *any = alive(leader) ? leader : 0;

	if (any && !(leader->sig_blocked & BIT(sig)))
		return leader;
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (!t || t->leader != leader || !alive(t))
			continue;
		if (!(t->sig_blocked & BIT(sig)))
			return t;
		if (!any)
			any = t;
	}
	return any;
}

/* A signal for the whole group: pending in the leader until some thread
 * that does not block it takes it; that thread is woken now. */
int signal_send_group(struct proc *p, int sig, const struct ksiginfo *info)
{
	struct proc *leader = p->leader, *t;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	t = pick_thread(leader, sig);
	if (!t)
		return 0;
	jobctl_on_send(leader, sig);
	if (ignored(t, sig) && !(t->sig_blocked & BIT(sig)))
		return 0;
	if (sig >= SIGRTMIN && (leader->shared_pending & BIT(sig)))
		queue_rt(&leader->shared_rtq, sig, info);
	else
		set_info(&leader->shared_info[sig], info);
	leader->shared_pending |= BIT(sig);
	kick(t, sig);
	return 0;
}

void signal_force(struct proc *p, int sig, uint32_t addr, int code)
{
	struct ksiginfo info;

	/* A fault cannot be ignored or blocked away: Linux resets it. */
	if ((p->sig_blocked & BIT(sig)) || p->sighand->action[sig].handler == SIG_IGN) {
		p->sig_blocked &= ~BIT(sig);
		p->sighand->action[sig].handler = SIG_DFL;
	}
	memset(&info, 0, sizeof(info));
	info.code = code;
	info.addr = addr;
	signal_send(p, sig, &info);
}

int signal_deliverable(struct proc *p)
{
	struct proc *leader = p->leader;
	sigset64_t ready = (p->sig_pending | leader->shared_pending) &
	                   ~(p->sig_blocked & ~UNBLOCKABLE);

	for (int sig = 1; ready && sig <= NSIG; sig++) {
		if (!(ready & BIT(sig)))
			continue;
		if (!ignored(p, sig))
			return sig;
		signal_drop(p, sig);              /* unblocked since; now dropped */
		ready &= ~BIT(sig);
	}
	return 0;
}

/* Take sig off the thread's pending set, or else off the group's; a
 * queued real-time instance becomes the pending one. */
static void dequeue(struct proc *p, int sig, struct ksiginfo *info)
{
	struct proc *leader = p->leader;

	if (p->sig_pending & BIT(sig)) {
		*info = p->siginfo[sig];
		if (!rtq_pop(&p->rtq, sig, &p->siginfo[sig]))
			p->sig_pending &= ~BIT(sig);
	} else {
		*info = leader->shared_info[sig];
		if (!rtq_pop(&leader->shared_rtq, sig, &leader->shared_info[sig]))
			leader->shared_pending &= ~BIT(sig);
	}
}

void signal_drop(struct proc *p, int sig)
{
	p->sig_pending &= ~BIT(sig);
	p->leader->shared_pending &= ~BIT(sig);
	rtq_purge(&p->rtq, sig);
	rtq_purge(&p->leader->shared_rtq, sig);
}

/* rt_sigtimedwait: take the lowest of set's pending signals (the
 * thread's, else the group's) into *out; 0 if none is pending. */
int signal_take(struct proc *p, sigset64_t set, struct linux_siginfo *out)
{
	sigset64_t ready = (p->sig_pending | p->leader->shared_pending) & set & ~UNBLOCKABLE;
	struct ksiginfo info;

	for (int sig = 1; ready && sig <= NSIG; sig++)
		if (ready & BIT(sig)) {
			dequeue(p, sig, &info);
			signal_siginfo(out, sig, &info);
			return sig;
		}
	return 0;
}

static void save_context(struct linux_sigcontext *sc, const struct trap_regs *r,
                         sigset64_t mask, uint32_t fpstate)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = r->gs; sc->fs = r->fs; sc->es = r->es; sc->ds = r->ds;
	sc->edi = r->edi; sc->esi = r->esi; sc->ebp = r->ebp; sc->esp = r->f.esp;
	sc->ebx = r->ebx; sc->edx = r->edx; sc->ecx = r->ecx; sc->eax = r->eax;
	sc->trapno = r->vector; sc->err = r->f.error_code; sc->eip = r->f.eip;
	sc->cs = r->f.cs; sc->eflags = r->f.eflags; sc->esp_at_signal = r->f.esp;
	sc->ss = r->f.ss; sc->fpstate = fpstate; sc->oldmask = (uint32_t)mask;
}

static void save_fpu(struct linux_fpstate *fs, struct proc *p)
{
	fpu_save(p);
	memset(fs, 0, sizeof(*fs));
	memcpy(fs->fxsave, p->fpu.image, sizeof(fs->fxsave));
	fs->cw = p->fpu.image[0] | (p->fpu.image[1] << 8);
	fs->sw = p->fpu.image[2] | (p->fpu.image[3] << 8);
	fs->magic = 0;                        /* FXSR data follows */
}

/* The user's siginfo_t: which union member is filled depends on sig. */
void signal_siginfo(struct linux_siginfo *out, int sig, const struct ksiginfo *k)
{
	memset(out, 0, sizeof(*out));
	out->signo = sig;
	out->code = k->code;
	if (sig == SIGCHLD) {
		out->u.chld.pid = k->pid;
		out->u.chld.status = k->status;
	} else if ((sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	            sig == SIGTRAP) && k->code > 0) {
		out->u.fault.addr = k->addr;
	} else if (k->code >= POLL_IN && k->code <= POLL_HUP) {   /* sigio.c */
		out->u.poll.band = (int32_t)k->addr;
		out->u.poll.fd = k->status;
	} else {
		out->u.rt.pid = k->pid;
		out->u.rt.uid = (uint32_t)k->status;
		out->u.rt.value = (int32_t)k->addr;
	}
}

/* Where a frame of `size` bytes goes: below the interrupted stack, so
 * that the handler starts with (esp + 4) 16-byte aligned. */
static uint32_t frame_addr(const struct trap_regs *r, uint32_t size)
{
	return ((r->f.esp - size + 4) & ~15u) - 4;
}

static int setup_plain(struct trap_regs *r, int sig, struct linux_sigaction *a,
                       sigset64_t mask)
{
	struct proc *p = curproc;
	struct sigframe *f = (struct sigframe *)p->iobuf;
	uint32_t at = frame_addr(r, sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->sig = sig;
	save_fpu(&f->fpstate, p);
	save_context(&f->sc, r, mask, at + offsetof(struct sigframe, fpstate));
	f->extramask = (uint32_t)(mask >> 32);
	memcpy(f->retcode, retcode_sigreturn, sizeof(f->retcode));
	f->pretcode = a->flags & SA_RESTORER ? a->restorer
	                                     : at + offsetof(struct sigframe, retcode);
	if (copy_to_user((void *)at, f, sizeof(*f)))
		return -EFAULT;
	r->f.esp = at;
	r->eax = sig;
	r->edx = r->ecx = 0;
	return 0;
}

static int setup_rt(struct trap_regs *r, int sig, struct linux_sigaction *a,
                    sigset64_t mask, const struct ksiginfo *info)
{
	struct proc *p = curproc;
	struct rt_sigframe *f = (struct rt_sigframe *)p->iobuf;
	uint32_t at = frame_addr(r, sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->sig = sig;
	f->pinfo = at + offsetof(struct rt_sigframe, info);
	f->puc = at + offsetof(struct rt_sigframe, uc);
	signal_siginfo(&f->info, sig, info);
	save_fpu(&f->fpstate, p);
	save_context(&f->uc.uc_mcontext, r, mask, at + offsetof(struct rt_sigframe, fpstate));
	f->uc.uc_sigmask = mask;
	f->uc.uc_stack.ss_flags = 2;          /* SS_DISABLE: no alternate stack */
	memcpy(f->retcode, retcode_rt, sizeof(f->retcode));
	f->pretcode = a->flags & SA_RESTORER ? a->restorer
	                                     : at + offsetof(struct rt_sigframe, retcode);
	if (copy_to_user((void *)at, f, sizeof(*f)))
		return -EFAULT;
	r->f.esp = at;
	r->eax = sig;
	r->edx = f->pinfo;                    /* regparm(3) handlers see these */
	r->ecx = f->puc;
	return 0;
}

/* Run the handler of sig: build its frame, block what it asks for. */
static int handle(struct trap_regs *r, int sig, const struct ksiginfo *info)
{
	struct proc *p = curproc;
	struct linux_sigaction *a = &p->sighand->action[sig];
	sigset64_t old = p->has_saved_mask ? p->saved_mask : p->sig_blocked;
	uint32_t handler = a->handler;
	int rc;

	rc = a->flags & SA_SIGINFO ? setup_rt(r, sig, a, old, info)
	                           : setup_plain(r, sig, a, old);
	if (rc)
		return rc;
	r->f.eip = handler;
	r->f.cs = user_cs;
	r->f.ss = user_ds;
	r->ds = r->es = user_ds;
	r->f.eflags &= ~(EFLAGS_TF | EFLAGS_DF);
	p->has_saved_mask = 0;
	p->sig_blocked = (old | a->mask | (a->flags & SA_NODEFER ? 0 : BIT(sig))) & ~UNBLOCKABLE;
	if (a->flags & SA_RESETHAND)
		a->handler = SIG_DFL;            /* the flags stay, as in Linux */
	return 0;
}

/* A system call that said -ERESTARTSYS (or -ERESTARTNOHAND, or
 * -ERESTART_RESTARTBLOCK): run again, or fail with -EINTR if a handler
 * (for ERESTARTSYS: one without SA_RESTART) is about to run.  A restart
 * block resumes through restart_syscall (nr 0), which knows what is left. */
static void restart_or_eintr(struct trap_regs *r, int sig, int nr, long rc)
{
	struct linux_sigaction *a = sig ? &curproc->sighand->action[sig] : 0;

	if (a && a->handler != SIG_DFL && a->handler != SIG_IGN &&
	    (rc != -ERESTARTSYS || !(a->flags & SA_RESTART))) {
		r->eax = (uint32_t)-EINTR;
		return;
	}
	r->eax = rc == -ERESTART_RESTARTBLOCK ? NR_restart_syscall : nr;
	r->f.eip -= 2;                        /* int $0x80 again */
}

void signal_deliver(struct trap_regs *r, int restart_nr)
{
	struct proc *p = curproc;
	long rc = (long)r->eax;
	int sig;

	jobctl_park(p);                       /* another thread stopped the group */
	sig = signal_deliverable(p);
	if (restart_nr)
		restart_or_eintr(r, sig, restart_nr, rc);
	for (; sig; sig = signal_deliverable(p)) {
		struct ksiginfo info;

		dequeue(p, sig, &info);
		if (p->sighand->action[sig].handler != SIG_DFL) {
			if (handle(r, sig, &info) == 0)
				return;
			signal_force(p, SIGSEGV, r->f.esp, SI_KERNEL);   /* no room for the frame */
			continue;
		}
		if (jobctl_is_stop(sig)) {
			jobctl_stop(p, sig);
			jobctl_park(p);
			continue;
		}
		do_signal_exit(sig, &info);       /* the default action: terminate */
	}
	if (p->has_saved_mask) {
		p->sig_blocked = p->saved_mask;
		p->has_saved_mask = 0;
	}
}

/* ---- sigreturn ---- */

/* Data selectors from user space: null, user data, a TLS slot or a
 * loadable entry of the address space's LDT. */
static uint32_t data_selector(uint32_t sel, uint32_t fallback)
{
	sel &= 0xFFFF;
	if (sel == 0 || sel == user_ds || tls_selector_ok(sel) || ldt_selector_ok(sel))
		return sel;
	return fallback;
}

static void restore_fpu(struct proc *p, uint32_t ufp)
{
	struct linux_fpstate *fs = (struct linux_fpstate *)(p->iobuf + 2048);

	if (!ufp || copy_from_user(fs, (void *)ufp, sizeof(*fs)))
		return;
	memcpy(p->fpu.image, fs->fxsave, sizeof(p->fpu.image));
	/* Reserved MXCSR bits would make FXRSTOR fault in the kernel. */
	p->fpu.image[26] = 0;
	p->fpu.image[27] = 0;
	p->fpu.image[24] &= 0xBF;
	fpu_reload(p);
}

static uint32_t restore_context(struct trap_regs *r, const struct linux_sigcontext *sc)
{
	struct proc *p = curproc;

	r->gs = data_selector(sc->gs, 0);
	r->fs = data_selector(sc->fs, 0);
	r->es = data_selector(sc->es, user_ds);
	r->ds = data_selector(sc->ds, user_ds);
	r->edi = sc->edi; r->esi = sc->esi; r->ebp = sc->ebp; r->f.esp = sc->esp;
	r->ebx = sc->ebx; r->edx = sc->edx; r->ecx = sc->ecx; r->eax = sc->eax;
	r->f.eip = sc->eip;
	r->f.cs = user_cs;
	r->f.ss = user_ds;
	r->f.eflags = (r->f.eflags & ~EFLAGS_USER) | (sc->eflags & EFLAGS_USER);
	restore_fpu(p, sc->fpstate);
	return sc->eax;
}

long sys_sigreturn(void)
{
	struct proc *p = curproc;
	struct trap_regs *r = p->tf;
	struct sigframe *f = (struct sigframe *)p->iobuf;

	if (copy_from_user(f, (void *)(r->f.esp - 8), sizeof(*f))) {
		signal_force(p, SIGSEGV, r->f.esp, SI_KERNEL);
		return r->eax;
	}
	p->sig_blocked = (f->sc.oldmask | ((sigset64_t)f->extramask << 32)) & ~UNBLOCKABLE;
	return restore_context(r, &f->sc);
}

long sys_rt_sigreturn(void)
{
	struct proc *p = curproc;
	struct trap_regs *r = p->tf;
	struct rt_sigframe *f = (struct rt_sigframe *)p->iobuf;

	if (copy_from_user(f, (void *)(r->f.esp - 4), sizeof(*f))) {
		signal_force(p, SIGSEGV, r->f.esp, SI_KERNEL);
		return r->eax;
	}
	p->sig_blocked = f->uc.uc_sigmask & ~UNBLOCKABLE;
	return restore_context(r, &f->uc.uc_mcontext);
}
