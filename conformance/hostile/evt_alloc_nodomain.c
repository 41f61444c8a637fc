/*
 * hostile/evt_alloc_nodomain - attack: alloc_unbound and bind_interdomain
 * naming domains that do not exist (ids past the last domain, reserved ids,
 * ids that alias live ones when truncated to 16 bits); containment:
 * -VMI_ESRCH, no port consumed.
 *
 * This run has two domains, the attacker (0) and the victim (1).  Ids 2-8,
 * 0x7FEF/0x7FF1 (beside VMI_DOMID_SELF), 0xFFFE/0xFFFF (the hypervisor's
 * owner markers), and 0x10000, 0x10001, 0x17FF0 (which are 0, 1 and
 * VMI_DOMID_SELF in 16 bits: a truncating lookup would find a live domain),
 * and 0xFFFFFFFF must all be -VMI_ESRCH for both calls.  No port is taken
 * (the next allocation is still port 1).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "event channels to nonexistent domains are refused";

void test_main(void)
{
	static const uint32_t ids[] = { 2, 3, 7, 8, 0x7FEF, 0x7FF1, 0xFFFE, 0xFFFF, 0x10000,
	                                0x10001, 0x17FF0, 0x80000000u, 0xFFFFFFFFu };
	int p;

	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
		printf("attack: domain %#x\n", ids[i]);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_ALLOC_UNBOUND, ids[i], 0), -VMI_ESRCH);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, ids[i], 1), -VMI_ESRCH);
	}
	CHECK_RET(vmi_evtchn_alloc_unbound(5), -VMI_ESRCH);

	/* No port was consumed; the live ids do work (positive control). */
	p = vmi_evtchn_alloc_unbound(1);                      /* the victim */
	CHECK_RET(p, 1);
	CHECK_RET(vmi_evtchn_send((uint32_t)p), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_close((uint32_t)p), 0);
	p = vmi_evtchn_alloc_unbound(0);                      /* ourselves, by id */
	CHECK_RET(p, 1);
	CHECK_RET(vmi_evtchn_close((uint32_t)p), 0);
}
