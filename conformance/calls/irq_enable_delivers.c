/*
 * irq_enable_delivers - a pending event is held while events are masked and
 * delivered, once, before vmi_irq_enable / vmi_irq_restore(ENABLED) returns.
 *
 * This is the contract every critical section relies on: nothing runs while
 * masked, and nothing is lost or delayed when unmasking (a kernel that
 * re-enables and then halts would otherwise sleep with work pending).  The
 * event comes from a loop-back inter-domain channel (a port pair of our own
 * domain), so it is raised at a precise moment and independent of timing.
 */
#include "../runtime/test.h"

const char test_title[] = "irq: enabling events delivers what is pending";

static volatile unsigned delivered;
static volatile unsigned long state_in_handler;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	delivered++;
	state_in_handler = vmi_irq_save();   /* the callback runs masked */
}

void test_main(void)
{
	int a, b;

	vmi_irq_disable();
	a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_GT(a, 0);
	b = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a);
	CHECK_GT(b, 0);
	if (a <= 0 || b <= 0)
		return;
	event_set_handler(a, on_event);

	/* Masked: sending makes port a pending, but nothing is delivered. */
	CHECK_RET(vmi_evtchn_send(b), 0);
	vmi_sched_yield();
	CHECK_EQ(delivered, 0);
	/* irq_restore(0) does not deliver either. */
	vmi_irq_restore(0);
	CHECK_EQ(delivered, 0);

	/* irq_enable delivers it exactly once before returning. */
	vmi_irq_enable();
	CHECK_EQ(delivered, 1);
	CHECK_EQ(state_in_handler, 0);
	/* Enabling again (nothing pending) delivers nothing more. */
	vmi_irq_disable();
	vmi_irq_enable();
	CHECK_EQ(delivered, 1);

	/* The same through irq_restore(VMI_IRQ_ENABLED). */
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_send(b), 0);
	CHECK_EQ(delivered, 1);
	vmi_irq_restore(VMI_IRQ_ENABLED);
	CHECK_EQ(delivered, 2);

	/* Two sends while masked coalesce into one pending port: one delivery. */
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_send(b), 0);
	CHECK_RET(vmi_evtchn_send(b), 0);
	vmi_irq_enable();
	CHECK_EQ(delivered, 3);

	/* Events were masked only inside the handler: enabled on return. */
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	CHECK_EQ(event_spurious, 0);
	CHECK_RET(vmi_evtchn_close(b), 0);
	CHECK_RET(vmi_evtchn_close(a), 0);
}
