/*
 * evt_loopback - inter-domain event channels, as a loop-back pair.
 *
 * Inter-domain channels are how domains (and later split drivers) signal
 * each other; VMI_DOMID_SELF gives a pair within one guest so the same
 * calls can be tested on every backend.  Checks: alloc_unbound gives a port
 * that cannot send yet (-VMI_ENOTCONN); bind_interdomain connects a second
 * port to it; a send on either end makes the OTHER end pending (its handler
 * runs, the sender's does not); an unknown domain is -VMI_ESRCH; binding a
 * port that is not unbound (connected, VIRQ, free) is -VMI_EINVAL; send on
 * a VIRQ port or a bad port is -VMI_EINVAL; closing one end clears its
 * pending bit and leaves the peer unbound (send -> -VMI_ENOTCONN), and the
 * peer can be bound again.  Deliveries are observed across vmi_irq_enable,
 * which runs the callback for pending events before it returns.
 */
#include "../runtime/test.h"

const char test_title[] = "loop-back event channel pair";

#define BAD_DOMAIN 12345u

static volatile unsigned hits[VMI_NR_PORTS], total;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)r;
	hits[port]++;
	total++;
}

static void handle(int port)
{
	if (port > 0 && port < VMI_NR_PORTS)
		event_set_handler(port, on_event);
}

/* Send with events masked, then let everything pending be delivered. */
static int send_then_deliver(int port)
{
	int rc;

	vmi_irq_disable();
	rc = vmi_evtchn_send(port);
	vmi_irq_enable();
	return rc;
}

void test_main(void)
{
	int a, b, c, v;

	a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK(a > 0 && a < VMI_NR_PORTS);
	handle(a);
	CHECK_RET(vmi_evtchn_send(a), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_alloc_unbound(BAD_DOMAIN), -VMI_ESRCH);
	CHECK_RET(vmi_evtchn_bind_interdomain(BAD_DOMAIN, a), -VMI_ESRCH);

	b = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a);
	CHECK(b > 0 && b < VMI_NR_PORTS && b != a);
	handle(b);

	/* Each end notifies the other, never itself. */
	CHECK_RET(send_then_deliver(a), 0);
	CHECK_EQ(hits[b], 1);
	CHECK_EQ(hits[a], 0);
	CHECK_RET(send_then_deliver(b), 0);
	CHECK_EQ(hits[a], 1);
	CHECK_EQ(hits[b], 1);
	CHECK_EQ(total, 2);

	/* Only an unbound port may be bound. */
	v = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK(v > 0);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, b), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, v), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, 0), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, VMI_NR_PORTS), -VMI_EINVAL);

	/* Send works on inter-domain ports only. */
	CHECK_RET(vmi_evtchn_send(v), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_send(0), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_send(VMI_NR_PORTS), -VMI_EINVAL);

	/* Close b while it is pending: its event is gone, a is unbound. */
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_send(a), 0);
	CHECK_RET(vmi_evtchn_close(b), 0);
	vmi_irq_enable();
	CHECK_EQ(total, 2);
	CHECK_EQ(event_spurious, 0);
	CHECK_RET(vmi_evtchn_send(a), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_send(b), -VMI_EINVAL);

	/* a is on offer again. */
	c = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a);
	CHECK(c > 0 && c < VMI_NR_PORTS && c != a);
	handle(c);
	CHECK_RET(send_then_deliver(c), 0);
	CHECK_EQ(hits[a], 2);
	CHECK_EQ(total, 3);
	CHECK_RET(vmi_evtchn_close(a), 0);
	CHECK_RET(vmi_evtchn_send(c), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_close(c), 0);
	CHECK_RET(vmi_evtchn_close(a), -VMI_EINVAL);
	CHECK_EQ(event_spurious, 0);
}
