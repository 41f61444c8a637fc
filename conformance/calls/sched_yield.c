/*
 * sched_yield - vmi_sched_yield returns and changes nothing of the caller's
 * state: event flag, pending and masked ports.
 *
 * A kernel yields from spin-wait loops with events in either state; a yield
 * that enabled events, delivered a pending event while masked, or consumed
 * it, would break the caller.  With a single domain (every conformance run)
 * it simply returns; under pvhv it may run other domains first, which is
 * invisible here.
 */
#include "../runtime/test.h"

const char test_title[] = "sched: yield returns with state unchanged";

#define YIELDS 1000

static volatile unsigned delivered;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	delivered++;
}

void test_main(void)
{
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a) : -1;

	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	if (a <= 0 || b <= 0)
		return;
	event_set_handler(a, on_event);

	/* Masked, with a port pending: not delivered, not consumed. */
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_send(b), 0);
	for (int i = 0; i < YIELDS; i++)
		vmi_sched_yield();
	CHECK_EQ(delivered, 0);
	CHECK_EQ(vmi_irq_save(), 0);
	CHECK_RET(vmi_evtchn_next_pending(), a);
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* Enabled: stays enabled, nothing spurious delivered. */
	vmi_irq_enable();
	for (int i = 0; i < YIELDS; i++)
		vmi_sched_yield();
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	CHECK_EQ(delivered, 0);

	/* A masked port stays masked and pending across a yield. */
	CHECK_RET(vmi_evtchn_mask(a), 0);
	CHECK_RET(vmi_evtchn_send(b), 0);
	vmi_irq_enable();
	vmi_sched_yield();
	CHECK_EQ(delivered, 0);
	CHECK_RET(vmi_evtchn_unmask(a), 0);       /* delivers now */
	CHECK_EQ(delivered, 1);
	CHECK_EQ(event_spurious, 0);
}
