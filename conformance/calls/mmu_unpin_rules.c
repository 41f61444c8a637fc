/*
 * mmu_unpin_rules - vmi_pt_unpin, reference counting, and what a pinned
 * frame may no longer be.
 *
 * Unpinning returns a table frame to ordinary memory, which the guest may
 * then map writable - so a backend must refuse while the table is still in
 * use, or the guest could rewrite a live page table.  Checks: unpin of a
 * frame that is not pinned (or beyond memory) is -VMI_EINVAL; an L1
 * referenced by a pinned L2 - including the boot L1s under the live L2 - is
 * -VMI_EBUSY; the L2 in use is -VMI_EBUSY; once the referring L2 is
 * unpinned the L1 unpins (the reference was dropped); a pinned frame cannot
 * be mapped writable (-VMI_EINVAL from pte_write) and after unpinning it can.
 */
#include "../runtime/test.h"

const char test_title[] = "pt_unpin refuses tables in use";

void test_main(void)
{
	uint32_t cur = pt_current_l2, plain = frame_alloc();
	const vmi_pte_t *cur_tab = pfn_to_va(cur);
	vmi_pte_t kernel_slot = cur_tab[VMI_KERNEL_BASE >> 22];
	uint32_t l1 = pt_new_table(1), l2 = pt_new_table(2);
	volatile uint32_t *l1_alias = pfn_to_va(l1);

	/* Nothing to release. */
	CHECK_RET(vmi_pt_unpin(plain), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(test_bi->nr_pages + 5), -VMI_EINVAL);

	/* The tables of the running address space. */
	CHECK_RET(vmi_pt_unpin(cur), -VMI_EBUSY);
	CHECK(kernel_slot & VMI_PTE_P);
	CHECK_RET(vmi_pt_unpin(vmi_pte_pfn(kernel_slot)), -VMI_EBUSY);

	/* l2 refers to l1: l1 is busy until the reference goes. */
	CHECK_RET(vmi_pte_write(l2 << VMI_PAGE_SHIFT,
	                        vmi_make_pte(l1, VMI_PTE_P | VMI_PTE_W)), 0);
	CHECK_RET(vmi_pt_unpin(l1), -VMI_EBUSY);
	CHECK_RET(vmi_pte_write(l2 << VMI_PAGE_SHIFT, 0), 0);
	CHECK_RET(vmi_pt_unpin(l1), 0);
	CHECK_RET(vmi_pt_unpin(l1), -VMI_EINVAL);

	/* Again, now dropping the reference by unpinning the L2 itself. */
	CHECK_RET(vmi_pt_pin(l1, 1), 0);
	CHECK_RET(vmi_pte_write((l2 << VMI_PAGE_SHIFT) | 4 * 5,
	                        vmi_make_pte(l1, VMI_PTE_P)), 0);
	CHECK_RET(vmi_pt_unpin(l1), -VMI_EBUSY);
	CHECK_RET(vmi_pt_unpin(l2), 0);
	CHECK_RET(vmi_pt_unpin(l1), 0);

	/* While pinned, the alias cannot become writable; afterwards it can. */
	CHECK_RET(vmi_pt_pin(l1, 1), 0);
	CHECK_RET(pt_set_alias_writable(l1, 1), -VMI_EINVAL);
	CHECK_EQ(pt_get(cur, (uint32_t)l1_alias) & VMI_PTE_W, 0);
	CHECK_RET(vmi_pt_unpin(l1), 0);
	CHECK_RET(pt_set_alias_writable(l1, 1), 0);
	l1_alias[3] = 0xA5A5A5A5u;
	CHECK_EQ(l1_alias[3], 0xA5A5A5A5u);

	/* The unpinned L2 is ordinary memory too. */
	CHECK_RET(pt_set_alias_writable(l2, 1), 0);
	CHECK_RET(vmi_pt_unpin(l2), -VMI_EINVAL);
}
