/*
 * hostile/timer_far_future - attack: timer deadlines at the end of time (2^64
 * - 1, 2^64 - 1000, 2^63, now + 2^62); containment: never fires, nothing hangs
 * or wraps, cancel works, a normal timer still fires once.
 *
 * A deadline near 2^64 invites overflow: now + slack, deadline - now
 * scaled to PIT ticks, a signed comparison - any of which would make it
 * fire at once or program a zero-length period forever.  Each deadline is
 * armed and 80 ms are spent with events enabled (yielding, so the victim
 * domain runs too): no event.  Cancel succeeds (a raw TIMEROP_CANCEL
 * returns 0), and afterwards a deadline 5 ms ahead fires exactly once,
 * not early.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "far-future timer deadlines never fire";

#define MS 1000000ull

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	fired_at = vmi_time_ns();
	fired++;
}

static void wait_ms(uint64_t ms, int yield)
{
	uint64_t t = vmi_time_ns();

	vmi_irq_enable();
	while (vmi_time_ns() < t + ms * MS)
		if (yield)
			vmi_sched_yield();
	vmi_irq_disable();
}

void test_main(void)
{
	const uint64_t far[] = { 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFC18ull,
	                         0x8000000000000000ull, vmi_time_ns() + (1ull << 62) };
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	uint64_t t;

	CHECK_GT(port, 0);
	event_set_handler((unsigned)port, on_timer);
	for (unsigned i = 0; i < ARRAY_SIZE(far); i++) {
		printf("attack: deadline %#llx\n", (unsigned long long)far[i]);
		CHECK_RET(hc(HC_TIMER_OP, TIMEROP_SET, (uint32_t)far[i], (uint32_t)(far[i] >> 32)), 0);
		wait_ms(80, i & 1);
		CHECK_EQ(fired, 0);
	}
	CHECK_RET(hc(HC_TIMER_OP, TIMEROP_CANCEL, 0, 0), 0);
	wait_ms(20, 0);
	CHECK_EQ(fired, 0);

	/* A normal timer still works. */
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 5 * MS), 0);
	wait_ms(1005, 0);
	CHECK_EQ(fired, 1);
	CHECK_GE(fired_at, t + 5 * MS);
	CHECK_EQ(event_spurious, 0);
}
