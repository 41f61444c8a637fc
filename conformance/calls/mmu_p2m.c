/*
 * mmu_p2m - vmi_pfn_to_mfn and vmi_mfn_to_pfn over all of memory.
 *
 * The P2M (pseudo-physical to machine) and M2P tables are how a guest that
 * does not own its machine frames finds them; on pvhv frames are scattered
 * deliberately, so any confusion of the two shows at once.  This checks,
 * for every pfn in [0, nr_pages): pfn_to_mfn agrees with the boot info's
 * p2m array, mfn_to_pfn inverts it (so the map is one-to-one), and a
 * present entry built from the pfn decodes back to it; every frame of a
 * usable memory range has a machine frame; out-of-range inputs give
 * VMI_INVALID_PFN.  Nothing but verdicts is printed: frame numbers differ
 * between backends.
 */
#include "../runtime/test.h"

const char test_title[] = "pfn_to_mfn / mfn_to_pfn are inverse and match the P2M";

/* Is pfn inside a usable range of the boot memory map? */
static int usable(const struct vmi_boot_info *bi, uint32_t pfn)
{
	for (uint32_t i = 0; i < bi->nr_mem_ranges && i < VMI_MAX_MEM_RANGES; i++) {
		const struct vmi_mem_range *m = &bi->mem[i];
		if (m->type == VMI_MEM_USABLE && pfn >= m->start_pfn &&
		    pfn - m->start_pfn < m->nr_pages)
			return 1;
	}
	return 0;
}

void test_main(void)
{
	const struct vmi_boot_info *bi = test_bi;
	unsigned not_p2m = 0, not_inverse = 0, not_pte = 0, usable_holes = 0;
	uint32_t valid = 0;

	for (uint32_t pfn = 0; pfn < bi->nr_pages; pfn++) {
		uint32_t mfn = vmi_pfn_to_mfn(pfn);

		if (mfn != bi->p2m[pfn])
			not_p2m++;
		if (mfn == VMI_INVALID_PFN) {
			if (usable(bi, pfn))
				usable_holes++;
			continue;
		}
		valid++;
		if (vmi_mfn_to_pfn(mfn) != pfn)
			not_inverse++;
		if (vmi_pte_pfn(vmi_make_pte(pfn, VMI_PTE_P)) != pfn)
			not_pte++;
	}
	CHECK_EQ(not_p2m, 0);
	CHECK_EQ(not_inverse, 0);
	CHECK_EQ(not_pte, 0);
	CHECK_EQ(usable_holes, 0);
	CHECK(valid > bi->first_free_pfn);
	test_env("valid frames %u of %u", valid, bi->nr_pages);

	/* Past the guest's memory there is nothing to translate. */
	CHECK_EQ(vmi_pfn_to_mfn(bi->nr_pages), VMI_INVALID_PFN);
	CHECK_EQ(vmi_pfn_to_mfn(bi->nr_pages + 5), VMI_INVALID_PFN);
	CHECK_EQ(vmi_pfn_to_mfn(VMI_INVALID_PFN), VMI_INVALID_PFN);
	CHECK_EQ(vmi_mfn_to_pfn(0xFFFFFu), VMI_INVALID_PFN);
	CHECK_EQ(vmi_mfn_to_pfn(VMI_INVALID_PFN), VMI_INVALID_PFN);
}
