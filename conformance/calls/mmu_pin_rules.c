/*
 * mmu_pin_rules - what vmi_pt_pin must refuse, and with which error.
 *
 * Pinning is where a validating backend decides a frame may serve as a page
 * table; if it accepted a bad table, the guest could map the hypervisor or
 * gain write access to its own page tables.  Checks -VMI_EBUSY for a frame
 * still mapped writable and for one already pinned (at either level);
 * -VMI_EINVAL for a bad level, a frame beyond memory, an L1 that maps a
 * pinned frame writable or a frame the guest does not own, and an L2 that
 * refers to an unpinned frame, to a pinned L2 or holds a large page.  Each
 * refusal is followed by a positive control (the corrected table pins), so
 * a backend that refuses everything fails too.  Each bad case differs from
 * a good table in one respect only, so no error precedence is assumed.
 */
#include "../runtime/test.h"

const char test_title[] = "pt_pin refuses tables that break the rules";

/* An ordinary frame whose first entries are e0, e1 (written while it is
 * still plain memory), with its alias made read-only so it could be pinned. */
static uint32_t table_with(vmi_pte_t e0, vmi_pte_t e1)
{
	uint32_t pfn = frame_alloc();
	vmi_pte_t *t = pfn_to_va(pfn);

	t[0] = e0;
	t[1] = e1;
	if (pt_set_alias_writable(pfn, 0))
		test_error("cannot make a table alias read-only");
	return pfn;
}

/* Rewrite entry 0 of a not-pinned table through a briefly writable alias. */
static void set_entry0(uint32_t pfn, vmi_pte_t e)
{
	pt_set_alias_writable(pfn, 1);
	((volatile vmi_pte_t *)pfn_to_va(pfn))[0] = e;
	pt_set_alias_writable(pfn, 0);
}

void test_main(void)
{
	const uint32_t P = VMI_PTE_P, W = VMI_PTE_W;
	uint32_t nr = test_bi->nr_pages;
	uint32_t f = frame_alloc(), data = frame_alloc(), l1, l2, bad;

	/* The alias of a fresh frame is writable: busy at either level. */
	CHECK_RET(vmi_pt_pin(f, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(f, 2), -VMI_EBUSY);
	CHECK_RET(pt_set_alias_writable(f, 0), 0);

	/* Levels other than 1 and 2, and frames past the guest's memory. */
	CHECK_RET(vmi_pt_pin(f, 0), -VMI_EINVAL);
	CHECK_RET(vmi_pt_pin(f, 3), -VMI_EINVAL);
	CHECK_RET(vmi_pt_pin(nr + 5, 1), -VMI_EINVAL);
	CHECK_RET(vmi_pt_pin(VMI_INVALID_PFN, 2), -VMI_EINVAL);

	/* Now it pins, once. */
	CHECK_RET(vmi_pt_pin(f, 1), 0);
	CHECK_RET(vmi_pt_pin(f, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(f, 2), -VMI_EBUSY);
	l1 = f;

	/* L1 contents: no writable mapping of a pinned frame ... */
	bad = table_with(vmi_make_pte(l1, P | W), vmi_make_pte(data, P | W));
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);
	set_entry0(bad, vmi_make_pte(l1, P));   /* read-only is fine */
	CHECK_RET(vmi_pt_pin(bad, 1), 0);

	/* ... and no frame the guest does not own. */
	bad = table_with(vmi_make_pte(nr + 5, P), 0);
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);
	set_entry0(bad, vmi_make_pte(data, P));
	CHECK_RET(vmi_pt_pin(bad, 1), 0);

	/* L2 contents: only pinned L1s. */
	bad = table_with(vmi_make_pte(data, P | W), 0);
	CHECK_RET(vmi_pt_pin(bad, 2), -VMI_EINVAL);
	set_entry0(bad, vmi_make_pte(l1, P | W));
	CHECK_RET(vmi_pt_pin(bad, 2), 0);
	l2 = bad;

	/* A pinned L2 is not an L1, and large pages are never allowed. */
	bad = table_with(vmi_make_pte(l2, P | W), 0);
	CHECK_RET(vmi_pt_pin(bad, 2), -VMI_EINVAL);
	set_entry0(bad, vmi_make_pte(l1, P | W | VMI_PTE_PS));
	CHECK_RET(vmi_pt_pin(bad, 2), -VMI_EINVAL);
	set_entry0(bad, vmi_make_pte(l1, P));
	CHECK_RET(vmi_pt_pin(bad, 2), 0);

	/* A refused pin left nothing behind: the frame is ordinary memory. */
	bad = table_with(vmi_make_pte(data, P | W), 0);
	CHECK_RET(vmi_pt_pin(bad, 2), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(bad), -VMI_EINVAL);
	CHECK_RET(pt_set_alias_writable(bad, 1), 0);
}
