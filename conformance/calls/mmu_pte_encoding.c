/*
 * mmu_pte_encoding - vmi_make_pte and vmi_pte_pfn.
 *
 * Every page-table entry a guest writes is built with vmi_make_pte and every
 * entry it reads is decoded with vmi_pte_pfn, because on pvhv a pseudo-
 * physical frame is not the machine frame the hardware sees.  This checks
 * that the entry carries exactly the requested flag bits, that its frame
 * field is the machine frame (vmi_pfn_to_mfn) and not the pfn, that
 * vmi_pte_pfn inverts vmi_make_pte for any flags (present or not), and that
 * an entry naming a frame the guest does not own decodes to VMI_INVALID_PFN.
 */
#include "../runtime/test.h"

const char test_title[] = "make_pte / pte_pfn encode and decode entries";

static const uint32_t flag_sets[] = {
	0, VMI_PTE_P, VMI_PTE_P | VMI_PTE_W, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U,
	VMI_PTE_P | VMI_PTE_A | VMI_PTE_D, VMI_PTE_P | VMI_PTE_PCD | VMI_PTE_PWT,
	VMI_PTE_P | VMI_PTE_G, VMI_PTE_P | VMI_PTE_AVAIL, VMI_PTE_AVAIL,
	VMI_PTE_FLAGS & ~VMI_PTE_PS,
};

void test_main(void)
{
	const struct vmi_boot_info *bi = test_bi;
	uint32_t pfns[] = { 0, 1, bi->first_free_pfn, bi->mapped_pages - 1,
	                    bi->nr_pages / 2, bi->nr_pages - 1 };
	unsigned bad_flags = 0, bad_frame = 0, bad_inverse = 0, tried = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(pfns); i++) {
		uint32_t mfn = vmi_pfn_to_mfn(pfns[i]);

		if (mfn == VMI_INVALID_PFN)
			continue;           /* a hole in the P2M: nothing to encode */
		for (unsigned j = 0; j < ARRAY_SIZE(flag_sets); j++) {
			vmi_pte_t e = vmi_make_pte(pfns[i], flag_sets[j]);

			tried++;
			if ((e & VMI_PTE_FLAGS) != flag_sets[j])
				bad_flags++;
			if ((e >> VMI_PAGE_SHIFT) != mfn)
				bad_frame++;
			if (vmi_pte_pfn(e) != pfns[i])
				bad_inverse++;
		}
	}
	CHECK(tried > 0);
	CHECK_EQ(bad_flags, 0);
	CHECK_EQ(bad_frame, 0);
	CHECK_EQ(bad_inverse, 0);

	/* The frame field alone decides: flags never leak into the frame. */
	CHECK_EQ(vmi_pte_pfn(vmi_make_pte(bi->first_free_pfn, VMI_PTE_FLAGS)),
	         bi->first_free_pfn);

	/* A machine frame far beyond any QEMU memory is nobody's. */
	CHECK_EQ(vmi_pte_pfn(0xFFFFF000u | VMI_PTE_P), VMI_INVALID_PFN);
	CHECK_EQ(vmi_pte_pfn(0xFFFFF000u), VMI_INVALID_PFN);
}
