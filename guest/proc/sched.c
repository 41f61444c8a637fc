/*
 * sched.c - the scheduler: round robin over runnable processes, sleep and
 * wakeup, preemption, and the one-shot timer behind the tick, timed sleeps
 * and alarms.
 *
 * xv6's structure: the scheduler loop runs on the boot stack and swtch-es
 * into one process at a time; a process gives the CPU back with sched().
 * Switching in a process declares its kernel stack to VMI, loads its page
 * tables and LDT (each only if it differs), its TLS descriptors and the
 * lazy-FPU trap.
 * With nothing runnable the loop waits in vmi_safe_halt, which enables
 * events and waits atomically, so a wakeup is never missed.
 *
 * Preemption happens only on the way back to user mode (sched_preempt,
 * from user_return): the kernel itself is never preempted.  What asks for
 * it depends on the mode chosen on the kernel command line (sched_init):
 *
 * - normal (the default): a 10 ms tick sets need_resched.  The tick runs
 *   while a process runs, alone or not (it also samples CPU time); when
 *   the processor goes idle it stops and the timer holds only the earliest
 *   deadline of a timed sleep or alarm, so an idle guest is not woken 100
 *   times a second (tickless idle).
 * - deterministic ("sched=det"): no tick at all.  A time slice is counted
 *   in kernel entries the process makes itself (system calls and
 *   exceptions, not events): after DET_SLICE of them it is preempted on
 *   its way back to user mode if another process is runnable.  Which
 *   process runs when then depends only on what the workload does, not on
 *   how fast the machine runs it, so two runs - on either backend - make
 *   the same VMI calls.  The timer holds only the earliest sleep or alarm
 *   deadline.  The price: a process spinning in user mode without entering
 *   the kernel is never preempted, and CPU times stay zero (no tick
 *   samples them).  Timed sleeps and alarms still end by the clock, so a
 *   workload that uses them is only as deterministic as their timing.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "net/net.h"
#include "lib/kernel/event.h"
#include "lib/klib.h"

#define DET_SLICE 100              /* kernel entries per slice (sched=det) */

static struct context *sched_ctx;   /* the scheduler loop's saved context */
static int rr_next;                 /* round-robin position */
static int need_resched;            /* normal mode: the tick asks for a switch */
static int det;                     /* sched=det: the deterministic mode */
static int ticking;                 /* normal mode: the tick is running */
static uint64_t next_tick;          /* when ticking: the next tick's deadline */
static uint64_t armed;              /* the timer's deadline, 0 if disarmed */

int sched_deterministic(void)
{
	return det;
}

/* Make p the running process: stack, address space, TLS, LDT, FPU. */
static void switch_in(struct proc *p)
{
	int rc;

	curproc = p;
	p->state = P_RUNNING;
	p->slice_entries = 0;
	rc = vmi_set_kernel_stack(kernel_ds, (uint32_t)p->kstack + KSTACK_SIZE);
	if (rc)
		panic("sched: vmi_set_kernel_stack failed (%d)", rc);
	mm_activate(p->mm);
	/* The kernel never uses %fs/%gs, but a trap saves and reloads them:
	 * a user's TLS selector left in %gs by the process switched out would
	 * fault on that reload once tls_load has replaced its descriptor (the
	 * next process may be asleep in the kernel, e.g. on a disk, with none
	 * yet).  Each process's own come back from its trap frame. */
	__asm__ volatile("movl %0, %%fs\n\tmovl %0, %%gs" : : "r"(0u));
	tls_load(p);
	ldt_load(p->mm);
	fpu_switch_in(p);
}

static struct proc *pick(void)
{
	for (int n = 0; n < proc_slots; n++) {
		int i = (rr_next + n) % proc_slots;
		struct proc *p = proc_table[i];

		if (p && p->state == P_RUNNABLE) {
			rr_next = (i + 1) % proc_slots;
			return p;
		}
	}
	return 0;
}

/* ---- the timer ---- */

/* The earliest deadline of a timed sleep or a pending alarm; 0 if none. */
static uint64_t earliest_deadline(void)
{
	uint64_t best = 0;

	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (!p)
			continue;
		if (p->state == P_SLEEPING && p->wake_at && (!best || p->wake_at < best))
			best = p->wake_at;
		if (p->alarm_at && p->state != P_UNUSED && p->nthreads > 0 &&
		    (!best || p->alarm_at < best))
			best = p->alarm_at;
	}
	uint64_t net = net_deadline_ns();          /* ARP retries, TCP's timer */
	/* A net deadline already due is net_work's on the scheduler loop's
	 * next pass; armed again from timer_event it would fire at once,
	 * forever, and that pass would never come. */
	if (net && net <= vmi_time_ns())
		net = 0;
	if (net && (!best || net < best))
		best = net;
	return best;
}

/*
 * Give the one-shot timer the deadline that matters now: the next tick
 * while the tick runs (it checks sleeps and alarms itself), otherwise the
 * earliest sleep or alarm.  Only a change costs a VMI call.
 */
