/*
 * hostile/timer_past - attack: timer deadlines in the past (0, 1, now - 1,
 * now) and one replacing a pending future deadline; containment: each fires at
 * once, exactly once.
 *
 * A deadline already passed must not be lost (the PIT cannot be programmed
 * for "-5 ms"), must not fire repeatedly (a timer left armed with a past
 * deadline would re-fire at every interrupt), and must replace an earlier
 * future deadline.  For each, with events masked, VIRQ_TIMER is pending
 * right after timer_set; unmasking delivers exactly one event, and 60 ms of
 * waiting with events enabled brings no second one.
 */
#include "../runtime/test.h"

const char test_title[] = "past timer deadlines fire at once, exactly once";

#define MS 1000000ull

static volatile unsigned fired;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	fired++;
}

static void past(const char *what, uint64_t deadline, uint64_t cancel_after)
{
	uint64_t t;

	printf("attack: deadline %s\n", what);
	fired = 0;
	if (cancel_after) {                          /* a future deadline first */
		CHECK_RET(vmi_timer_set(vmi_time_ns() + cancel_after), 0);
	}
	CHECK_RET(vmi_timer_set(deadline), 0);
	CHECK_EQ(fired, 0);                          /* masked: not yet delivered */
	vmi_irq_enable();
	CHECK_EQ(fired, 1);                          /* ... but pending at once */
	t = vmi_time_ns();
	while (vmi_time_ns() < t + 60 * MS + cancel_after)
		;
	vmi_irq_disable();
	CHECK_EQ(fired, 1);
}

void test_main(void)
{
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	uint64_t now;

	CHECK_GT(port, 0);
	event_set_handler((unsigned)port, on_timer);
	vmi_irq_disable();
	past("0", 0, 0);
	past("1", 1, 0);
	now = vmi_time_ns();
	past("now - 1", now - 1, 0);
	past("now", vmi_time_ns(), 0);
	past("1, replacing one 10 ms ahead", 1, 10 * MS);
	CHECK_EQ(event_spurious, 0);
}
