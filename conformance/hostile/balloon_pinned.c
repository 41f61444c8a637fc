/*
 * hostile/balloon_pinned - attack: give the hypervisor back frames that
 * are page tables in use - a pinned L1 (unmapped everywhere, so only its
 * type stands in the way), the live L2, and an L1 the live L2 links -
 * with raw HC_MEMORY_OP calls by machine frame; containment: -VMI_EBUSY
 * each time, the frames stay ours and pinned, the tables keep working.
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "a balloon cannot give back a pinned page table";

static int32_t release_mfn(uint32_t mfn)
{
	static uint32_t list[1];

	list[0] = mfn;
	return hc(HC_MEMORY_OP, MEMOP_RELEASE, (uint32_t)list, 1);
}

void test_main(void)
{
	uint32_t l1 = pt_new_table(1), l2 = pt_current_l2;
	uint32_t linked = pt_entry_paddr(l2, (uint32_t)pfn_to_va(l1)) >> VMI_PAGE_SHIFT;

	printf("attack: release a pinned L1 whose only mapping is gone\n");
	CHECK_RET(pt_unmap(l2, (uint32_t)pfn_to_va(l1)), 0);
	CHECK_RET(release_mfn(vmi_pfn_to_mfn(l1)), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(l1, 1), -VMI_EBUSY);              /* still pinned */
	printf("attack: release the live L2 and an L1 it links\n");
	CHECK_RET(release_mfn(vmi_pfn_to_mfn(l2)), -VMI_EBUSY);
	CHECK_RET(release_mfn(vmi_pfn_to_mfn(linked)), -VMI_EBUSY);
	CHECK_NE(vmi_pfn_to_mfn(l2), VMI_INVALID_PFN);
	/* The tables still work: map the L1's frame back and read it. */
	CHECK_RET(pt_map(l2, (uint32_t)pfn_to_va(l1), l1, VMI_PTE_P), 0);
	CHECK_EQ(((volatile uint32_t *)pfn_to_va(l1))[0], 0);
	CHECK_RET(vmi_pt_unpin(l1), 0);
}
