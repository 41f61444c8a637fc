/*
 * sched_block - vmi_sched_block waits for an unmasked pending port without
 * delivering it and without touching the event flag.
 *
 * A kernel that polls (e.g. its idle loop or a driver waiting for a reply)
 * blocks with events masked and drains the ports itself afterwards with
 * vmi_evtchn_next_pending.  If block delivered the event, or returned with
 * events enabled, the caller's critical section would be broken; if a
 * masked port woke it, it would spin.  Checked: the timer port is pending
 * but its handler never ran, events are still masked, a masked pending port
 * neither woke the block nor is reported by next_pending.
 */
#include "../runtime/test.h"

const char test_title[] = "sched: block waits for a pending port, delivers nothing";

#define DELAY_NS 5000000ull

static volatile unsigned handled;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	handled++;
}

void test_main(void)
{
	int timer = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a) : -1;
	uint64_t deadline;

	CHECK_GT(timer, 0);
	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	if (timer <= 0 || a <= 0 || b <= 0)
		return;
	event_set_handler(timer, on_event);
	event_set_handler(a, on_event);

	/* Port a pending but masked: it must not end the block. */
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_mask(a), 0);
	CHECK_RET(vmi_evtchn_send(b), 0);

	deadline = vmi_time_ns() + DELAY_NS;
	CHECK_RET(vmi_timer_set(deadline), 0);
	vmi_sched_block();
	CHECK(vmi_time_ns() >= deadline);      /* woken by the timer, not by a */
	CHECK_EQ(handled, 0);                  /* nothing delivered */
	CHECK_EQ(vmi_irq_save(), 0);           /* still masked */

	/* The caller drains: the timer port, then nothing (a is masked). */
	CHECK_RET(vmi_evtchn_next_pending(), timer);
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* Unmasking a while masked delivers nothing, but makes it takeable. */
	CHECK_RET(vmi_evtchn_unmask(a), 0);
	CHECK_EQ(handled, 0);
	CHECK_RET(vmi_evtchn_next_pending(), a);
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* An unmasked port already pending: block returns at once (a lost
	 * wake-up would hang and be reported by the runner's timeout). */
	CHECK_RET(vmi_evtchn_send(b), 0);
	vmi_sched_block();
	CHECK_EQ(handled, 0);
	CHECK_EQ(vmi_irq_save(), 0);
	CHECK_RET(vmi_evtchn_next_pending(), a);

	/* All drained: enabling events delivers nothing late. */
	vmi_irq_enable();
	CHECK_EQ(handled, 0);
	CHECK_EQ(event_spurious, 0);
}
