/*
 * hostile/insn_ring1_io - attack: port I/O from the guest kernel (ring 1):
 * in/out with immediate and %dx ports, byte, word and dword, and the string
 * forms, aimed at devices the hypervisor owns: the isa-debug-exit port 0xF4
 * (a write would end the whole machine), the PIC mask register 0x21 (all
 * interrupts masked), the PIT mode register and COM1.
 * Containment: each raises #GP(0) at the instruction (IOPL 0, no I/O
 * bitmap), reflected to the guest kernel; none takes effect: QEMU still
 * runs and a timer event still arrives afterwards, so the PIC was not
 * masked and the PIT not reprogrammed.
 */
#include "insn_harness.h"

const char test_title[] = "port I/O from ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	R1_EXPECT("inb $0x60", 13, 0, "", "inb $0x60, %%al");
	R1_EXPECT("outb $0xF4 (debug exit)", 13, 0, "movl $0, %%eax", "outb %%al, $0xF4");
	R1_EXPECT("outb %dx=0x21 (PIC: mask all)", 13, 0, "movl $0x21, %%edx; movl $0xFF, %%eax",
	          "outb %%al, %%dx");
	R1_EXPECT("outb $0x43 (PIT mode)", 13, 0, "movl $0x30, %%eax", "outb %%al, $0x43");
	R1_EXPECT("inl %dx", 13, 0, "movl $0x3F8, %%edx", "inl %%dx, %%eax");
	R1_EXPECT("outw %dx=0x3F8 (COM1)", 13, 0, "movl $0x3F8, %%edx; movl $0x58, %%eax",
	          "outw %%ax, %%dx");
	R1_EXPECT("insb", 13, 0, "movl $0x3F8, %%edx; movl %%esp, %%edi", "insb");
	R1_EXPECT("outsl", 13, 0, "movl $0x3F8, %%edx; movl %%esp, %%esi", "outsl");
	R1_EXPECT("rep outsb", 13, 0, "movl $0xF4, %%edx; movl %%esp, %%esi; movl $4, %%ecx",
	          "rep outsb");

	printf("afterwards: a timer event still arrives\n");
	vmi_irq_enable();
	timer_arm(2000000ull);
	CHECK_EQ(timer_wait(0), 1);
}
