/*
 * mmu_lazy - deferred page-table updates: vmi_lazy_begin / vmi_lazy_flush.
 *
 * Lazy mode lets a kernel queue many updates and pay for them once; its
 * error rule is subtle and a kernel depends on it: while deferred, writes
 * return 0 at once; vmi_lazy_flush applies the queue in order, returns the
 * first failing update's error and discards everything queued after it.
 * Checks that rule (also with a queue far longer than any small backend
 * buffer), that lazy_flush leaves deferred mode (the next bad write fails
 * at once, a second lazy_flush returns 0), that valid updates take effect,
 * and that tlb_flush_one, tlb_flush, set_pagetable and unpin imply a flush
 * (the update is visible right after them).  Whether an implied flush also
 * leaves deferred mode is not assumed: each case ends with lazy_flush == 0.
 * Argument errors in lazy mode (misaligned address, unknown command) are not
 * tested: the spec does not say whether they are deferred too.
 */
#include "../runtime/test.h"

const char test_title[] = "lazy mode defers updates and reports the first error at flush";

#define TEST_VA 0x40000000u
#define N 4
#define LONG 300                            /* updates in the long queue */

static uint32_t frame[N], entry[N];

static int mapped(unsigned i)               /* index of the frame page i maps */
{
	uint32_t pfn = vmi_pte_pfn(pt_get(pt_current_l2, TEST_VA + i * VMI_PAGE_SIZE));
	for (int k = 0; k < N; k++)
		if (frame[k] == pfn)
			return k;
	return -1;
}

static int set(unsigned page, unsigned k)
{
	return vmi_pte_write(entry[page], vmi_make_pte(frame[k], VMI_PTE_P | VMI_PTE_W));
}

static uint32_t word(unsigned page)         /* first word, read through the page */
{
	return *(volatile uint32_t *)(TEST_VA + page * VMI_PAGE_SIZE);
}

void test_main(void)
{
	uint32_t plain = frame_alloc() << VMI_PAGE_SHIFT;   /* not a table */
	uint32_t spare = pt_new_table(1), bad = 0;
	struct vmi_mmu_update u;

	CHECK_RET(vmi_lazy_flush(), 0);     /* not in lazy mode: nothing to do */
	for (unsigned k = 0; k < N; k++) {
		frame[k] = frame_alloc();
		*(uint32_t *)pfn_to_va(frame[k]) = 0x1A2B0000u + k;
		bad += pt_map(pt_current_l2, TEST_VA + k * VMI_PAGE_SIZE, frame[k],
		              VMI_PTE_P | VMI_PTE_W) != 0;
		entry[k] = pt_entry_paddr(pt_current_l2, TEST_VA + k * VMI_PAGE_SIZE);
	}
	CHECK_EQ(bad, 0);

	/* valid, invalid, valid, valid batch: only the first one lands. */
	vmi_lazy_begin();
	CHECK_RET(set(0, 1), 0);
	CHECK_RET(vmi_pte_write(plain, 0), 0);
	CHECK_RET(set(1, 2), 0);
	u = (struct vmi_mmu_update){ entry[2], vmi_make_pte(frame[3], VMI_PTE_P) };
	CHECK_RET(vmi_mmu_update(&u, 1, NULL), 0);
	CHECK_RET(vmi_lazy_flush(), -VMI_EINVAL);
	CHECK_EQ(mapped(0), 1);
	CHECK_EQ(mapped(1), 1);
	CHECK_EQ(mapped(2), 2);
	CHECK_RET(vmi_lazy_flush(), 0);     /* reported once, mode left */
	CHECK_RET(vmi_pte_write(plain, 0), -VMI_EINVAL);

	/* A long queue: the error after 200 good updates still counts. */
	vmi_lazy_begin();
	for (unsigned i = 0; i < LONG; i++) {
		if (i == 200)
			bad += vmi_pte_write(plain, 0) != 0;
		bad += set(3, i < 200 ? i % 3 : 3) != 0;
	}
	CHECK_EQ(bad, 0);
	CHECK_RET(vmi_lazy_flush(), -VMI_EINVAL);
	CHECK_EQ(mapped(3), 199 % 3);

	/* Valid updates become visible after the flush. */
	vmi_lazy_begin();
	CHECK_RET(set(0, 2), 0);
	CHECK_RET(set(1, 3), 0);
	CHECK_RET(vmi_lazy_flush(), 0);
	vmi_tlb_flush();
	CHECK_EQ(word(0), 0x1A2B0002u);
	CHECK_EQ(word(1), 0x1A2B0003u);

	/* Implied flushes. */
	vmi_lazy_begin();
	CHECK_RET(set(2, 0), 0);
	vmi_tlb_flush_one(TEST_VA + 2 * VMI_PAGE_SIZE);
	CHECK_EQ(word(2), 0x1A2B0000u);
	CHECK_RET(vmi_lazy_flush(), 0);

	vmi_lazy_begin();
	CHECK_RET(set(3, 1), 0);
	vmi_tlb_flush();
	CHECK_EQ(word(3), 0x1A2B0001u);
	CHECK_RET(vmi_lazy_flush(), 0);

	vmi_lazy_begin();
	CHECK_RET(set(0, 3), 0);
	CHECK_RET(vmi_set_pagetable(pt_current_l2), 0);
	CHECK_EQ(word(0), 0x1A2B0003u);
	CHECK_RET(vmi_lazy_flush(), 0);

	vmi_lazy_begin();
	CHECK_RET(set(1, 0), 0);
	CHECK_RET(vmi_pt_unpin(spare), 0);
	CHECK_EQ(mapped(1), 0);
	CHECK_RET(vmi_lazy_flush(), 0);
}
