/*
 * hostile/mm_unpin_live - attack: unpin the tables in use (the live L2, each
 * L1 it refers to) with raw MMUEXT_UNPIN; containment: -VMI_EBUSY, still
 * pinned.
 *
 * Were an unpin of a live table accepted, the guest could map the frame
 * writable and rewrite its own running address space.  The live L2 and
 * every L1 its guest slots refer to are unpinned directly and inside a
 * multicall: each -VMI_EBUSY, and afterwards each is still pinned (pin:
 * -VMI_EBUSY) and its alias still cannot be made writable.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "live page tables cannot be unpinned";

void test_main(void)
{
	uint32_t l2 = pt_current_l2, busy = 0, l1s = 0, still = 0;
	const vmi_pte_t *t = pfn_to_va(l2);
	struct pvhv_multicall mc[2] = {
		{ HC_MMUEXT_OP, { MMUEXT_UNPIN, vmi_pfn_to_mfn(l2) }, 99 },
		{ HC_MMUEXT_OP, { MMUEXT_UNPIN, t[VMI_KERNEL_BASE >> 22] >> VMI_PAGE_SHIFT }, 99 },
	};

	printf("attack: unpin the live L2\n");
	CHECK_RET(hc(HC_MMUEXT_OP, MMUEXT_UNPIN, vmi_pfn_to_mfn(l2), 0), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(l2, 2), -VMI_EBUSY);

	printf("attack: unpin every L1 the live L2 refers to\n");
	for (uint32_t s = 0; s < VMI_L2_HV_FIRST; s++) {
		if (!(t[s] & VMI_PTE_P))
			continue;
		l1s++;
		busy += hc(HC_MMUEXT_OP, MMUEXT_UNPIN, t[s] >> VMI_PAGE_SHIFT, 0) == -VMI_EBUSY;
		still += vmi_pt_pin(vmi_pte_pfn(t[s]), 1) == -VMI_EBUSY;
	}
	CHECK_GT(l1s, 0);
	CHECK_EQ(busy, l1s);
	CHECK_EQ(still, l1s);

	printf("attack: the same inside a multicall\n");
	CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, 2, 0), 0);
	CHECK_RET(mc[0].result, -VMI_EBUSY);
	CHECK_RET(mc[1].result, -VMI_EBUSY);

	/* Still tables: no writable alias. */
	CHECK_RET(pt_set_alias_writable(l2, 1), -VMI_EINVAL);
	CHECK_RET(pt_set_alias_writable(vmi_pte_pfn(t[VMI_KERNEL_BASE >> 22]), 1), -VMI_EINVAL);
}
