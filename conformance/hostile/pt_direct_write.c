/*
 * hostile/pt_direct_write - attack: write the guest's own page tables
 * directly, bypassing VMI (its L2, and the L1 that maps its kernel).
 * Containment: page-table frames are mapped read-only to the guest, so the
 * store faults (#PF with P|W, fault address = the entry) and the entry is
 * unchanged; the hypervisor runs on.
 */
#include "../runtime/test.h"

const char test_title[] = "direct writes to page tables are contained";

static volatile unsigned pf_count;
static volatile uint32_t pf_error, pf_addr;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	pf_addr = vmi_fault_address();
	r->f.eip += 2;                   /* movl %ecx, (%eax) */
}

static void attack(const char *what, uint32_t table_pfn, unsigned index)
{
	volatile uint32_t *entry = (uint32_t *)pfn_to_va(table_pfn) + index;
	uint32_t before = *entry, evil = before ^ (VMI_PTE_W | VMI_PTE_U);
	unsigned n = pf_count;
	asm volatile("movl %%ecx, (%%eax)" : : "a"(entry), "c"(evil) : "memory");
	printf("attack: %s\n", what);
	CHECK_EQ(pf_count, n + 1);
	CHECK_EQ(pf_error & 3, VMI_PTE_P | VMI_PTE_W);   /* present, write */
	CHECK_EQ(pf_addr, (uint32_t)entry);
	CHECK_EQ(*entry, before);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2;
	vmi_pte_t kernel_l2e = ((uint32_t *)pfn_to_va(l2))[VMI_KERNEL_BASE >> 22];
	trap_set_handler(14, on_pf);
	attack("write the current L2", l2, 0x300);
	attack("write the L1 mapping the kernel", vmi_pte_pfn(kernel_l2e), 0x100);
}
