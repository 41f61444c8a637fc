/*
 * hostile/mm_hv_slots - attack: write each of the hypervisor's L2 slots
 * 1008-1023; containment: -VMI_EPERM every time, slots unchanged.
 *
 * Slots 1008-1023 of every pinned L2 are the hypervisor's (M2P/shared info,
 * image, direct map, mapping windows).  For every one of them, in the live
 * L2 and in a spare pinned L2, a raw HC_MMU_UPDATE and a vmi_pte_write try
 * three values: a valid guest L2 entry (the kernel's pinned L1), 0 (which
 * would unmap the hypervisor under itself) and the slot's own current
 * value.  Each must be -VMI_EPERM with the slot unchanged.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "the hypervisor's L2 slots cannot be written";

static unsigned attack_l2(uint32_t l2, vmi_pte_t kernel_slot)
{
	const volatile vmi_pte_t *t = pfn_to_va(l2);
	unsigned bad = 0;

	for (uint32_t s = VMI_L2_HV_FIRST; s < 1024; s++) {
		vmi_pte_t before = t[s], vals[3] = { kernel_slot, 0, before };
		uint32_t paddr = (l2 << VMI_PAGE_SHIFT) | s * 4;
		for (unsigned i = 0; i < 3; i++) {
			struct vmi_mmu_update u = { (vmi_pfn_to_mfn(l2) << VMI_PAGE_SHIFT) | s * 4, vals[i] };
			uint32_t done = 77;
			bad += hc(HC_MMU_UPDATE, (uint32_t)&u, 1, (uint32_t)&done) != -VMI_EPERM;
			bad += done != 0;
			bad += vmi_pte_write(paddr, vals[i]) != -VMI_EPERM;
			bad += t[s] != before;
		}
	}
	return bad;
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, spare = pt_new_table(2);
	vmi_pte_t kernel_slot = ((vmi_pte_t *)pfn_to_va(l2))[VMI_KERNEL_BASE >> 22];
	const vmi_pte_t *cur = pfn_to_va(l2), *sp = pfn_to_va(spare);
	uint32_t differ = 0;

	printf("attack: slots 1008-1023 of the live L2\n");
	CHECK_EQ(attack_l2(l2, kernel_slot), 0);
	printf("attack: slots 1008-1023 of a spare pinned L2\n");
	CHECK_EQ(attack_l2(spare, kernel_slot), 0);
	/* The spare's slots are the hypervisor's own, as in the live L2 (but
	 * for the accessed bit, which the processor sets in the live one). */
	for (uint32_t s = VMI_L2_HV_FIRST; s < 1024; s++)
		differ += (cur[s] ^ sp[s]) & ~VMI_PTE_A;
	CHECK_EQ(differ, 0);
	/* The slot below them is the guest's (positive control). */
	CHECK_RET(vmi_pte_write((spare << VMI_PAGE_SHIFT) | 4 * (VMI_L2_HV_FIRST - 1),
	                        kernel_slot), 0);
}
