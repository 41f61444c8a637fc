/*
 * sched.c - the scheduler: round robin over runnable processes, a 10 ms
 * tick from the VMI one-shot timer, sleep and wakeup.
 *
 * xv6's structure: the scheduler loop runs on the boot stack and swtch-es
 * into one process at a time; a process gives the CPU back with sched().
 * Switching in a process declares its kernel stack to VMI, loads its page
 * tables (only if they differ), its TLS descriptors and the lazy-FPU trap.
 * With nothing runnable the loop waits in vmi_safe_halt, which enables
 * events and waits atomically, so a wakeup is never missed.
 *
 * Preemption happens only on the way back to user mode (user_return), when
 * the tick has set need_resched: the kernel itself is never preempted.
 */
#include "kernel.h"
#include "proc.h"
#include "lib/event.h"
#include "lib/klib.h"

static struct context *sched_ctx;   /* the scheduler loop's saved context */
static int rr_next;                 /* round-robin position */
static uint64_t nticks, next_tick;
int need_resched;

/* Make p the running process: stack, address space, TLS, FPU. */
static void switch_in(struct proc *p)
{
	int rc;

	curproc = p;
	p->state = P_RUNNING;
	rc = vmi_set_kernel_stack(kernel_ds, (uint32_t)p->kstack + KSTACK_SIZE);
	if (rc)
		panic("sched: vmi_set_kernel_stack failed (%d)", rc);
	mm_activate(&p->mm);
	tls_load(p);
	fpu_switch_in(p);
}

static struct proc *pick(void)
{
	for (int n = 0; n < NPROC; n++) {
		struct proc *p = &proc_table[(rr_next + n) % NPROC];

		if (p->state == P_RUNNABLE) {
			rr_next = (p - proc_table + 1) % NPROC;
			return p;
		}
	}
	return 0;
}

void scheduler(void)
{
	for (;;) {
		struct proc *p;

		vmi_irq_disable();
		p = pick();
		if (!p) {
			vmi_safe_halt();         /* returns with events enabled */
			continue;
		}
		switch_in(p);
		swtch(&sched_ctx, p->ctx);
		curproc = 0;
		/* Nobody will wait for it: its stack is no longer in use now. */
		if (p->state == P_ZOMBIE && p->autoreap)
			proc_free(p);
	}
}

void sched(void)
{
	struct proc *p = curproc;

	if (p->state == P_RUNNING)
		panic("sched: pid %d still running", p->pid);
	swtch(&p->ctx, sched_ctx);
}

void yield(void)
{
	curproc->state = P_RUNNABLE;
	sched();
}

void sleep_on(void *chan, uint64_t wake_at)
{
	struct proc *p = curproc;

	p->chan = chan;
	p->wake_at = wake_at;
	p->state = P_SLEEPING;
	sched();
	p->chan = 0;
	p->wake_at = 0;
}

void wakeup(void *chan)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];

		if (p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
	}
}

uint64_t ticks_now(void)
{
	return nticks;
}

/* Timed sleeps that are over, and alarms that are due. */
static void check_timers(uint64_t now)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];

		if (p->state == P_SLEEPING && p->wake_at && p->wake_at <= now)
			p->state = P_RUNNABLE;
		if (p->alarm_at && p->alarm_at <= now && p->state != P_UNUSED &&
		    p->state != P_ZOMBIE) {
			p->alarm_at = 0;
			signal_send(p, SIGALRM, 0);
		}
	}
}

static void tick(unsigned port, struct trap_regs *r)
{
	uint64_t now = vmi_time_ns();
	int user = trap_from_user(r);

	(void)port;
	nticks++;
	if (curproc) {
		if (user)
			curproc->utime_ticks++;
		else
			curproc->stime_ticks++;
	}
	check_timers(now);
	/* Keep a steady rhythm; after a long stall start again from now. */
	next_tick += TICK_NS;
	if (next_tick <= now)
		next_tick = now + TICK_NS;
	vmi_timer_set(next_tick);
	need_resched = 1;
	if (curproc && user)
		user_return(r);
}

void sched_tick_init(void)
{
	int port = timer_port();

	if (port <= 0)
		panic("sched: no timer port");
	event_set_handler(port, tick);
	next_tick = vmi_time_ns() + TICK_NS;
	vmi_timer_set(next_tick);
}
