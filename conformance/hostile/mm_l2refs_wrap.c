/*
 * hostile/mm_l2refs_wrap - attack: wrap an L1's reference count from L2s
 * (65536 L2 entries naming it, from 66 L2s), then unpin it; containment:
 * -VMI_EBUSY.
 *
 * With a 16-bit count, 65536 references would read 0: the L1 could be
 * unpinned while 65 L2s still use it, then made writable and filled with
 * anything - any of those L2s loaded as CR3 would then map it.  Unpin must
 * be -VMI_EBUSY and the L1 must stay pinned (its alias not writable).
 * After the L2s are unpinned (dropping every reference) it unpins
 * (positive control: the count is exact).
 */
#include "../runtime/test.h"

const char test_title[] = "the L2 reference count cannot be wrapped";

#define NR_L2 66                 /* 65 * 1008 + 16 = 65536 */

static struct vmi_mmu_update reqs[VMI_L2_HV_FIRST];
static uint32_t l2s[NR_L2];

void test_main(void)
{
	uint32_t a = pt_new_table(1), refs = 0, freed = 0;
	vmi_pte_t e = vmi_make_pte(a, VMI_PTE_P | VMI_PTE_W);

	printf("attack: 65536 L2 entries naming one L1\n");
	for (int i = 0; i < NR_L2; i++) {
		uint32_t n = i < NR_L2 - 1 ? VMI_L2_HV_FIRST : 65536 - (NR_L2 - 1) * VMI_L2_HV_FIRST;
		uint32_t done = 0;

		l2s[i] = pt_new_table(2);
		for (uint32_t s = 0; s < n; s++)
			reqs[s] = (struct vmi_mmu_update){ (l2s[i] << VMI_PAGE_SHIFT) | s * 4, e };
		if (vmi_mmu_update(reqs, n, &done) == 0)
			refs += done;
	}
	CHECK_EQ(refs, 65536);
	CHECK_RET(vmi_pt_unpin(a), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(a, 1), -VMI_EBUSY);             /* still pinned */
	CHECK_RET(pt_set_alias_writable(a, 1), -VMI_EINVAL);

	/* One reference fewer (65535): still busy. */
	CHECK_RET(vmi_pte_write(l2s[0] << VMI_PAGE_SHIFT, 0), 0);
	CHECK_RET(vmi_pt_unpin(a), -VMI_EBUSY);

	for (int i = 0; i < NR_L2; i++)
		freed += vmi_pt_unpin(l2s[i]) == 0;
	CHECK_EQ(freed, NR_L2);
	CHECK_RET(vmi_pt_unpin(a), 0);
}
