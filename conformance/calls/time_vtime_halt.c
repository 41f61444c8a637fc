/*
 * time_vtime_halt - run time (vmi_vtime_ns) while the guest waits in
 * vmi_safe_halt for a timer event.
 *
 * Run time is what a scheduler charges a task with; time spent halted is
 * nobody's run time.  The guest halts until a timer event 50 ms ahead and
 * checks: the event came (at or after its deadline), run time did not go
 * backwards, and it advanced by no more than system time did over the same
 * interval (system time read first and last, so the inequality is exact).
 * How much less it advanced depends on the backend and the host, so only
 * the weak inequality is checked; the figures appear in env: lines.  Also:
 * safe_halt returns with events enabled, after the callback has run.
 */
#include "../runtime/test.h"

const char test_title[] = "vtime does not outrun time_ns across safe_halt";

#define AHEAD_NS 50000000ull                /* 50 ms */

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	fired_at = vmi_time_ns();
	fired++;
}

void test_main(void)
{
	uint64_t t0, v0, v1, t1, deadline;
	unsigned long flags;
	unsigned not_enabled = 0;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK(port > 0 && port < VMI_NR_PORTS);
	if (port <= 0 || port >= VMI_NR_PORTS)
		return;
	event_set_handler(port, on_timer);

	t0 = vmi_time_ns();
	v0 = vmi_vtime_ns();
	deadline = t0 + AHEAD_NS;
	CHECK_RET(vmi_timer_set(deadline), 0);
	/* Check with events masked, then enable-and-wait atomically. */
	while (fired == 0) {
		vmi_safe_halt();
		flags = vmi_irq_save();
		not_enabled += flags != VMI_IRQ_ENABLED;   /* safe_halt enables */
	}
	v1 = vmi_vtime_ns();
	t1 = vmi_time_ns();

	CHECK_EQ(not_enabled, 0);
	CHECK_EQ(fired, 1);
	CHECK_GE(fired_at, deadline);
	CHECK_GE(v1, v0);
	CHECK_LE(v1 - v0, t1 - t0);
	CHECK_LE(v1, t1);
	test_env("over %llu us of system time, run time advanced %llu us",
	         (unsigned long long)((t1 - t0) / 1000),
	         (unsigned long long)((v1 - v0) / 1000));
}
