/*
 * hostile/evt_port_exhaust - attack: take every port (1-255), then ask for
 * more with alloc_unbound, bind_virq and bind_interdomain; containment:
 * -VMI_ENOSPC, and a refused bind leaves the offer intact.
 *
 * With all 255 ports in use every allocating call must fail with
 * -VMI_ENOSPC and change nothing - in particular a bind_interdomain that
 * finds no local port must not have half-bound the remote offer (which
 * must still be unbound: sending on it is -VMI_ENOTCONN) nor written past
 * the table.  After one port is closed the same bind succeeds, on exactly
 * that number, and the pair works.
 */
#include "../runtime/test.h"

const char test_title[] = "exhausting the ports is contained";

void test_main(void)
{
	uint32_t got = 0, wrong = 0, closed = 0;
	int p;

	printf("attack: allocate every port\n");
	for (uint32_t i = 1; i < VMI_NR_PORTS; i++) {
		p = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
		got += p > 0;
		wrong += p != (int)i;
	}
	CHECK_EQ(got, VMI_NR_PORTS - 1);
	CHECK_EQ(wrong, 0);
	CHECK_RET(vmi_evtchn_alloc_unbound(VMI_DOMID_SELF), -VMI_ENOSPC);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), -VMI_ENOSPC);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, 255), -VMI_ENOSPC);
	CHECK_RET(vmi_evtchn_send(255), -VMI_ENOTCONN);      /* still just an offer */

	CHECK_RET(vmi_evtchn_close(7), 0);
	p = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, 255);
	CHECK_RET(p, 7);
	CHECK_RET(vmi_evtchn_send(7), 0);
	CHECK_EQ(vmi_evtchn_next_pending(), 255);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	for (uint32_t i = 1; i < VMI_NR_PORTS; i++)
		closed += vmi_evtchn_close(i) == 0;
	CHECK_EQ(closed, VMI_NR_PORTS - 1);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), 1);
}
