/*
 * hostile/mm_pte_write_rules - attack: HC_PTE_WRITE, the single-entry
 * update in registers, with every argument HC_MMU_UPDATE would refuse;
 * containment: the same refusals, nothing changed.
 *
 * The pvhv backend sends a lone vmi_pte_write this way (the page-fault
 * path), so it must hold to every rule of vmi.spec's mmu group: a table of
 * another domain, of the hypervisor or not pinned at all; command bits; a
 * mapping of another domain's or the hypervisor's frame; a writable mapping
 * of a pinned table; the hypervisor's L2 slots; an L2 entry naming a frame
 * that is no pinned L1, or a large page.  Each must be refused with
 * HC_MMU_UPDATE's error code and leave the entry as it was; a legal update
 * in between must work.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "the single-entry page-table hypercall keeps every rule";

#define TEST_VA 0x40000000u
#define HV_FRAME 0x100u                     /* the hypervisor image */

static uint32_t mptr_of(uint32_t paddr)
{
	return (vmi_pfn_to_mfn(paddr >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (paddr & 0xFFF);
}

/* A machine frame below the M2P's end that is not ours (the victim's, or
 * free, or the hypervisor's - all equally out of reach). */
static uint32_t foreign_mfn(void)
{
	for (uint32_t mfn = test_bi->p2m[0] + 1;; mfn++)
		if (vmi_mfn_to_pfn(mfn) == VMI_INVALID_PFN)
			return mfn;
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), spare = frame_alloc();
	uint32_t l1_mfn, l2_mfn = vmi_pfn_to_mfn(l2), ptr, good;

	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P | VMI_PTE_W), 0);
	ptr = mptr_of(pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE));
	l1_mfn = ptr >> VMI_PAGE_SHIFT;
	good = vmi_make_pte(spare, VMI_PTE_P);

	printf("legal: one entry in registers\n");
	CHECK_RET(hc(HC_PTE_WRITE, ptr, good, 0), 0);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), good);

	printf("attack: tables that are not ours or not tables\n");
	CHECK_RET(hc(HC_PTE_WRITE, ptr | 1, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, ptr | 3, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, vmi_pfn_to_mfn(spare) << VMI_PAGE_SHIFT, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, HV_FRAME << VMI_PAGE_SHIFT, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, foreign_mfn() << VMI_PAGE_SHIFT, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, 0xFFFFF000u, 0, 0), -VMI_EINVAL);

	printf("attack: mappings the rules forbid\n");
	CHECK_RET(hc(HC_PTE_WRITE, ptr, (HV_FRAME << VMI_PAGE_SHIFT) | VMI_PTE_P, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, ptr, (foreign_mfn() << VMI_PAGE_SHIFT) | VMI_PTE_P, 0),
		  -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, ptr, (l1_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W, 0),
		  -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, ptr, (l2_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W, 0),
		  -VMI_EINVAL);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), good);

	printf("attack: the L2's hypervisor slots and bad L2 entries\n");
	CHECK_RET(hc(HC_PTE_WRITE, (l2_mfn << VMI_PAGE_SHIFT) | (VMI_L2_HV_FIRST * 4), 0, 0),
		  -VMI_EPERM);
	CHECK_RET(hc(HC_PTE_WRITE, (l2_mfn << VMI_PAGE_SHIFT) | (1023 * 4), 0, 0), -VMI_EPERM);
	CHECK_RET(hc(HC_PTE_WRITE, (l2_mfn << VMI_PAGE_SHIFT) | 4,
		     vmi_make_pte(spare, VMI_PTE_P | VMI_PTE_W), 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_PTE_WRITE, (l2_mfn << VMI_PAGE_SHIFT) | 4,
		     (l1_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_PS, 0), -VMI_EINVAL);

	printf("the entry is as the legal update left it\n");
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), good);
	CHECK_RET(hc(HC_PTE_WRITE, ptr, 0, 0), 0);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);
}
