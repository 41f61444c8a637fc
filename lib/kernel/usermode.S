/*
 * usermode.S - enter_user(eip, esp): the first entry into ring 3 (trap.h).
 *
 * Builds on the kernel stack the frame vmi_iret consumes for a return to
 * user mode (eip, cs, eflags, esp, ss - struct vmi_trap_frame from eip up)
 * and jumps to vmi_iret, like the tail of a trap stub.  The selectors are
 * the boot info's, saved by trap_init (trap_user_cs/ds); calling this before
 * trap_init is a panic rather than a mysterious #GP.  General registers are
 * cleared so no kernel value leaks to the program.  The kernel stack a later
 * trap from user mode lands on is the caller's business
 * (vmi_set_kernel_stack).
 */
#include <vmi/abi.h>

#define USER_EFLAGS (VMI_IRQ_ENABLED | 0x2)  /* events on; bit 1 always set */

	.text
	.globl enter_user
	.type enter_user, @function
enter_user:                             /* (uint32_t eip, uint32_t esp) */
	movl trap_user_cs, %eax
	testl %eax, %eax
	jz 1f
	movl 4(%esp), %ecx              /* eip */
	movl 8(%esp), %edx              /* user esp */
	pushl trap_user_ds              /* ss */
	pushl %edx                      /* esp */
	pushl $USER_EFLAGS              /* eflags */
	pushl %eax                      /* cs */
	pushl %ecx                      /* eip: ESP now where vmi_iret wants it */
	movl trap_user_ds, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	jmp vmi_iret

1:	pushl $no_trap_init
	call panic

	.size enter_user, . - enter_user

	.section .rodata.str1.1, "aMS", @progbits, 1
no_trap_init:
	.asciz "enter_user before trap_init"
