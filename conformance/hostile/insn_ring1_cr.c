/*
 * hostile/insn_ring1_cr - attack: control registers from the guest kernel
 * (ring 1): read CR0, CR2, CR3, CR4; write CR0 without WP (so ring 1 could
 * write its read-only page tables), CR3 = 0 (another address space), CR4 = 0.
 * Containment: each `mov` raises #GP(0) at the instruction, reflected to
 * the guest kernel; nothing changes: the address space is the same (the
 * guest runs on) and CR0.WP still holds, so a direct store to the guest's
 * own page directory still faults (#PF, present|write).
 */
#include "insn_harness.h"

const char test_title[] = "control registers in ring 1 are contained";

static uint32_t pf_resume;
static volatile uint32_t pf_count, pf_error;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	r->f.eip = pf_resume;
}

void test_main(void)
{
	volatile uint32_t *l2 = pfn_to_va(pt_current_l2);

	r1_catch_all();
	R1_EXPECT("mov %cr0, %eax", 13, 0, "", "movl %%cr0, %%eax");
	R1_EXPECT("mov %cr2, %eax", 13, 0, "", "movl %%cr2, %%eax");
	R1_EXPECT("mov %cr3, %eax", 13, 0, "", "movl %%cr3, %%eax");
	R1_EXPECT("mov %cr4, %eax", 13, 0, "", "movl %%cr4, %%eax");
	R1_EXPECT("mov %eax, %cr0 (PG|PE, no WP)", 13, 0, "movl $0x80000011, %%eax",
	          "movl %%eax, %%cr0");
	R1_EXPECT("mov %eax, %cr3 (0)", 13, 0, "xorl %%eax, %%eax", "movl %%eax, %%cr3");
	R1_EXPECT("mov %eax, %cr4 (0)", 13, 0, "xorl %%eax, %%eax", "movl %%eax, %%cr4");

	printf("afterwards: CR0.WP still protects the page directory\n");
	trap_set_handler(14, on_pf);
	uint32_t before = l2[0x300];
	__asm__ volatile("movl $1f, %[r]\n\tmovl %[v], (%[p])\n1:"
	                 : [r] "=m"(pf_resume) : [v] "r"(before ^ VMI_PTE_U), [p] "r"(&l2[0x300])
	                 : "memory");
	CHECK_EQ(pf_count, 1);
	CHECK_EQ(pf_error & 3, VMI_PTE_P | VMI_PTE_W);
	CHECK_EQ(l2[0x300], before);
}
