/*
 * hostile/iret_eflags - attack: forged vmi_iret frames whose eflags asks
 * for privilege: IOPL 3 (port I/O, cli/sti), VM (virtual-8086 mode), NT (a
 * task return at the next iret), VIF/VIP, and IF clear (the real
 * interrupt flag would keep the processor) - to the guest kernel and to
 * user mode.
 * Containment: the frames are accepted but those bits never come back:
 * after the return IOPL is 0, VM, NT, VIF and VIP are clear and the real IF
 * is set (IF clear only masks events, the virtual flag); port I/O still
 * raises #GP(0); the user program, likewise, sees IOPL 0 and VM clear
 * (it runs in protected mode: its system call arrives normally).
 */
#include "insn_harness.h"

const char test_title[] = "vmi_iret never restores IOPL, VM or NT";

#define EVIL (EFLAGS_IOPL | EFLAGS_VM | EFLAGS_NT | 0x00180000u)   /* + VIF, VIP */

R3_BLOB(user_blob, "pushfl\n\tpopl %ebx\n\t" R3_TRY(0, 2, "inb $0x60, %al"))

static void finish(struct trap_regs *r)
{
	CHECK_EQ(r->ebx & EVIL, 0);
	CHECK_EQ(r->ebx & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(r3_count, 1);
	r3_expect(0, "inb after the return", 0, 13, 0);
}

void test_main(void)
{
	r1_catch_all();
	printf("attack: return to ring 1 with IOPL 3, VM, NT, VIF, VIP, IF clear\n");
	const uint32_t f[3] = { (uint32_t)iret_back, test_bi->kernel_cs,
	                        (read_eflags() | EVIL) & ~EFLAGS_IF };
	unsigned before = r1_caught.count;
	uint32_t fl = iret_forge(f, 3);
	CHECK_EQ(r1_caught.count, before);
	CHECK_EQ(fl & EVIL, 0);
	CHECK_EQ(fl & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(vmi_irq_save(), 0);                 /* IF clear: events masked */
	R1_EXPECT("inb after the return", 13, 0, "", "inb $0x60, %%al");

	printf("attack: return to ring 3 with IOPL 3, VM, NT, VIF, VIP\n");
	r3_setup(user_blob, user_blob_end, finish);
	const uint32_t fu[5] = { R3_CODE_VA, test_bi->user_cs, 0x202 | EVIL, R3_STACK_TOP,
	                         test_bi->user_ds };
	iret_forge(fu, 5);
	test_fail(__FILE__, __LINE__, "the return to user mode came back");
}
