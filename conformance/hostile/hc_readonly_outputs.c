/*
 * hostile/hc_readonly_outputs - attack: hypercall outputs in read-only memory
 * (mmu_update's `done` in a page-table alias, a multicall array in a read-only
 * page); containment: -VMI_EFAULT, nothing applied.
 *
 * The hypervisor writes guest memory with CR0.WP on, so a read-only guest
 * page faults in the copy, which must become -VMI_EFAULT.  And since the
 * caller cannot learn what was done from an output that could not be
 * written, nothing may be done: the MMU update is not applied (the entry
 * stays empty, the live L2 is unchanged) and the multicall's entry - a
 * port allocation - is not executed (the next port is still port 1).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "read-only hypercall outputs are refused";

#define TEST_VA 0x40000000u

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), ro = frame_alloc(), e, l2_word;
	volatile uint32_t *l2_alias = pfn_to_va(l2);
	struct pvhv_multicall *mc = pfn_to_va(ro);
	struct vmi_mmu_update good;
	int port;

	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	good = (struct vmi_mmu_update){
		(vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF),
		vmi_make_pte(data, VMI_PTE_P) };

	printf("attack: mmu_update with done in the live L2's read-only alias\n");
	l2_word = l2_alias[0];
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, (uint32_t)&l2_alias[0]), -VMI_EFAULT);
	CHECK_EQ(l2_alias[0], l2_word);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);

	printf("attack: mmu_update with done in a read-only L1 alias\n");
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, VMI_KERNEL_BASE + e + 4), -VMI_EFAULT);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);
	CHECK_EQ(pt_get(l2, TEST_VA + 2 * VMI_PAGE_SIZE), 0);

	printf("attack: a multicall array in a read-only page\n");
	mc[0] = (struct pvhv_multicall){ HC_EVTCHN_OP, { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 };
	CHECK_RET(pt_set_alias_writable(ro, 0), 0);
	CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, 1, 0), -VMI_EFAULT);
	CHECK_EQ(mc[0].result, 99);
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);     /* none was taken */
	CHECK_RET(port, 1);
	CHECK_RET(vmi_evtchn_close(port), 0);

	/* Positive control: with a writable output both work. */
	CHECK_RET(pt_set_alias_writable(ro, 1), 0);
	CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, 1, 0), 0);
	CHECK_RET(mc[0].result, 1);
	CHECK_RET(vmi_evtchn_close(1), 0);
	mc[1].result = 77;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, (uint32_t)&mc[1].result), 0);
	CHECK_EQ(mc[1].result, 1);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), good.val);
}
