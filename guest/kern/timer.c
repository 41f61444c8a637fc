/*
 * timer.c - timer events: the one-shot timer through VIRQ_TIMER.
 *
 * There are no interrupts in VMI, only events: the timer virq is bound to
 * a port, the port's handler runs from the event callback.  The guest arms a
 * deadline in system time, waits with vmi_safe_halt (events enabled and wait,
 * atomically, so an event arriving just before the wait is not lost) and
 * checks the event never came early.  A cancelled timer must stay silent
 * (checked only when the cancel really came before the deadline).
 */
#include "kernel.h"
#include "lib/kernel/event.h"
#include "lib/klib.h"

#define NR_TICKS    5
#define TICK_NS     1000000ull   /* deadlines 1, 2, ... ms ahead */
#define QUIET_NS    3000000ull   /* how long past its deadline a cancelled
				  * timer is watched */
#define CANCEL_TRIES 4           /* leads of 1, 4, 16, 64 ms */

static volatile unsigned fired;
static volatile uint64_t fired_at;    /* system time seen by the handler */
static unsigned early, cancel_leaked;
static int port;

static void timer_event(unsigned p, struct trap_regs *r)
{
	(void)p;
	(void)r;
	fired_at = vmi_time_ns();
	fired++;
}

/* Sleep until the handler has run `count` times in all. */
static void wait_fired(unsigned count)
{
	unsigned long flags = vmi_irq_save();

	/* Check with events masked, then enable-and-wait in one step. */
	while (fired < count) {
		vmi_safe_halt();
		vmi_irq_disable();
	}
	vmi_irq_restore(flags);
}

/*
 * Arm `lead` ahead, cancel, and watch until QUIET_NS past the deadline with
 * events enabled.  1 if that proved something (cancelled before the
 * deadline), with *leaked the events seen; 0 if the deadline had already
 * passed when the cancel returned - the machine stalled (a loaded TCG
 * host) - and a VIRQ_TIMER pending then legitimately stays pending.
 */
static int cancel_once(uint64_t lead, unsigned *leaked)
{
	unsigned before = fired;
	unsigned long flags = vmi_irq_save();
	uint64_t deadline = vmi_time_ns() + lead;
	int in_time;

	vmi_timer_set(deadline);
	vmi_timer_cancel();
	in_time = vmi_time_ns() < deadline;
	vmi_irq_enable();
	while (vmi_time_ns() < deadline + QUIET_NS)
		;
	vmi_irq_restore(flags);
	*leaked = fired - before;
	if (!in_time)
		fired = before;       /* a legitimate event: not the demo's */
	return in_time;
}

/* A cancelled timer stays silent: retried with a longer lead while the
 * machine was too slow to cancel in time; never conclusive is a failure. */
static void cancel_test(void)
{
	uint64_t lead = TICK_NS;

	for (int i = 0; i < CANCEL_TRIES; i++, lead *= 4)
		if (cancel_once(lead, &cancel_leaked))
			return;
	cancel_leaked = ~0u;
}

void timer_demo(void)
{
	port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	if (port <= 0)
		panic("timer: cannot bind VIRQ_TIMER (%d)", port);
	event_set_handler(port, timer_event);
	for (unsigned i = 1; i <= NR_TICKS; i++) {
		uint64_t deadline = vmi_time_ns() + i * TICK_NS;

		if (vmi_timer_set(deadline))
			panic("timer: vmi_timer_set failed");
		wait_fired(i);
		if (fired_at < deadline)
			early++;
	}
	cancel_test();
	printf("timer: %u one-shot timer events taken\n", fired);
}

/* The port VIRQ_TIMER is bound to (a VIRQ binds once): the scheduler's
 * tick takes it over after the demo. */
int timer_port(void)
{
	return port;
}

int timer_check(void)
{
	return port > 0 && fired == NR_TICKS && early == 0 &&
	       cancel_leaked == 0 && event_spurious == 0;
}
