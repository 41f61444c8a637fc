/*
 * hostile/mm_baseptr_bad - attack: load CR3 (raw MMUEXT_NEW_BASEPTR) with
 * anything but an own pinned L2; containment: -VMI_EINVAL, address space
 * unchanged.
 *
 * Frames tried: an unpinned frame, a pinned L1 (the live kernel L1), an L2
 * that was pinned and then unpinned, every frame of another domain (the
 * victim's, found through the global M2P - its pinned L2 among them),
 * hypervisor frames (0, the image at 1 MiB, the slot-1008 L1) and frames
 * beyond memory.  After each refusal the
 * address space is the same: TEST_VA, mapped only in the live L2, still
 * reads its marker; vmi_set_pagetable refuses the same pfns.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "only an own pinned L2 can become CR3";

#define TEST_VA 0x40000000u
#define MARK 0x5AFE5AFEu

/* Try every machine frame the M2P says some other domain owns (the M2P's
 * first 64 pages cover this machine's 256 MiB); returns how many. */
static uint32_t foreign_frames(uint32_t *refused)
{
	const volatile uint32_t *m2p = (const volatile uint32_t *)PVHV_M2P_VA;
	uint32_t n = 0;

	for (uint32_t mfn = 0x1000; mfn < 0x10000; mfn++) {
		if (m2p[mfn] == VMI_INVALID_PFN || vmi_mfn_to_pfn(mfn) != VMI_INVALID_PFN)
			continue;
		n++;
		*refused += hc(HC_MMUEXT_OP, MMUEXT_NEW_BASEPTR, mfn, 0) == -VMI_EINVAL;
	}
	return n;
}

static void refuse(const char *what, uint32_t mfn)
{
	printf("attack: CR3 = %s\n", what);
	CHECK_RET(hc(HC_MMUEXT_OP, MMUEXT_NEW_BASEPTR, mfn, 0), -VMI_EINVAL);
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, MARK);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), plain = frame_alloc();
	uint32_t old_l2 = pt_new_table(2), foreign, refused = 0;
	vmi_pte_t kernel_slot = ((vmi_pte_t *)pfn_to_va(l2))[VMI_KERNEL_BASE >> 22];
	vmi_pte_t slot1008 = ((vmi_pte_t *)pfn_to_va(l2))[VMI_L2_HV_FIRST];

	*(uint32_t *)pfn_to_va(data) = MARK;
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	CHECK_RET(vmi_pt_unpin(old_l2), 0);
	CHECK_RET(pt_set_alias_writable(plain, 0), 0);

	refuse("an unpinned frame", vmi_pfn_to_mfn(plain));
	refuse("the live kernel L1", kernel_slot >> VMI_PAGE_SHIFT);
	refuse("an unpinned former L2", vmi_pfn_to_mfn(old_l2));
	printf("attack: CR3 = every frame of another domain\n");
	foreign = foreign_frames(&refused);
	CHECK_GT(foreign, 0);
	CHECK_EQ(refused, foreign);
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, MARK);
	refuse("machine frame 0", 0);
	refuse("the hypervisor image (frame 0x100)", 0x100);
	refuse("the slot-1008 L1", slot1008 >> VMI_PAGE_SHIFT);
	refuse("a frame beyond memory", 0xFFFFF);
	refuse("0xFFFFFFFF", 0xFFFFFFFFu);
	CHECK_RET(vmi_set_pagetable(plain), -VMI_EINVAL);
	CHECK_RET(vmi_set_pagetable(vmi_pte_pfn(kernel_slot)), -VMI_EINVAL);
	CHECK_RET(vmi_set_pagetable(old_l2), -VMI_EINVAL);
	/* The live L2 itself is fine (positive control). */
	CHECK_RET(hc(HC_MMUEXT_OP, MMUEXT_NEW_BASEPTR, vmi_pfn_to_mfn(l2), 0), 0);
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, MARK);
}
