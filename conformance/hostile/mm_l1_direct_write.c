/*
 * hostile/mm_l1_direct_write - attack: store into a live pinned L1 directly;
 * containment: #PF, nothing changes.
 *
 * The L1 maps TEST_VA; the stores try to redirect TEST_VA to another frame
 * (writable, user).  Each must fault with present|write at the entry, and
 * the entry and the translation of TEST_VA must stay as they were.
 *
 * pt_direct_write covers the live L2 and the boot L1; this one attacks an L1
 * the guest built itself, through two read-only views: its direct-map alias
 * and a second read-only mapping of the L1 frame at TEST_VA + 4 KiB (legal:
 * a pinned table may be mapped, read-only), with a plain and a locked store.
 * The legal route (vmi_pte_write) still works afterwards.
 */
#include "../runtime/test.h"

const char test_title[] = "direct writes to a live L1 are contained";

#define TEST_VA 0x40000000u
#define IDX(va) (((va) >> VMI_PAGE_SHIFT) & 1023u)

static volatile unsigned pf_count;
static volatile uint32_t pf_error, pf_addr;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	pf_addr = vmi_fault_address();
	r->f.eip += 2;                   /* movl/xchgl %ecx, (%eax) */
}

static void attack(const char *what, volatile uint32_t *entry, vmi_pte_t evil, int locked)
{
	uint32_t before = *entry;
	unsigned n = pf_count;

	printf("attack: %s\n", what);
	if (locked)
		asm volatile("xchgl %%ecx, (%%eax)" : "+c"(evil) : "a"(entry) : "memory");
	else
		asm volatile("movl %%ecx, (%%eax)" : : "a"(entry), "c"(evil) : "memory");
	CHECK_EQ(pf_count, n + 1);
	CHECK_EQ(pf_error & 3, VMI_PTE_P | VMI_PTE_W);
	CHECK_EQ(pf_addr, (uint32_t)entry);
	CHECK_EQ(*entry, before);
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, 0x11111111u);   /* still `mine` */
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, mine = frame_alloc(), other = frame_alloc(), l1;
	vmi_pte_t evil = vmi_make_pte(other, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U);

	*(uint32_t *)pfn_to_va(mine) = 0x11111111u;
	*(uint32_t *)pfn_to_va(other) = 0x22222222u;
	CHECK_RET(pt_map(l2, TEST_VA, mine, VMI_PTE_P), 0);
	l1 = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22]);
	CHECK_RET(pt_map(l2, TEST_VA + VMI_PAGE_SIZE, l1, VMI_PTE_P), 0);
	trap_set_handler(14, on_pf);

	attack("movl into the L1 through its direct-map alias",
	       (uint32_t *)pfn_to_va(l1) + IDX(TEST_VA), evil, 0);
	attack("xchgl into the L1 through its direct-map alias",
	       (uint32_t *)pfn_to_va(l1) + IDX(TEST_VA), evil, 1);
	attack("movl into the L1 through a second read-only mapping",
	       (uint32_t *)(TEST_VA + VMI_PAGE_SIZE) + IDX(TEST_VA), evil, 0);
	attack("xchgl into the L1's own entry (to make the view writable)",
	       (uint32_t *)(TEST_VA + VMI_PAGE_SIZE) + IDX(TEST_VA + VMI_PAGE_SIZE),
	       vmi_make_pte(l1, VMI_PTE_P | VMI_PTE_W), 1);

	/* The legal route still works: pte_write, then a flush. */
	CHECK_RET(vmi_pte_write(pt_entry_paddr(l2, TEST_VA), vmi_make_pte(other, VMI_PTE_P)), 0);
	vmi_tlb_flush_one(TEST_VA);
	CHECK_EQ(*(volatile uint32_t *)TEST_VA, 0x22222222u);
}
