/*
 * iret_frame - vmi_iret resumes exactly the context in the frame, including
 * changes the handler made, and the frame's IF is the event flag.
 *
 * Signals, system-call results, emulation and fault fix-ups all work by
 * editing the interrupted context before returning; so vmi_iret must take
 * eip, eflags and (through the stub) every general register from the frame,
 * and make eflags.IF the virtual event flag: a handler can return with
 * events enabled or masked by editing one bit.  The #UD handler here moves
 * eip past a "poison" instruction, sets registers and flips CF and IF.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: iret resumes the (modified) frame";

#define UD_VECTOR 6
#define EFLAGS_CF 0x1u

static volatile uint32_t frame_if;      /* eflags.IF as the handler saw it */
static uint32_t resume;                 /* where the handler sends eip */

static void ud_handler(struct trap_regs *r)
{
	frame_if = r->f.eflags & VMI_IRQ_ENABLED;
	r->f.eip = resume;                  /* skip ud2 and the poison */
	r->eax = 0x600D0001;
	r->ebx = 0x600D0002;
	r->ecx = 0x600D0003;
	r->edx = 0x600D0004;
	r->esi = 0x600D0005;
	r->edi = 0x600D0006;
	r->f.eflags |= EFLAGS_CF;
	r->f.eflags ^= VMI_IRQ_ENABLED;     /* flip the event flag */
}

void test_main(void)
{
	uint32_t a, b, c, d, s, D;
	uint8_t cf;

	trap_set_handler(UD_VECTOR, ud_handler);

	/* Events masked at the trap: the frame says so; the flipped IF
	 * returns with events enabled.  clc before: CF comes from the frame. */
	vmi_irq_disable();
	__asm__ volatile("movl $2f, %[r]\n\t"
	                 "xorl %%eax, %%eax\n\txorl %%ebx, %%ebx\n\txorl %%ecx, %%ecx\n\t"
	                 "xorl %%edx, %%edx\n\txorl %%esi, %%esi\n\txorl %%edi, %%edi\n\t"
	                 "clc\n\t"
	                 "ud2\n\t"
	                 "movl $0xBAD, %%eax\n\tmovl $0xBAD, %%ebx\n\tclc\n"   /* poison */
	                 "2:\tsetc %[cf]"
	                 : [r] "=m"(resume), "=a"(a), "=b"(b), "=c"(c), "=d"(d),
	                   "=S"(s), "=D"(D), [cf] "=qm"(cf) : : "memory", "cc");
	CHECK_EQ(frame_if, 0);
	CHECK_EQ(a, 0x600D0001);
	CHECK_EQ(b, 0x600D0002);
	CHECK_EQ(c, 0x600D0003);
	CHECK_EQ(d, 0x600D0004);
	CHECK_EQ(s, 0x600D0005);
	CHECK_EQ(D, 0x600D0006);
	CHECK_EQ(cf, 1);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);   /* IF set by vmi_iret */

	/* Events enabled at the trap: the frame says so; the flipped IF
	 * returns with events masked. */
	vmi_irq_enable();
	__asm__ volatile("movl $2f, %[r]\n\tud2\n\tmovl $0xBAD, %%eax\n2:"
	                 : [r] "=m"(resume), "=a"(a) : : "ebx", "ecx", "edx", "esi",
	                   "edi", "memory", "cc");
	CHECK_EQ(frame_if, VMI_IRQ_ENABLED);
	CHECK_EQ(a, 0x600D0001);
	CHECK_EQ(vmi_irq_save(), 0);                 /* IF cleared by vmi_iret */
}
