/*
 * mmu_new_space - a second address space built through VMI, switched to with
 * vmi_set_pagetable and back.
 *
 * Every process of a kernel is an address space like this: a new L2 that
 * shares the kernel's L1s and has its own L1s below.  Checks that a pinned
 * L2 filled with the kernel's entries (pte_write of entries naming pinned
 * L1s) can be switched to and keeps the kernel running; that one virtual
 * address then shows a different frame in each space, and writes through it
 * land in that space's frame; that the L2 in use cannot be unpinned; that
 * set_pagetable refuses anything but a pinned L2 (-VMI_EINVAL) and a refused
 * switch changes nothing; and that after switching back the second L2 and
 * its private L1 can be unpinned (no reference left behind).
 */
#include "../runtime/test.h"

const char test_title[] = "set_pagetable switches between two address spaces";

#define TEST_VA 0x40000000u
#define SLOT(va) ((va) >> 22)

static uint32_t read_test_va(void)
{
	return *(volatile uint32_t *)TEST_VA;
}

/* Switch, keeping pt.h's idea of the current L2 in step. */
static int switch_to(uint32_t l2)
{
	int rc = vmi_set_pagetable(l2);
	if (rc == 0)
		pt_current_l2 = l2;
	return rc;
}

void test_main(void)
{
	uint32_t old_l2 = pt_current_l2, a = frame_alloc(), b = frame_alloc();
	uint32_t new_l2 = pt_new_table(2), plain = frame_alloc(), l1_b, bad = 0;
	const vmi_pte_t *old_tab = pfn_to_va(old_l2), *new_tab = pfn_to_va(new_l2);

	*(uint32_t *)pfn_to_va(a) = 0xAAAA0001u;
	*(uint32_t *)pfn_to_va(b) = 0xBBBB0002u;

	/* The kernel's part: every present slot below the backend's. */
	for (uint32_t s = 0; s < VMI_L2_HV_FIRST; s++)
		if ((old_tab[s] & VMI_PTE_P) && s != SLOT(TEST_VA))
			bad += vmi_pte_write((new_l2 << VMI_PAGE_SHIFT) | s * 4, old_tab[s]) != 0;
	CHECK_EQ(bad, 0);
	CHECK_EQ(vmi_pte_pfn(new_tab[SLOT(VMI_KERNEL_BASE)]),
	         vmi_pte_pfn(old_tab[SLOT(VMI_KERNEL_BASE)]));

	/* Each space maps TEST_VA to its own frame (through its own L1). */
	CHECK_RET(pt_map(old_l2, TEST_VA, a, VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_RET(pt_map(new_l2, TEST_VA, b, VMI_PTE_P | VMI_PTE_W), 0);
	l1_b = vmi_pte_pfn(new_tab[SLOT(TEST_VA)]);
	CHECK(l1_b != vmi_pte_pfn(old_tab[SLOT(TEST_VA)]));
	CHECK_EQ(read_test_va(), 0xAAAA0001u);

	/* Over and back. */
	CHECK_RET(switch_to(new_l2), 0);
	CHECK_EQ(read_test_va(), 0xBBBB0002u);
	CHECK_RET(vmi_pt_unpin(new_l2), -VMI_EBUSY);
	*(volatile uint32_t *)(TEST_VA + 8) = 0xB0B0B0B0u;
	CHECK_RET(switch_to(old_l2), 0);
	CHECK_EQ(read_test_va(), 0xAAAA0001u);
	CHECK_EQ(((uint32_t *)pfn_to_va(b))[2], 0xB0B0B0B0u);
	CHECK_EQ(((uint32_t *)pfn_to_va(a))[2], 0);

	/* Only a pinned L2 will do; a refusal leaves the space as it was. */
	CHECK_RET(vmi_set_pagetable(plain), -VMI_EINVAL);
	CHECK_RET(vmi_set_pagetable(l1_b), -VMI_EINVAL);
	CHECK_RET(vmi_set_pagetable(test_bi->nr_pages + 5), -VMI_EINVAL);
	CHECK_EQ(read_test_va(), 0xAAAA0001u);

	/* A second round trip works the same. */
	CHECK_RET(switch_to(new_l2), 0);
	CHECK_EQ(read_test_va(), 0xBBBB0002u);
	CHECK_RET(switch_to(old_l2), 0);
	CHECK_EQ(read_test_va(), 0xAAAA0001u);

	/* Tear down: the L2 first, then the L1 it alone referred to. */
	CHECK_RET(vmi_pt_unpin(l1_b), -VMI_EBUSY);
	CHECK_RET(vmi_pt_unpin(new_l2), 0);
	CHECK_RET(vmi_pt_unpin(l1_b), 0);
	CHECK_RET(vmi_set_pagetable(new_l2), -VMI_EINVAL);
	CHECK_RET(pt_set_alias_writable(new_l2, 1), 0);
}
