/*
 * swtch.S - switching kernel contexts, and the way out to user mode.
 *
 * swtch(&old, new) saves the callee-saved registers and the return address
 * on the current stack as a struct context (proc.h), stores its address in
 * *old, and resumes `new` the same way.  Everything else a C caller expects
 * to survive a call is already on the stack by the C calling convention.
 *
 * trapret is the tail of a trap stub (lib/trapentry.S) for a process that
 * never entered through one: a new process's kernel stack holds a struct
 * trap_regs at its top, and forkret returns here with ESP pointing at it.
 */
#include "lib/kernel/trapregs.h"

	.text
	.globl swtch
	.type swtch, @function
swtch:                                  /* (struct context **old, struct context *new) */
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	pushl %ebp                      /* struct context, from ebp down to edi */
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret                             /* context.eip */
	.size swtch, . - swtch

	.globl trapret
	.type trapret, @function
trapret:                                /* ESP at a struct trap_regs */
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $(TR_EIP - TR_VECTOR), %esp  /* vector and error code */
	jmp vmi_iret
	.size trapret, . - trapret
