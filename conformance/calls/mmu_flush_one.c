/*
 * mmu_flush_one - vmi_tlb_flush_one makes a changed entry visible.
 *
 * vmi_pte_write does not flush the TLB; a kernel that remaps a page must
 * flush it, and the flush must reach the translation the processor really
 * caches (on pvhv, the hypervisor's invlpg of the guest's address).  A page
 * is mapped and read (so its translation is cached), remapped to another
 * frame and flushed: the new frame's contents must show.  Then the entry
 * is cleared and flushed: the next access must fault (#PF, not-present,
 * read, at that address - reported by vmi_fault_address), and the handler
 * maps a third frame so the access completes with that frame's data.
 * Nothing is asserted about stale reads before a flush (not guaranteed).
 */
#include "../runtime/test.h"

const char test_title[] = "tlb_flush_one makes a remapped page visible";

#define TEST_VA 0x40000000u
#define OFFSET  0x124u                      /* a word inside the page */

static volatile uint32_t faults, fault_addr, fault_err;
static uint32_t fix_entry;
static vmi_pte_t fix_val;

/* Map the missing page and retry the access. */
static void on_page_fault(struct trap_regs *r)
{
	faults++;
	fault_addr = vmi_fault_address();
	fault_err = r->f.error_code;
	vmi_pte_write(fix_entry, fix_val);
	vmi_tlb_flush_one(fault_addr);
}

static uint32_t frame_with(uint32_t word)
{
	uint32_t pfn = frame_alloc();
	uint32_t *p = pfn_to_va(pfn);

	for (uint32_t i = 0; i < 1024; i++)
		p[i] = word + i;
	return pfn;
}

static uint32_t peek(void)
{
	return *(volatile uint32_t *)(TEST_VA + OFFSET);
}

void test_main(void)
{
	uint32_t a = frame_with(0xA0000000u), b = frame_with(0xB0000000u);
	uint32_t c = frame_with(0xC0000000u), entry;
	const uint32_t want = OFFSET / 4;

	CHECK_RET(pt_map(pt_current_l2, TEST_VA, a, VMI_PTE_P | VMI_PTE_W), 0);
	entry = pt_entry_paddr(pt_current_l2, TEST_VA);
	CHECK(entry != 0);
	CHECK_EQ(peek(), 0xA0000000u + want);
	CHECK_EQ(peek(), 0xA0000000u + want);   /* now surely cached */

	/* Remap to b. */
	CHECK_RET(vmi_pte_write(entry, vmi_make_pte(b, VMI_PTE_P | VMI_PTE_W)), 0);
	vmi_tlb_flush_one(TEST_VA);
	CHECK_EQ(peek(), 0xB0000000u + want);

	/* Flushing any address inside the page flushes the page. */
	CHECK_RET(vmi_pte_write(entry, vmi_make_pte(a, VMI_PTE_P)), 0);
	vmi_tlb_flush_one(TEST_VA + OFFSET);
	CHECK_EQ(peek(), 0xA0000000u + want);

	/* Unmap: the next access faults; the handler maps c. */
	fix_entry = entry;
	fix_val = vmi_make_pte(c, VMI_PTE_P | VMI_PTE_W);
	trap_set_handler(14, on_page_fault);
	CHECK_RET(vmi_pte_write(entry, 0), 0);
	vmi_tlb_flush_one(TEST_VA);
	CHECK_EQ(peek(), 0xC0000000u + want);
	trap_set_handler(14, NULL);
	CHECK_EQ(faults, 1);
	CHECK_EQ(fault_addr, TEST_VA + OFFSET);
	CHECK_EQ(fault_err & 3, 0);         /* not present, on a read */
	CHECK_EQ(vmi_pte_pfn(pt_get(pt_current_l2, TEST_VA)), c);
}
