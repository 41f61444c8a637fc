/*
 * time_timer - the one-shot timer: vmi_timer_set raises VIRQ_TIMER at or
 * after its deadline.
 *
 * Sleeping, timeouts and preemption all rest on this: an event must never
 * come early (a kernel would wake a sleeper before its time) and must come
 * reasonably soon after.  Checks, for deadlines 1, 5 and 20 ms ahead: the
 * handler sees time_ns() >= deadline (strictly, no tolerance) and the event
 * arrives within 1 s of the deadline (a deliberately generous bound: TCG on
 * a loaded host is slow); each set delivers exactly one event (one-shot:
 * nothing more in the next 30 ms).  A deadline already past - the current
 * time, or 1 ns after boot - is pending at once: delivered by the time
 * vmi_irq_enable returns.  Latencies appear only in env: lines.
 */
#include "../runtime/test.h"

const char test_title[] = "timer_set fires once, never before the deadline";

#define MS       1000000ull
#define BOUND_NS (1000 * MS)                /* "soon after": within 1 s */

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	fired_at = vmi_time_ns();
	fired++;
}

/* With events enabled, spin until `count` events or `limit` (system time). */
static void wait_events(unsigned count, uint64_t limit)
{
	vmi_irq_enable();
	while (fired < count && vmi_time_ns() < limit)
		;
	vmi_irq_disable();
}

void test_main(void)
{
	static const uint64_t ahead[] = { 1 * MS, 5 * MS, 20 * MS };
	uint64_t deadline, worst = 0;
	unsigned early = 0, late = 0, missing = 0, extra = 0;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK(port > 0 && port < VMI_NR_PORTS);
	if (port <= 0 || port >= VMI_NR_PORTS)
		return;
	event_set_handler(port, on_timer);

	for (unsigned i = 0; i < ARRAY_SIZE(ahead); i++) {
		unsigned before = fired;

		deadline = vmi_time_ns() + ahead[i];
		CHECK_RET(vmi_timer_set(deadline), 0);
		wait_events(before + 1, deadline + BOUND_NS);
		if (fired == before) {
			missing++;
			continue;
		}
		early += fired_at < deadline;
		late += fired_at - deadline > BOUND_NS;
		if (fired_at - deadline > worst)
			worst = fired_at - deadline;
		/* One-shot: nothing more comes. */
		wait_events(before + 2, vmi_time_ns() + 30 * MS);
		extra += fired != before + 1;
	}
	CHECK_EQ(missing, 0);
	CHECK_EQ(early, 0);
	CHECK_EQ(late, 0);
	CHECK_EQ(extra, 0);
	test_env("worst timer latency %llu us", (unsigned long long)(worst / 1000));

	/* Deadlines already past: pending at once. */
	fired = 0;
	CHECK_RET(vmi_timer_set(vmi_time_ns()), 0);
	vmi_irq_enable();
	CHECK_EQ(fired, 1);
	vmi_irq_disable();
	CHECK_RET(vmi_timer_set(1), 0);
	vmi_irq_enable();
	CHECK_EQ(fired, 2);
	CHECK_EQ(event_spurious, 0);
}
