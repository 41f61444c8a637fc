/*
 * hostile/multicall_abuse - attack: the batching hypercall used directly
 * (raw `int $0x82`): a nested multicall, a scheduler call and an unknown
 * number inside a batch, an oversized count, a batch at an unmapped
 * address and one inside the hypervisor's range.
 * Containment: only legitimate entries run (an event-channel allocation
 * here, whose port the test then closes); every other entry reports
 * -VMI_EINVAL in its result slot; bad counts and pointers fail the whole
 * call with -VMI_EINVAL / -VMI_EFAULT; the domain and hypervisor run on.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "multicall abuse is contained";

static int32_t hypercall(uint32_t nr, uint32_t a, uint32_t b, uint32_t c)
{
	int32_t ret;
	asm volatile("int $0x82" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

void test_main(void)
{
	struct pvhv_multicall mc[4] = {
		{ HC_EVTCHN_OP, { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 },
		{ HC_MULTICALL, { 0, 1 }, 99 },
		{ HC_SCHED_OP, { SCHEDOP_SHUTDOWN, VMI_SHUTDOWN_CRASH, 1 }, 99 },
		{ 1000, { 0 }, 99 },
	};
	CHECK_RET(hypercall(HC_MULTICALL, (uint32_t)mc, 4, 0), 0);
	CHECK_GT(mc[0].result, 0);                  /* a real port */
	CHECK_RET(mc[1].result, -VMI_EINVAL);       /* no nesting */
	CHECK_RET(mc[2].result, -VMI_EINVAL);       /* no scheduling in a batch */
	CHECK_RET(mc[3].result, -VMI_EINVAL);       /* unknown hypercall */
	CHECK_RET(hypercall(HC_EVTCHN_OP, EVTCHNOP_CLOSE, (uint32_t)mc[0].result, 0), 0);
	CHECK_RET(hypercall(HC_MULTICALL, (uint32_t)mc, PVHV_MULTICALL_MAX + 1, 0), -VMI_EINVAL);
	CHECK_RET(hypercall(HC_MULTICALL, 0x40000000u, 1, 0), -VMI_EFAULT);
	CHECK_RET(hypercall(HC_MULTICALL, PVHV_HV_BASE, 1, 0), -VMI_EFAULT);
	CHECK_RET(hypercall(HC_NR + 5, 0, 0, 0), -VMI_ENOSYS);
}
