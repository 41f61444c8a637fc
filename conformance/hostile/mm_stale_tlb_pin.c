/*
 * hostile/mm_stale_tlb_pin - attack: keep a stale writable TLB entry for a
 * frame, drop its writable mappings (no flush), pin it as an L1 and write
 * through the stale entry; containment: the pin flushes, the store faults.
 *
 * pte_write does not flush the TLB, so after the guest removes its last
 * writable mappings of a frame (its alias and TEST_VA) it may still hold
 * writable translations cached from before.  Pinning must flush them
 * (pagetype.c): afterwards a store through TEST_VA (now unmapped) and
 * through the alias (now read-only) must each fault, and the new L1's
 * entry - which the store would have turned into a writable mapping of the
 * hypervisor image - must be unchanged.  Whether the translations really
 * were stale before the pin is reported in an env: line (the processor may
 * drop TLB entries at any time).
 */
#include "../runtime/test.h"

const char test_title[] = "pinning flushes stale writable translations";

#define TEST_VA 0x40000000u
#define EVIL ((0x100u << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W)

static volatile unsigned pf_count;
static volatile uint32_t pf_error;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	r->f.eip += 3;                   /* movl %ecx, 0x1c(%eax) */
}

static void store(volatile uint32_t *base, uint32_t v)
{
	asm volatile("movl %%ecx, 0x1c(%%eax)" : : "a"(base), "c"(v) : "memory");
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, x = frame_alloc(), alias_e, stale = 0;
	volatile uint32_t *alias = pfn_to_va(x), *tva = (volatile uint32_t *)TEST_VA;
	vmi_pte_t alias_pte;

	trap_set_handler(14, on_pf);
	CHECK_RET(pt_map(l2, TEST_VA, x, VMI_PTE_P | VMI_PTE_W), 0);
	store(tva, 0xDEAD0000u);         /* not present: a valid L1 entry */
	store(alias, 0xDEAD0000u);
	CHECK_EQ(pf_count, 0);

	/* Drop both writable mappings with pte_write alone: no flush. */
	alias_e = pt_entry_paddr(l2, (uint32_t)alias);
	alias_pte = pt_get(l2, (uint32_t)alias);
	CHECK_RET(vmi_pte_write(pt_entry_paddr(l2, TEST_VA), 0), 0);
	CHECK_RET(vmi_pte_write(alias_e, alias_pte & ~VMI_PTE_W), 0);
	store(tva, 0xDEAD0000u);         /* succeeds only through a stale entry */
	stale += pf_count == 0;
	store(alias, 0xDEAD0000u);
	stale += pf_count <= 1;
	test_env("stale writable translations before the pin: %u of 2", stale);
	pf_count = 0;

	printf("attack: pin the frame, then store through the stale translations\n");
	CHECK_RET(vmi_pt_pin(x, 1), 0);
	store(tva, EVIL);
	CHECK_EQ(pf_count, 1);
	CHECK_EQ(pf_error & 1, 0);       /* not present */
	store(alias, EVIL);
	CHECK_EQ(pf_count, 2);
	CHECK_EQ(pf_error & 3, VMI_PTE_P | VMI_PTE_W);
	CHECK_EQ(alias[7], 0xDEAD0000u);
	CHECK_RET(vmi_pt_unpin(x), 0);
}
