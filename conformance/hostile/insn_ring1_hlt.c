/*
 * hostile/insn_ring1_hlt - attack: `hlt` in the guest kernel (ring 1), with
 * events enabled and with events masked (the latter would stop the machine
 * for every domain if it halted for real).
 * Containment: #GP(0) at the instruction each time, reflected to the guest
 * kernel; the guest goes on at once, and the legitimate wait
 * (vmi_safe_halt) still works.
 */
#include "insn_harness.h"

const char test_title[] = "hlt in ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	vmi_irq_enable();
	R1_EXPECT("hlt, events enabled", 13, 0, "", "hlt");
	vmi_irq_disable();
	R1_EXPECT("hlt, events masked", 13, 0, "", "hlt");
	CHECK_EQ(vmi_irq_save(), 0);
	timer_arm(1000000ull);
	vmi_safe_halt();
	CHECK_EQ(timer_ticks, 1);
}
