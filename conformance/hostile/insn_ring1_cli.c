/*
 * hostile/insn_ring1_cli - attack: `cli` in the guest kernel (ring 1), to
 * keep the processor by turning real interrupts off.
 * Containment: #GP(0) at the instruction, reflected to the guest kernel;
 * neither flag changes: the real IF is still set (pushf), the virtual
 * event flag is still enabled, and a timer event is still delivered.
 */
#include "insn_harness.h"

const char test_title[] = "cli in ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	vmi_irq_enable();
	R1_EXPECT("cli", 13, 0, "", "cli");
	CHECK_EQ(read_eflags() & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	vmi_irq_enable();
	timer_arm(2000000ull);
	CHECK_EQ(timer_wait(0), 1);
}
