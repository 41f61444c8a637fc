/*
 * hostile/balloon_foreign - attack: give the hypervisor back frames that
 * are not ours: the victim's (found through the global M2P: a frame with a
 * pfn there that our own P2M does not map back), the hypervisor's image
 * (frame 0x100), frame 0 and a frame beyond memory, alone and hidden
 * after a frame we may give back; containment: -VMI_EINVAL every time and
 * nothing released (our good frame stays, the victim's checksum holds).
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "a balloon cannot give back another domain's frame";

#define M2P ((const volatile uint32_t *)PVHV_M2P_VA)

/* A machine frame the M2P gives a pfn but that is not ours. */
static uint32_t foreign_frame(void)
{
	for (uint32_t mfn = 0x1000; mfn < PVHV_M2P_MAX_FRAMES; mfn++)
		if (M2P[mfn] != VMI_INVALID_PFN && vmi_mfn_to_pfn(mfn) == VMI_INVALID_PFN)
			return mfn;
	return VMI_INVALID_PFN;
}

static int32_t release(const uint32_t *mfns, uint32_t n)
{
	return hc(HC_MEMORY_OP, MEMOP_RELEASE, (uint32_t)mfns, n);
}

void test_main(void)
{
	uint32_t mine = frame_alloc(), victim = foreign_frame();
	static uint32_t list[2];
	const uint32_t bad[] = { victim, 0x100, 0, 0xFFFFF, 0xFFFFFFFFu };

	CHECK_NE(victim, VMI_INVALID_PFN);
	CHECK_RET(pt_unmap(pt_current_l2, (uint32_t)pfn_to_va(mine)), 0);
	printf("attack: release frames of the victim, the hypervisor, none\n");
	for (uint32_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		list[0] = bad[i];
		CHECK_RET(release(list, 1), -VMI_EINVAL);
		list[0] = vmi_pfn_to_mfn(mine);
		list[1] = bad[i];
		CHECK_RET(release(list, 2), -VMI_EINVAL);
		CHECK_NE(vmi_pfn_to_mfn(mine), VMI_INVALID_PFN);
	}
	CHECK_EQ(M2P[victim] != VMI_INVALID_PFN, 1);           /* still the victim's */
	/* positive control: our own unmapped frame does go */
	list[0] = vmi_pfn_to_mfn(mine);
	CHECK_RET(release(list, 1), 1);
}
