/*
 * mmu_pin_l1_map - a hand-built L1 maps a frame: pt_pin + pte_write, end to end.
 *
 * The basic cycle of a deprivileged kernel's memory management: take an
 * ordinary frame, make its direct-map alias read-only, pin it as an L1,
 * fill an entry with vmi_pte_write, hook the L1 into the live L2 and use
 * the new mapping.  Checks that a pinned table stays readable through the
 * direct map and shows what was written, that data reads through the new
 * mapping equal the frame's contents and writes through it land in the
 * frame (so the entry really names that frame, whatever its machine
 * number), and that taking it down (unhook, unpin, alias writable again)
 * returns the frame to ordinary memory.
 */
#include "../runtime/test.h"

const char test_title[] = "pin an L1, map a frame through it, use the mapping";

#define TEST_VA   0x40000000u               /* nothing is mapped below the kernel */
#define SLOT(va)  ((va) >> 22)
#define IDX(va)   (((va) >> VMI_PAGE_SHIFT) & 1023u)
#define PATTERN(i) (0x9E3779B9u * ((i) + 1) ^ 0x5A5A0000u)
#define PTE_HW    (VMI_PTE_A | VMI_PTE_D)   /* bits the MMU may set itself */

void test_main(void)
{
	uint32_t data = frame_alloc(), l1 = frame_alloc(), l2 = pt_current_l2;
	volatile uint32_t *dmap = pfn_to_va(data), *l1_tab = pfn_to_va(l1);
	volatile uint32_t *rw = (volatile uint32_t *)TEST_VA;
	volatile uint32_t *ro = (volatile uint32_t *)(TEST_VA + VMI_PAGE_SIZE);
	const vmi_pte_t *l2_tab = pfn_to_va(l2);
	uint32_t l2_entry = (l2 << VMI_PAGE_SHIFT) | SLOT(TEST_VA) * 4;
	unsigned bad_rw = 0, bad_ro = 0, bad_write = 0;

	for (uint32_t i = 0; i < 1024; i++)
		dmap[i] = PATTERN(i);
	CHECK_EQ(l2_tab[SLOT(TEST_VA)] & VMI_PTE_P, 0);

	/* Register the L1: read-only alias first, then pin. */
	CHECK_RET(pt_set_alias_writable(l1, 0), 0);
	CHECK_RET(vmi_pt_pin(l1, 1), 0);
	CHECK_EQ(l1_tab[0], 0);             /* still readable, still empty */

	/* Two entries: the frame writable, then the same frame read-only. */
	CHECK_RET(vmi_pte_write((l1 << VMI_PAGE_SHIFT) | IDX(TEST_VA) * 4,
	                        vmi_make_pte(data, VMI_PTE_P | VMI_PTE_W)), 0);
	CHECK_RET(vmi_pte_write((l1 << VMI_PAGE_SHIFT) | IDX((uint32_t)ro) * 4,
	                        vmi_make_pte(data, VMI_PTE_P)), 0);
	CHECK_EQ(l1_tab[IDX(TEST_VA)] & ~PTE_HW, vmi_make_pte(data, VMI_PTE_P | VMI_PTE_W));
	CHECK_EQ(vmi_pte_pfn(l1_tab[IDX((uint32_t)ro)]), data);

	/* Hook it into the live L2. */
	CHECK_RET(vmi_pte_write(l2_entry, vmi_make_pte(l1, VMI_PTE_P | VMI_PTE_W)), 0);
	CHECK_EQ(vmi_pte_pfn(l2_tab[SLOT(TEST_VA)]), l1);
	vmi_tlb_flush();

	for (uint32_t i = 0; i < 1024; i++) {
		bad_rw += rw[i] != PATTERN(i);
		bad_ro += ro[i] != PATTERN(i);
	}
	CHECK_EQ(bad_rw, 0);
	CHECK_EQ(bad_ro, 0);
	for (uint32_t i = 0; i < 1024; i += 7)
		rw[i] = ~PATTERN(i);
	for (uint32_t i = 0; i < 1024; i++)
		bad_write += dmap[i] != ((i % 7) ? PATTERN(i) : ~PATTERN(i));
	CHECK_EQ(bad_write, 0);
	CHECK_EQ(ro[7], ~PATTERN(7));       /* both mappings name one frame */

	/* Take it down again: the L1 becomes ordinary memory. */
	CHECK_RET(vmi_pte_write(l2_entry, 0), 0);
	vmi_tlb_flush();
	CHECK_EQ(l2_tab[SLOT(TEST_VA)], 0);
	CHECK_RET(vmi_pt_unpin(l1), 0);
	CHECK_RET(pt_set_alias_writable(l1, 1), 0);
	l1_tab[5] = 0x12345678u;
	CHECK_EQ(l1_tab[5], 0x12345678u);
}
