/*
 * iret.S - vmi_iret natively.  Jumped to with ESP at the eip of a
 * hardware-format frame and every general register restored.
 *
 * The real IF is the virtual one, so `iret` alone restores the event flag -
 * but VMI also promises what pvhv does on every return to the guest: if the
 * frame re-enables events and a port is pending, the event callback runs
 * first.  The frame already on the stack is exactly the one the callback
 * wants (the context it interrupts), so delivery is a jump with IF clear.
 */
#define EFLAGS_IF 0x200

	.text
	.globl vmi_iret
	.type vmi_iret, @function
vmi_iret:
	cli                             /* the callback must start masked */
	testl $EFLAGS_IF, 8(%esp)       /* frame: eip, cs, eflags */
	jz 1f
	pushl %eax                      /* preserve what C may clobber */
	pushl %ecx
	pushl %edx
	call native_iret_deliver        /* counts the upcall if it says yes */
	testl %eax, %eax
	popl %edx                       /* pops leave ZF alone */
	popl %ecx
	popl %eax
	jnz 2f
1:	iret
2:	jmp *evt_callback
	.size vmi_iret, . - vmi_iret