void sched_timer_update(void)
{
	uint64_t want = ticking ? next_tick : earliest_deadline();

	if (want == armed)
		return;
	armed = want;
	if (want)
		vmi_timer_set(want);
	else
		vmi_timer_cancel();
}

/* Normal mode, leaving idle: the tick starts again from now. */
static void tick_resume(void)
{
	if (det || ticking)
		return;
	ticking = 1;
	next_tick = vmi_time_ns() + TICK_NS;
	sched_timer_update();
}

uint64_t idle_ns;

/* Nothing to run: stop the tick, wait for an event (a deadline, input,
 * a disk's completion), and count how long that took. */
static void idle(void)
{
	uint64_t t0;

	ticking = 0;
	sched_timer_update();
	t0 = vmi_time_ns();
	vmi_safe_halt();                 /* returns with events enabled */
	idle_ns += vmi_time_ns() - t0;
}

/* Timed sleeps that are over, and alarms that are due. */
static void check_timers(uint64_t now)
{
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (!p)
			continue;
		if (p->state == P_SLEEPING && p->wake_at && p->wake_at <= now)
			p->state = P_RUNNABLE;
		if (p->alarm_at && p->alarm_at <= now && p->state != P_UNUSED &&
		    p->nthreads > 0) {
			/* A periodic timer keeps its rhythm (missed periods are one). */
			p->alarm_at = p->alarm_interval ? p->alarm_at + p->alarm_interval : 0;
			if (p->alarm_at && p->alarm_at <= now)
				p->alarm_at = now + p->alarm_interval;
			signal_send_group(p, SIGALRM, 0);
		}
	}
}

/* Normal mode: a tick samples CPU time and asks for a switch. */
static void tick(uint64_t now, int user)
{
	if (curproc) {
		if (user)
			curproc->utime_ticks++, cpu_user_ticks++;
		else
			curproc->stime_ticks++, cpu_system_ticks++;
		cpu_timers_tick(curproc->leader, user);
	}
	loadavg_update(now);
	/* Keep a steady rhythm; after a long stall start again from now. */
	next_tick += TICK_NS;
	if (next_tick <= now)
		next_tick = now + TICK_NS;
	need_resched = 1;
}

/*
 * The timer event.  It may be stale: a deadline that fired while events
 * were masked stays pending after the timer was given another one, so
 * only an event at or after the armed deadline counts as that deadline.
 */
static void timer_event(unsigned port, struct trap_regs *r)
{
	uint64_t now = vmi_time_ns();
	int due = armed && armed <= now;
	int user = trap_from_user(r);

	(void)port;
	if (due)
		armed = 0;
	check_timers(now);
	if (due && ticking)
		tick(now, user);
	sched_timer_update();
	if (curproc && user)
		user_return(r);
}

/* The mode from the command line, the timer's handler, the first tick. */
void sched_init(const struct vmi_boot_info *bi)
{
	int port = timer_port();
	char mode[16];

	if (port <= 0)
		panic("sched: no timer port");
	if (boot_option(bi, "sched", mode, sizeof(mode))) {
		if (strcmp(mode, "det") == 0)
			det = 1;
		else if (strcmp(mode, "normal") != 0)
			printf("sched: unknown mode sched=%s, using normal\n", mode);
	}
	if (det)
		printf("sched: deterministic mode (sched=det): no tick, a slice is "
		       "%d kernel entries\n", DET_SLICE);
	event_set_handler(port, timer_event);
	tick_resume();
}

/* ---- the scheduler loop and what processes call ---- */

void scheduler(void)
{
	for (;;) {
		struct proc *p;

		vmi_irq_disable();
		int more = balloon_work();   /* toward the memory target, if asked */
		more |= net_work();          /* received frames, network timers */
		p = pick();
		if (!p) {
			if (more)
				vmi_irq_enable();  /* take events, then the next pass */
			else
				idle();
			continue;
		}
		tick_resume();
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

static int others_runnable(void)
{
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->state == P_RUNNABLE)
			return 1;
	return 0;
}

/*
 * On the way back to user mode (events masked): switch if the mode says
 * the slice is over.  In the deterministic mode only the process's own
 * entries count; an event is no event of the workload's.
 */
void sched_preempt(const struct trap_regs *r)
{
	struct proc *p = curproc;

#ifdef VMI_COUNTERS
	counters_kentry(r->vector);
#endif
	if (!det) {
		if (need_resched) {
			need_resched = 0;
			yield();
		}
		return;
	}
	if (r->vector == TRAP_EVENT || ++p->slice_entries < DET_SLICE)
		return;
	p->slice_entries = 0;
	if (others_runnable())
		yield();
}

void sleep_on(void *chan, uint64_t wake_at)
{
	struct proc *p = curproc;

	p->chan = chan;
	p->wake_at = wake_at;
	p->state = P_SLEEPING;
	if (wake_at)
		sched_timer_update();    /* without the tick, nobody else would */
	sched();
	p->chan = 0;
	p->wake_at = 0;
}

void wakeup(void *chan)
{
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (p && p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
	}
}
