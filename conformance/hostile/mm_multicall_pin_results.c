/*
 * hostile/mm_multicall_pin_results - attack: a multicall whose own entries
 * make the frame holding its result slots read-only and pin it as an L1, so
 * that the hypervisor would write a result into a live page table;
 * containment: the result write faults (-VMI_EFAULT), the table is unchanged.
 *
 * The array straddles two pages mapped at TEST_VA: entry 0 (first page)
 * removes both writable mappings of the second page's frame F (its alias
 * and TEST_VA + 4 KiB); entry 1 (in F, laid out so that F's words are all
 * non-present entries: a valid L1) pins F.  F then has no writable
 * mapping, but the hypervisor still holds the pointer to entry 1's result
 * slot: were the write to go through a stale writable translation, the
 * guest would have written a page-table entry of its choosing.  The pin
 * flushes the TLB, so the write must fault: the multicall returns
 * -VMI_EFAULT, entry 0's result is 0, F is pinned and its words unchanged.
 *
 * The attack runs twice: as made (the timer may or may not preempt it
 * between the entries) and with a continuation forced between the unmap
 * and the pin - a console write after another one is a preemption point.
 * The outcome must be the same: a continuation must neither skip the pin
 * (a preempted call would then differ from one that ran through) nor
 * write the result into the pinned table.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "a multicall cannot write its results into a table it pinned";

#define TEST_VA 0x40000000u
#define SENTINEL 0xFFFFFFF0u             /* not present: a valid L1 entry */

static uint32_t maddr(uint32_t paddr)
{
	return (vmi_pfn_to_mfn(paddr >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (paddr & 0xFFF);
}

static const char line_a[] = "console write before the unmap\n";
static const char line_b[] = "console write forcing a continuation\n";

/* Map E and F at TEST_VA, build the attack's last two entries around F's
 * start (the unmap in E, the pin at F) after `before` console writes, run
 * it and check the containment.  With forced set, a console write sits
 * between the unmap and the pin: the call is continued there. */
static void attack(int forced)
{
	uint32_t l2 = pt_current_l2, e = frame_alloc(), f = frame_alloc(), alias_e, second_e;
	struct pvhv_multicall *pin = (struct pvhv_multicall *)(TEST_VA + VMI_PAGE_SIZE);
	struct pvhv_multicall *first = pin - (forced ? 3 : 1), *unmap = forced ? pin - 2 : pin - 1;
	const volatile uint32_t *fw;
	static struct vmi_mmu_update reqs[2];
	uint32_t nonzero = 0;

	while (vmi_pfn_to_mfn(f) & 1)                 /* mfn lands in a P bit */
		f = frame_alloc();
	fw = pfn_to_va(f);
	CHECK_RET(pt_map(l2, TEST_VA, e, VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_RET(pt_map(l2, TEST_VA + VMI_PAGE_SIZE, f, VMI_PTE_P | VMI_PTE_W), 0);
	alias_e = pt_entry_paddr(l2, (uint32_t)pfn_to_va(f));
	second_e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	reqs[0] = (struct vmi_mmu_update){ maddr(alias_e), vmi_make_pte(f, VMI_PTE_P) };
	reqs[1] = (struct vmi_mmu_update){ maddr(second_e), vmi_make_pte(f, VMI_PTE_P) };
	if (forced) {
		first[0] = (struct pvhv_multicall){ HC_CONSOLE_IO,
			{ CONSOLEIO_WRITE, sizeof line_a - 1, (uint32_t)line_a }, 99 };
		pin[-1] = (struct pvhv_multicall){ HC_CONSOLE_IO,
			{ CONSOLEIO_WRITE, sizeof line_b - 1, (uint32_t)line_b }, 99 };
	}
	*unmap = (struct pvhv_multicall){ HC_MMU_UPDATE, { (uint32_t)reqs, 2, 0 }, 99 };
	*pin = (struct pvhv_multicall){ HC_MMUEXT_OP, { MMUEXT_PIN_L1, vmi_pfn_to_mfn(f) },
	                                (int32_t)SENTINEL };

	printf("attack: unmap-writable, pin, then have the result written into the table%s\n",
	       forced ? " (continued before the pin)" : "");
	CHECK_RET(hc(HC_MULTICALL, (uint32_t)first, pin - first + 1, 0), -VMI_EFAULT);
	CHECK_RET(unmap->result, 0);
	if (forced) {
		CHECK_RET(first[0].result, sizeof line_a - 1);
		CHECK_RET(pin[-1].result, sizeof line_b - 1);
	}
	CHECK_RET(vmi_pt_pin(f, 1), -VMI_EBUSY);               /* the pin did happen */
	CHECK_EQ(fw[6], SENTINEL);                              /* no result in the table */
	CHECK_EQ(fw[0], HC_MMUEXT_OP);
	for (uint32_t i = 7; i < 1024; i++)
		nonzero += fw[i] != 0;
	CHECK_EQ(nonzero, 0);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE) & VMI_PTE_W, 0);
	CHECK_RET(vmi_pt_unpin(f), 0);
}

void test_main(void)
{
	attack(0);
	attack(1);
}
