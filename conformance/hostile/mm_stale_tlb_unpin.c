/*
 * hostile/mm_stale_tlb_unpin - attack: unlink an L1 from the live L2 without a
 * flush, unpin it, rewrite it to map the hypervisor image, and use the old
 * translations; containment: the unpin flushes, accesses fault.
 *
 * Once unpinned, the L1 is ordinary memory the guest may write.  If the
 * processor still held translations (or a cached walk) through it, the
 * guest's new contents - here a writable mapping of machine frame 0x100,
 * the hypervisor image - would take effect without validation.  After the
 * unpin every address the L1 used to cover must fault as not present:
 * TEST_VA (translated before) and TEST_VA + 8 KiB (never translated, so a
 * fresh walk through a stale directory entry would use the forged entry).
 * Whether TEST_VA's translation really was stale before the unpin is
 * reported in an env: line.
 */
#include "../runtime/test.h"

const char test_title[] = "unpinning flushes translations through the table";

#define TEST_VA 0x40000000u
#define EVIL ((0x100u << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W)

static volatile unsigned pf_count;
static volatile uint32_t pf_error, pf_addr;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	pf_addr = vmi_fault_address();
	r->f.eip += 2;                   /* movl (%eax), %ecx */
}

static uint32_t load(uint32_t va)
{
	uint32_t v = 0;
	asm volatile("movl (%%eax), %%ecx" : "+c"(v) : "a"(va) : "memory");
	return v;
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), a;
	uint32_t slot = (l2 << VMI_PAGE_SHIFT) | 4 * (TEST_VA >> 22);
	vmi_pte_t *at;

	*(uint32_t *)pfn_to_va(data) = 0x600DF00Du;
	trap_set_handler(14, on_pf);
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_RET(pt_map(l2, TEST_VA + 0x1000, data, VMI_PTE_P), 0);
	CHECK_EQ(load(TEST_VA), 0x600DF00Du);            /* cached now */
	a = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22]);

	printf("attack: unlink (no flush), unpin, forge the entries\n");
	CHECK_RET(vmi_pte_write(slot, 0), 0);
	load(TEST_VA);                   /* succeeds only through a stale entry */
	test_env("stale translation before the unpin: %s", pf_count ? "no" : "yes");
	pf_count = 0;
	CHECK_RET(vmi_pt_unpin(a), 0);
	CHECK_RET(pt_set_alias_writable(a, 1), 0);          /* ordinary memory now */
	at = pfn_to_va(a);
	at[0] = EVIL;
	at[2] = EVIL;
	CHECK_EQ(pf_count, 0);

	load(TEST_VA);
	CHECK_EQ(pf_count, 1);
	CHECK_EQ(pf_error & 1, 0);
	CHECK_EQ(pf_addr, TEST_VA);
	load(TEST_VA + 0x2000);
	CHECK_EQ(pf_count, 2);
	CHECK_EQ(pf_error & 1, 0);
	CHECK_EQ(pf_addr, TEST_VA + 0x2000);

	/* And it cannot be linked again in that state. */
	CHECK_RET(pt_set_alias_writable(a, 0), 0);
	CHECK_RET(vmi_pt_pin(a, 1), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(slot, vmi_make_pte(a, VMI_PTE_P | VMI_PTE_W)), -VMI_EINVAL);
}
