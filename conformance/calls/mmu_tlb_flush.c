/*
 * mmu_tlb_flush - vmi_tlb_flush makes many changed entries visible at once.
 *
 * The full flush is what a kernel uses after changing many entries (e.g. a
 * batch from vmi_mmu_update).  Eight pages are mapped to eight frames and
 * read (their translations cached); then every entry is rewritten so page i
 * maps frame 7 - i, one vmi_tlb_flush follows, and every page must show its
 * new frame.  A second round rotates the mapping and adds a read-only page,
 * so the flush is shown to work more than once.  Stale reads before the
 * flush are not asserted (not guaranteed).
 */
#include "../runtime/test.h"

const char test_title[] = "tlb_flush makes all remapped pages visible";

#define TEST_VA 0x40000000u
#define NPAGES  8

static uint32_t frames[NPAGES], entries[NPAGES];

static volatile uint32_t *page(unsigned i)
{
	return (volatile uint32_t *)(TEST_VA + i * VMI_PAGE_SIZE);
}

/* Does page i show frame number k's contents (word j == k << 16 | j)? */
static int shows(unsigned i, unsigned k)
{
	for (uint32_t j = 0; j < 1024; j += 31)
		if (page(i)[j] != (k << 16 | j))
			return 0;
	return 1;
}

/* Map page i -> frames[map(i)] for all i, flush once, count mismatches. */
static unsigned remap_and_check(unsigned shift, int reverse, uint32_t flags)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < NPAGES; i++) {
		unsigned k = reverse ? NPAGES - 1 - i : (i + shift) % NPAGES;
		if (vmi_pte_write(entries[i], vmi_make_pte(frames[k], flags)))
			bad++;
	}
	vmi_tlb_flush();
	for (unsigned i = 0; i < NPAGES; i++)
		bad += !shows(i, reverse ? NPAGES - 1 - i : (i + shift) % NPAGES);
	return bad;
}

void test_main(void)
{
	const uint32_t RW = VMI_PTE_P | VMI_PTE_W;
	unsigned bad = 0;

	for (unsigned k = 0; k < NPAGES; k++) {
		uint32_t *p;
		frames[k] = frame_alloc();
		p = pfn_to_va(frames[k]);
		for (uint32_t j = 0; j < 1024; j++)
			p[j] = k << 16 | j;
	}
	for (unsigned i = 0; i < NPAGES; i++) {
		bad += pt_map(pt_current_l2, TEST_VA + i * VMI_PAGE_SIZE, frames[i], RW) != 0;
		entries[i] = pt_entry_paddr(pt_current_l2, TEST_VA + i * VMI_PAGE_SIZE);
	}
	CHECK_EQ(bad, 0);
	bad = 0;
	for (unsigned i = 0; i < NPAGES; i++)
		bad += !shows(i, i);            /* fills the TLB */
	CHECK_EQ(bad, 0);

	CHECK_EQ(remap_and_check(0, 1, RW), 0);
	CHECK_EQ(remap_and_check(3, 0, VMI_PTE_P), 0);
	CHECK_EQ(remap_and_check(0, 0, RW), 0);

	/* Writes through the final mapping land in the right frames. */
	page(5)[9] = 0xFEEDF00Du;
	CHECK_EQ(((uint32_t *)pfn_to_va(frames[5]))[9], 0xFEEDF00Du);
}
