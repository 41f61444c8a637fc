/*
 * mmu_batch - vmi_mmu_update applies entries in order and stops at the
 * first failure, reporting how many were applied.
 *
 * Batching is how a paravirtual kernel keeps page-table updates cheap (one
 * hypercall for many entries); a kernel recovering from a failed batch
 * relies on *done being exact.  Checks: a full batch applies every entry
 * (read back through the mappings after a flush) with *done == count; two
 * updates of one entry leave the later one; a bad entry in the middle stops
 * the batch there (*done == its index, earlier entries applied, later ones
 * not) and returns that entry's pte_write error (-VMI_EINVAL, -VMI_EPERM);
 * an unknown command -> -VMI_EINVAL; count > VMI_MMU_BATCH_MAX ->
 * -VMI_EINVAL with nothing applied; count 0 and a null done are fine.
 */
#include "../runtime/test.h"

const char test_title[] = "mmu_update applies in order and stops at the first failure";

#define TEST_VA 0x40000000u
#define N 6

static uint32_t frame[N], entry[N];
static struct vmi_mmu_update big[VMI_MMU_BATCH_MAX + 1];

/* Which frame (index into frame[]) does page i map?  -1 if none of them. */
static int mapped(unsigned i)
{
	uint32_t pfn = vmi_pte_pfn(pt_get(pt_current_l2, TEST_VA + i * VMI_PAGE_SIZE));
	for (int k = 0; k < N; k++)
		if (frame[k] == pfn)
			return k;
	return -1;
}

static struct vmi_mmu_update req(unsigned page, unsigned k)
{
	return (struct vmi_mmu_update){ entry[page] | VMI_MMU_NORMAL_PT_UPDATE,
	                                vmi_make_pte(frame[k], VMI_PTE_P | VMI_PTE_W) };
}

void test_main(void)
{
	uint32_t done = 12345, spare_l2 = pt_new_table(2), test_l1, bad = 0;
	struct vmi_mmu_update r[N];

	for (unsigned k = 0; k < N; k++) {
		frame[k] = frame_alloc();
		*(uint32_t *)pfn_to_va(frame[k]) = 0xBA7C0000u + k;
		bad += pt_map(pt_current_l2, TEST_VA + k * VMI_PAGE_SIZE, frame[k],
		              VMI_PTE_P | VMI_PTE_W) != 0;
		entry[k] = pt_entry_paddr(pt_current_l2, TEST_VA + k * VMI_PAGE_SIZE);
	}
	CHECK_EQ(bad, 0);
	test_l1 = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(pt_current_l2))[TEST_VA >> 22]);

	/* A full batch: page i -> frame (i + 1) % N; the last two requests
	 * update page 0 twice, and the later one must win. */
	for (unsigned i = 0; i < N - 1; i++)
		r[i] = req(i, (i + 1) % N);
	r[N - 1] = req(0, 3);
	CHECK_RET(vmi_mmu_update(r, N, &done), 0);
	CHECK_EQ(done, N);
	vmi_tlb_flush();
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, 0xBA7C0000u + 3);
	for (unsigned i = 1; i < N - 1; i++)
		bad += *(volatile uint32_t *)(TEST_VA + i * VMI_PAGE_SIZE) != 0xBA7C0000u + (i + 1) % N;
	CHECK_EQ(bad, 0);

	/* Now page 0 -> 3, 1 -> 2, 2 -> 3, 3 -> 4, 4 -> 5, 5 -> 5.
	 * A bad entry (target not a pinned table) in the middle: */
	r[0] = req(0, 0);
	r[1] = req(1, 0);
	r[2] = (struct vmi_mmu_update){ frame[5] << VMI_PAGE_SHIFT, 0 };
	r[3] = req(3, 0);
	CHECK_RET(vmi_mmu_update(r, 4, &done), -VMI_EINVAL);
	CHECK_EQ(done, 2);
	CHECK_EQ(mapped(0), 0);
	CHECK_EQ(mapped(1), 0);
	CHECK_EQ(mapped(3), 4);

	/* The failing entry's own error: a backend slot of a spare L2. */
	r[0] = req(4, 0);
	r[1] = (struct vmi_mmu_update){ (spare_l2 << VMI_PAGE_SHIFT) | 4 * VMI_L2_HV_FIRST,
	                                vmi_make_pte(test_l1, VMI_PTE_P | VMI_PTE_W) };
	r[2] = req(5, 0);
	CHECK_RET(vmi_mmu_update(r, 3, &done), -VMI_EPERM);
	CHECK_EQ(done, 1);
	CHECK_EQ(mapped(4), 0);
	CHECK_EQ(mapped(5), 5);

	/* Unknown commands (the low bits of ptr), first in their batch. */
	r[0] = req(2, 0);
	r[0].ptr |= 1;
	r[1] = req(5, 0);
	CHECK_RET(vmi_mmu_update(r, 2, &done), -VMI_EINVAL);
	CHECK_EQ(done, 0);
	r[0].ptr |= 3;
	CHECK_RET(vmi_mmu_update(r, 2, &done), -VMI_EINVAL);
	CHECK_EQ(done, 0);
	CHECK_EQ(mapped(2), 3);
	CHECK_EQ(mapped(5), 5);

	/* Batch size: VMI_MMU_BATCH_MAX is allowed, one more is refused whole. */
	for (unsigned i = 0; i <= VMI_MMU_BATCH_MAX; i++)
		big[i] = req(2, i % 2 ? 0 : 1);
	CHECK_RET(vmi_mmu_update(big, VMI_MMU_BATCH_MAX + 1, &done), -VMI_EINVAL);
	CHECK_EQ(done, 0);
	CHECK_EQ(mapped(2), 3);
	CHECK_RET(vmi_mmu_update(big, VMI_MMU_BATCH_MAX, &done), 0);
	CHECK_EQ(done, VMI_MMU_BATCH_MAX);
	CHECK_EQ(mapped(2), 0);

	/* Empty batches and a null done. */
	CHECK_RET(vmi_mmu_update(r, 0, &done), 0);
	CHECK_EQ(done, 0);
	r[0] = req(5, 1);
	CHECK_RET(vmi_mmu_update(r, 1, NULL), 0);
	CHECK_EQ(mapped(5), 1);
}
