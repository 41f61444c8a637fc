/*
 * hostile/insn_ring1_sti - attack: `sti` in the guest kernel (ring 1) with
 * events masked and a timer event pending, to take an event the virtual
 * flag is holding back.
 * Containment: #GP(0) at the instruction, reflected to the guest kernel;
 * events stay masked (vmi_irq_save says so) and the pending event is not
 * delivered until the kernel enables events through VMI.
 */
#include "insn_harness.h"

const char test_title[] = "sti in ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	vmi_irq_disable();
	timer_arm(0);                       /* due at once: pending, masked */
	R1_EXPECT("sti", 13, 0, "", "sti");
	for (volatile int i = 0; i < 100000; i++)
		;
	CHECK_EQ(timer_ticks, 0);
	CHECK_EQ(vmi_irq_save(), 0);
	vmi_irq_enable();                   /* the legitimate way: delivered now */
	CHECK_EQ(timer_ticks, 1);
}
