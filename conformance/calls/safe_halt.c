/*
 * safe_halt - vmi_safe_halt enables events and waits atomically, returning
 * only after an event was delivered, with events enabled.
 *
 * The idle loop of every kernel is "check for work with events masked, then
 * safe_halt".  If the enable and the wait were not atomic, an event arriving
 * between them would be lost and the kernel would sleep forever.  Two cases,
 * both entered with events masked as an idle loop does: the timer event
 * already pending before the call (must be delivered, not waited past - a
 * lost event hangs the run and the runner's timeout reports it), and a timer
 * 5 ms in the future (must not return before it).  Arming with events
 * enabled would race the timer against the call, so it is not done.
 */
#include "../runtime/test.h"

const char test_title[] = "irq: safe_halt waits for an event, atomically";

#define DELAY_NS 5000000ull

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
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	uint64_t deadline;

	CHECK_GT(port, 0);
	if (port <= 0)
		return;
	event_set_handler(port, on_timer);

	/* Already pending when called: delivered at once, not lost. */
	vmi_irq_disable();
	CHECK_RET(vmi_timer_set(0), 0);           /* a past deadline fires now */
	CHECK_EQ(fired, 0);                       /* ...but events are masked */
	vmi_safe_halt();
	CHECK_EQ(fired, 1);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);  /* and masks again */

	/* In the future: safe_halt returns after the handler, not before the
	 * deadline.  The timer is the only event source, so one call is one
	 * delivery. */
	deadline = vmi_time_ns() + DELAY_NS;
	CHECK_RET(vmi_timer_set(deadline), 0);
	vmi_safe_halt();
	CHECK_EQ(fired, 2);
	CHECK(fired_at >= deadline);
	CHECK(vmi_time_ns() >= deadline);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	CHECK_EQ(event_spurious, 0);
	CHECK_RET(vmi_evtchn_close(port), 0);
}
