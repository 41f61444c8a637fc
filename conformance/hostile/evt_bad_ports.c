/*
 * hostile/evt_bad_ports - attack: event-channel ports out of range (0, 256,
 * 0x10001, 0x80000000, 0xFFFFFFFF) for send, close, mask, unmask, bind;
 * containment: -VMI_EINVAL, no port state changes.
 *
 * The port table has VMI_NR_PORTS entries and port 0 is never valid; an
 * unchecked index (or a signed compare, or one truncated to 16 bits) would
 * reach outside it - into the VIRQ table next to it, say.  So the domain
 * first holds real ports there: VIRQ_TIMER (1), VIRQ_CONSOLE (2) and a
 * loop-back pair (3 offered, 4 bound).  Then raw HC_EVTCHN_OP send and
 * close, a raw HC_EVTCHN_SEND (the send's fast path, hypervisor/entry.S),
 * vmi_evtchn_mask/unmask, bind_virq with bad VIRQ numbers and
 * bind_interdomain to bad remote ports of this domain are all
 * -VMI_EINVAL.  Afterwards the four ports still work (the timer's VIRQ
 * arrives on 1, a send on 4 arrives on 3, each once) and the next port is 5.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "out-of-range event-channel ports are refused";

void test_main(void)
{
	static const uint32_t bad[] = { 0, VMI_NR_PORTS, VMI_NR_PORTS + 1, VMI_NR_PORTS + 2,
	                                0x10000, 0x10001, 0x7FFFFFFF, 0x80000000u, 0x80000001u,
	                                0xFFFFFFFEu, 0xFFFFFFFFu };
	static const uint32_t bad_virq[] = { VMI_NR_VIRQS, 0xFF, 0x100, 0x80000000u, 0xFFFFFFFFu };
	int p;

	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), 1);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE), 2);
	CHECK_RET(vmi_evtchn_alloc_unbound(VMI_DOMID_SELF), 3);
	CHECK_RET(vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, 3), 4);

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		printf("attack: port %#x\n", bad[i]);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, bad[i], 0), -VMI_EINVAL);
		CHECK_RET(hc(HC_EVTCHN_SEND, bad[i], 0, 0), -VMI_EINVAL);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_CLOSE, bad[i], 0), -VMI_EINVAL);
		CHECK_RET(vmi_evtchn_mask(bad[i]), -VMI_EINVAL);
		CHECK_RET(vmi_evtchn_unmask(bad[i]), -VMI_EINVAL);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, VMI_DOMID_SELF, bad[i]),
		          -VMI_EINVAL);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(bad_virq); i++) {
		printf("attack: VIRQ %#x\n", bad_virq[i]);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_VIRQ, bad_virq[i], 0), -VMI_EINVAL);
	}

	/* Everything still as it was, and working. */
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_timer_set(1), 0);                      /* past: VIRQ at once */
	CHECK_EQ(vmi_evtchn_next_pending(), 1);
	CHECK_RET(vmi_evtchn_send(4), 0);
	CHECK_EQ(vmi_evtchn_next_pending(), 3);
	CHECK_RET(vmi_evtchn_send(3), 0);
	CHECK_EQ(vmi_evtchn_next_pending(), 4);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), -VMI_EEXIST);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE), -VMI_EEXIST);
	p = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(p, 5);
	for (uint32_t i = 1; i <= 5; i++)
		CHECK_RET(vmi_evtchn_close(i), 0);
}
