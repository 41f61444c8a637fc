/*
 * hostile/timer_storm - attack: 100000 timer_set calls in a row (past, near,
 * far and end-of-time deadlines, each replacing the last), then a cancel;
 * containment: one coalesced event, the victim runs on, a real timer still
 * fires once.
 *
 * Every set reprograms the PIT; a storm of them must neither starve the
 * other domain (its checksum run is judged by the runner), nor leave stale
 * deadlines behind, nor queue more than the one pending VIRQ_TIMER the
 * past deadlines raised (a port's pending bit coalesces).  The last set is
 * 3 ms ahead and is cancelled: unmasking delivers exactly one event, 50 ms
 * more deliver none; then a deadline 5 ms ahead fires exactly once, not early.
 */
#include "../runtime/test.h"

const char test_title[] = "a timer_set storm leaves the timer working";

#define MS 1000000ull
#define STORM 100000u

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	fired_at = vmi_time_ns();
	fired++;
}

static void wait_until(unsigned count, uint64_t until)
{
	vmi_irq_enable();
	while ((!count || fired < count) && vmi_time_ns() < until)
		;
	vmi_irq_disable();
}

void test_main(void)
{
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	uint32_t errors = 0;
	uint64_t t;

	CHECK_GT(port, 0);
	event_set_handler((unsigned)port, on_timer);
	vmi_irq_disable();
	printf("attack: %u timer_set calls\n", STORM);
	for (uint32_t i = 0; i < STORM; i++) {
		uint64_t now = vmi_time_ns(), d;
		switch (i % 5) {
		case 0: d = 1; break;                           /* past */
		case 1: d = now + 1000 + i; break;              /* about now */
		case 2: d = 0xFFFFFFFFFFFFFFFFull - i; break;   /* end of time */
		case 3: d = now + 1000000 * MS; break;          /* far */
		default: d = now + 3 * MS; break;               /* near: the last one */
		}
		errors += vmi_timer_set(d) != 0;
	}
	vmi_timer_cancel();
	CHECK_EQ(errors, 0);
	CHECK_EQ(fired, 0);
	t = vmi_time_ns();
	wait_until(0, t + 50 * MS);
	CHECK_EQ(fired, 1);

	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 5 * MS), 0);
	wait_until(2, t + 1005 * MS);
	wait_until(0, vmi_time_ns() + 50 * MS);
	CHECK_EQ(fired, 2);
	CHECK_GE(fired_at, t + 5 * MS);
	CHECK_EQ(event_spurious, 0);
}
