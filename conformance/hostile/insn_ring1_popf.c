/*
 * hostile/insn_ring1_popf - attack: popf in the guest kernel (ring 1)
 * trying to clear IF (keep the processor) and to raise IOPL to 3 (then
 * port I/O, cli and sti would be allowed), and trying to set IF while
 * events are masked.  popf does not fault: at CPL 1 > IOPL 0 it silently
 * leaves IF and IOPL alone.
 * Containment: no trap; the real IF stays set and IOPL stays 0 (pushf);
 * the virtual event flag does not follow popf either way; port I/O still
 * raises #GP(0); a timer event is still delivered with events enabled, and
 * a pending one is held back with events masked.
 */
#include "insn_harness.h"

const char test_title[] = "popf in ring 1 changes neither IF nor IOPL";

static void popf(uint32_t f)
{
	__asm__ volatile("pushl %0\n\tpopfl" : : "r"(f) : "cc", "memory");
}

void test_main(void)
{
	r1_catch_all();
	vmi_irq_enable();
	unsigned before = r1_caught.count;
	popf((read_eflags() & ~EFLAGS_IF) | EFLAGS_IOPL);
	uint32_t after = read_eflags();
	CHECK_EQ(r1_caught.count, before);          /* silently ignored */
	CHECK_EQ(after & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(after & EFLAGS_IOPL, 0);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	vmi_irq_enable();
	R1_EXPECT("inb after popf(IOPL=3)", 13, 0, "", "inb $0x60, %%al");
	timer_arm(2000000ull);
	CHECK_EQ(timer_wait(0), 1);

	printf("attack: popf(IF=1) with events masked and one pending\n");
	vmi_irq_disable();
	timer_arm(0);
	popf(read_eflags() | EFLAGS_IF);
	for (volatile int i = 0; i < 100000; i++)
		;
	CHECK_EQ(timer_ticks, 1);
	CHECK_EQ(vmi_irq_save(), 0);
	vmi_irq_enable();
	CHECK_EQ(timer_ticks, 2);
}
