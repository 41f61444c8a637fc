/*
 * mmu_pte_write_rules - what vmi_pte_write must refuse, and with which error.
 *
 * vmi_pte_write is the only way into a pinned table, so it applies the pin
 * rules to every entry.  Checks -VMI_EINVAL for a target that is not a
 * pinned table (ordinary frame, frame beyond memory), a misaligned entry
 * address, a writable mapping of a pinned table, a mapping of a frame the
 * guest does not own, an L2 entry naming an unpinned frame or a large page;
 * -VMI_EPERM for the backend's L2 slots (>= VMI_L2_HV_FIRST).  A refused
 * write must leave the entry as it was; valid writes to the same entries
 * succeed (positive controls).  Only a spare, not-in-use L2 is used for the
 * L2 cases, so a backend that wrongly accepted could not break the test.
 */
#include "../runtime/test.h"

const char test_title[] = "pte_write refuses entries that break the rules";

void test_main(void)
{
	const uint32_t P = VMI_PTE_P, W = VMI_PTE_W;
	uint32_t plain = frame_alloc(), data = frame_alloc();
	uint32_t l1 = pt_new_table(1), l2 = pt_new_table(2);
	uint32_t e1 = (l1 << VMI_PAGE_SHIFT) | 4 * 10;  /* entry 10 of l1 */
	uint32_t e2 = (l2 << VMI_PAGE_SHIFT) | 4 * 10;  /* entry 10 of l2 */
	const volatile vmi_pte_t *t1 = pfn_to_va(l1), *t2 = pfn_to_va(l2);
	vmi_pte_t good = vmi_make_pte(data, P | W);

	/* The target must be an entry of a pinned table. */
	CHECK_RET(vmi_pte_write(plain << VMI_PAGE_SHIFT, good), -VMI_EINVAL);
	CHECK_EQ(((vmi_pte_t *)pfn_to_va(plain))[0], 0);
	CHECK_RET(vmi_pte_write((test_bi->nr_pages + 5) << VMI_PAGE_SHIFT, 0), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e1 + 1, good), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e1 + 2, good), -VMI_EINVAL);

	/* L1 entries. */
	CHECK_RET(vmi_pte_write(e1, good), 0);
	CHECK_EQ(t1[10], good);
	CHECK_RET(vmi_pte_write(e1, vmi_make_pte(l2, P | W)), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e1, vmi_make_pte(l1, P | W)), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e1, vmi_make_pte(test_bi->nr_pages + 5, P)), -VMI_EINVAL);
	CHECK_EQ(t1[10], good);             /* refused writes changed nothing */
	CHECK_RET(vmi_pte_write(e1, vmi_make_pte(l2, P)), 0);   /* read-only: fine */
	CHECK_EQ(vmi_pte_pfn(t1[10]), l2);
	CHECK_RET(vmi_pte_write(e1, 0), 0);
	CHECK_EQ(t1[10], 0);

	/* A frame holding a writable mapping cannot be pinned, and while a
	 * pinned L1 maps a frame writable that frame cannot be pinned either. */
	CHECK_RET(vmi_pte_write(e1, good), 0);
	CHECK_RET(pt_set_alias_writable(data, 0), 0);
	CHECK_RET(vmi_pt_pin(data, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pte_write(e1, vmi_make_pte(data, P)), 0);
	CHECK_RET(vmi_pt_pin(data, 1), 0);
	CHECK_RET(vmi_pte_write(e1, good), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(data), 0);

	/* L2 entries: pinned L1s only, no large pages. */
	CHECK_RET(vmi_pte_write(e2, vmi_make_pte(plain, P | W)), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e2, vmi_make_pte(l2, P | W)), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(e2, vmi_make_pte(l1, P | W | VMI_PTE_PS)), -VMI_EINVAL);
	CHECK_EQ(t2[10], 0);
	CHECK_RET(vmi_pte_write(e2, vmi_make_pte(l1, P | W)), 0);
	CHECK_EQ(vmi_pte_pfn(t2[10]), l1);

	/* The backend's slots, even with an entry that is valid elsewhere. */
	CHECK_RET(vmi_pte_write((l2 << VMI_PAGE_SHIFT) | 4 * VMI_L2_HV_FIRST,
	                        vmi_make_pte(l1, P | W)), -VMI_EPERM);
	CHECK_RET(vmi_pte_write((l2 << VMI_PAGE_SHIFT) | 4 * 1023,
	                        vmi_make_pte(l1, P | W)), -VMI_EPERM);
	CHECK_RET(vmi_pte_write((l2 << VMI_PAGE_SHIFT) | 4 * (VMI_L2_HV_FIRST - 1),
	                        vmi_make_pte(l1, P | W)), 0);
}
