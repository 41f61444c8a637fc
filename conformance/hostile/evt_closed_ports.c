/*
 * hostile/evt_closed_ports - attack: use ports after closing them (send, close
 * again, bind to a closed offer) and look for events leaking into a reused
 * port number; containment: -VMI_EINVAL / -VMI_ENOTCONN, nothing delivered.
 *
 * A loop-back pair (a offered, b bound to it): after a is closed, sending
 * on a is -VMI_EINVAL, closing it again -VMI_EINVAL, binding to it
 * -VMI_EINVAL, and sending on b -VMI_ENOTCONN (b is unbound again).  A
 * pending event on a at the time of the close must not survive into the
 * port that reuses the number.  A closed VIRQ port: the timer's VIRQ is
 * dropped (nothing pending anywhere), and the number reused by a new bind
 * starts clean.  Events stay masked throughout; vmi_evtchn_next_pending
 * shows what is pending.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "closed ports stay closed";

void test_main(void)
{
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF), b, c, v;

	b = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, (uint32_t)a);
	CHECK_RET(a, 1);
	CHECK_RET(b, 2);
	CHECK_RET(vmi_evtchn_send((uint32_t)b), 0);         /* a is pending now */

	printf("attack: use a closed inter-domain port\n");
	CHECK_RET(vmi_evtchn_close((uint32_t)a), 0);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, (uint32_t)a, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_CLOSE, (uint32_t)a, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, VMI_DOMID_SELF, (uint32_t)a),
	          -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, (uint32_t)b, 0), -VMI_ENOTCONN);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);            /* a's event went with it */

	/* b is on offer to us again: a new port (reusing 1) binds to it, clean. */
	c = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, (uint32_t)b);
	CHECK_RET(c, 1);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_send((uint32_t)b), 0);
	CHECK_EQ(vmi_evtchn_next_pending(), c);
	CHECK_RET(vmi_evtchn_close((uint32_t)b), 0);
	CHECK_RET(vmi_evtchn_close((uint32_t)c), 0);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, (uint32_t)c, 0), -VMI_EINVAL);

	printf("attack: use a closed VIRQ port\n");
	v = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK_RET(v, 1);
	CHECK_RET(vmi_timer_set(1), 0);                      /* past: pending at once */
	CHECK_RET(vmi_evtchn_close((uint32_t)v), 0);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, (uint32_t)v, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_CLOSE, (uint32_t)v, 0), -VMI_EINVAL);
	CHECK_RET(vmi_timer_set(1), 0);                      /* VIRQ unbound: dropped */
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	v = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);        /* reuses 1, clean */
	CHECK_RET(v, 1);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_close((uint32_t)v), 0);
	CHECK_EQ(event_spurious, 0);
}
