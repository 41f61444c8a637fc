/*
 * hostile/insn_ring1_clts - attack: clts in the guest kernel (ring 1) to
 * clear CR0.TS itself while its virtual TS is set (the hypervisor uses the
 * real TS for lazy FPU switching between domains).
 * Containment: clts raises #GP(0) at the instruction, reflected to the
 * guest kernel; the virtual TS still holds: the next FPU instruction raises
 * #NM in the guest; after vmi_fpu_taskswitch(0) it raises nothing.
 */
#include "insn_harness.h"

const char test_title[] = "clts in ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	vmi_fpu_taskswitch(1);
	R1_EXPECT("clts", 13, 0, "", "clts");
	R1_EXPECT("fnop with the virtual TS still set", 7, 0, "", "fnop");
	vmi_fpu_taskswitch(0);
	unsigned before = r1_caught.count;
	__asm__ volatile("fnop");
	CHECK_EQ(r1_caught.count, before);
}
