/*
 * hostile/hc_bad_numbers - attack: hypercall numbers out of range (HC_NR,
 * 0x80, 0x80000000, 0xFFFFFFFF), directly and in a multicall; containment:
 * -VMI_ENOSYS / -VMI_EINVAL, nothing runs.
 *
 * A dispatcher that indexed its table without a bound (or with a signed
 * compare) would jump through whatever lies beyond it.  Each number is
 * issued with argument registers that a real hypercall would act on (a
 * console write of a marker string, an event-channel allocation): the
 * result must be -VMI_ENOSYS directly and -VMI_EINVAL inside a multicall,
 * and no port may have been allocated (the next one is still the lowest).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "out-of-range hypercall numbers are refused";

void test_main(void)
{
	static const uint32_t bad[] = { HC_NR, HC_NR + 1, 0x80, 0x82, 0x100, 0x7FFFFFFF,
	                                0x80000000u, 0x80000000u + HC_CONSOLE_IO,
	                                0xFFFFFFF2u, 0xFFFFFFFFu };
	static const char marker[] = "FAIL: this must never be printed\n";
	struct pvhv_multicall mc[ARRAY_SIZE(bad)];
	int first;

	printf("attack: %u out-of-range numbers\n", (unsigned)ARRAY_SIZE(bad));
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_RET(hc(bad[i], CONSOLEIO_WRITE, sizeof marker - 1, (uint32_t)marker),
		          -VMI_ENOSYS);
		CHECK_RET(hc(bad[i], EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF, 0), -VMI_ENOSYS);
		mc[i] = (struct pvhv_multicall){ bad[i], { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 };
	}
	printf("attack: the same numbers in one multicall\n");
	CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, ARRAY_SIZE(bad), 0), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_RET(mc[i].result, -VMI_EINVAL);

	/* Nothing was allocated: the first port is still port 1. */
	first = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(first, 1);
	CHECK_RET(vmi_evtchn_close(first), 0);
}
