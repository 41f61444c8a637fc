/*
 * hostile/insn_ring1_dr - attack: debug registers from the guest kernel
 * (ring 1): read DR7 and DR6, point DR0 at a variable and enable a write
 * breakpoint in DR7 (a hardware breakpoint could also be aimed at the
 * hypervisor's own code and data).
 * Containment: each `mov` raises #GP(0) at the instruction, reflected to
 * the guest kernel; no breakpoint exists afterwards: writing the variable
 * raises no #DB.
 */
#include "insn_harness.h"

const char test_title[] = "debug registers in ring 1 are contained";

volatile uint32_t target;             /* named in asm */

void test_main(void)
{
	r1_catch_all();
	R1_EXPECT("mov %dr7, %eax", 13, 0, "", "movl %%dr7, %%eax");
	R1_EXPECT("mov %dr6, %eax", 13, 0, "", "movl %%dr6, %%eax");
	R1_EXPECT("mov %eax, %dr0 (&target)", 13, 0, "movl $target, %%eax", "movl %%eax, %%dr0");
	R1_EXPECT("mov %eax, %dr7 (L0|G0, write, 4 bytes)", 13, 0, "movl $0x000D0303, %%eax",
	          "movl %%eax, %%dr7");
	unsigned before = r1_caught.count;
	target = 0x600D;
	CHECK_EQ(r1_caught.count, before);
	CHECK_EQ(target, 0x600D);
}
