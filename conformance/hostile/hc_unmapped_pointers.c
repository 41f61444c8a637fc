/*
 * hostile/hc_unmapped_pointers - attack: hypercall pointers to unmapped memory
 * (NULL, 0x50000000, the guest's own memory past the boot mapping) for inputs
 * and outputs; containment: -VMI_EFAULT, nothing applied.
 *
 * The hypervisor's copy faults on these (the range check passes), so this
 * exercises its fault fixup: every pointer-taking hypercall must return
 * -VMI_EFAULT and the hypervisor run on.  Outputs count too: an MMU update
 * whose `done` pointer is unmapped must not be applied (the entry stays
 * empty), and a console read into unmapped memory is -VMI_EFAULT whether
 * or not input is waiting.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "hypercall pointers to unmapped memory are refused";

#define TEST_VA 0x40000000u

void test_main(void)
{
	uint32_t unmapped_kernel = VMI_KERNEL_BASE + (test_bi->mapped_pages << VMI_PAGE_SHIFT);
	const uint32_t ptrs[] = { 0, 0x50000000u, unmapped_kernel, 0xFBFFF000u };
	uint32_t l2 = pt_current_l2, data = frame_alloc(), e;
	struct vmi_mmu_update good;
	int port;

	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	good = (struct vmi_mmu_update){
		(vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF),
		vmi_make_pte(data, VMI_PTE_P) };
	CHECK_LT(test_bi->mapped_pages, test_bi->nr_pages);
	CHECK_EQ(pt_get(l2, unmapped_kernel), 0);
	CHECK_EQ(pt_get(l2, 0x50000000u), 0);

	for (unsigned i = 0; i < ARRAY_SIZE(ptrs); i++) {
		uint32_t p = ptrs[i] + 0x10;
		printf("attack: pointers into unmapped page %u\n", i);
		CHECK_RET(hc(HC_SET_TRAP_TABLE, p, 1, 0), -VMI_EFAULT);
		CHECK_RET(hc(HC_MMU_UPDATE, p, 1, 0), -VMI_EFAULT);
		CHECK_RET(hc(HC_MULTICALL, p, 1, 0), -VMI_EFAULT);
		CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_WRITE, 8, p), -VMI_EFAULT);
		CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 8, p), -VMI_EFAULT);
		CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, p), -VMI_EFAULT);
		CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);   /* not applied */
	}
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);     /* still working */
	CHECK_RET(port, 1);
	CHECK_RET(vmi_evtchn_close(port), 0);
}
