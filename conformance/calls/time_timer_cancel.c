/*
 * time_timer_cancel - vmi_timer_set replaces the deadline; vmi_timer_cancel
 * disarms it.
 *
 * A kernel re-arms the one timer constantly (the next of many software
 * timers) and cancels it when nothing is due; a stale deadline firing would
 * wake it early.  Checks: setting 20 ms then 40 ms ahead gives one event, at
 * or after the second deadline (the first was replaced); setting 40 ms then
 * 10 ms gives one event at or after the earlier one and nothing at the
 * later one; a cancelled timer stays silent well past its deadline (80 ms of
 * busy waiting with events enabled); a VIRQ_TIMER already pending stays
 * pending across a cancel.  Waiting is a busy loop on time_ns, so a lost
 * event ends in a FAIL line, not a hang.
 */
#include "../runtime/test.h"

const char test_title[] = "timer_set replaces, timer_cancel disarms";

#define MS 1000000ull

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	fired_at = vmi_time_ns();
	fired++;
}

/* Busy-wait with events enabled until `count` events have come or system
 * time reaches `until`; `count` 0 waits for the time alone. */
static void wait_until(unsigned count, uint64_t until)
{
	vmi_irq_enable();
	while ((count == 0 || fired < count) && vmi_time_ns() < until)
		;
	vmi_irq_disable();
}

void test_main(void)
{
	uint64_t t, first;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK(port > 0 && port < VMI_NR_PORTS);
	if (port <= 0 || port >= VMI_NR_PORTS)
		return;
	event_set_handler(port, on_timer);

	/* Later replaces earlier. */
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 20 * MS), 0);
	CHECK_RET(vmi_timer_set(t + 40 * MS), 0);
	wait_until(1, t + 1040 * MS);       /* the second deadline + 1 s */
	wait_until(0, t + 80 * MS);         /* and no second event */
	CHECK_EQ(fired, 1);
	CHECK_GE(fired_at, t + 40 * MS);

	/* Earlier replaces later: exactly one event, not before the earlier. */
	fired = 0;
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 40 * MS), 0);
	CHECK_RET(vmi_timer_set(t + 10 * MS), 0);
	wait_until(0, t + 120 * MS);
	CHECK_EQ(fired, 1);
	first = fired_at;
	CHECK_GE(first, t + 10 * MS);

	/* Cancelled: silence past the deadline. */
	fired = 0;
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 10 * MS), 0);
	vmi_timer_cancel();
	wait_until(0, t + 90 * MS);
	CHECK_EQ(fired, 0);
	vmi_timer_cancel();                 /* cancelling nothing is harmless */

	/* Cancel does not take back an event already pending. */
	CHECK_RET(vmi_timer_set(vmi_time_ns()), 0); /* past: pending at once */
	vmi_timer_cancel();
	CHECK_EQ(fired, 0);
	vmi_irq_enable();
	CHECK_EQ(fired, 1);
	vmi_irq_disable();

	/* The timer still works after all that. */
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 5 * MS), 0);
	wait_until(2, t + 1005 * MS);
	CHECK_EQ(fired, 2);
	CHECK_GE(fired_at, t + 5 * MS);
	CHECK_EQ(event_spurious, 0);
}
