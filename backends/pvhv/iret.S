/*
 * iret.S - vmi_iret on pvhv: a return from a trap or event is a hypercall.
 *
 * Jumped to (never called) with ESP at the eip of a frame of vmi/abi.h -
 * eip, cs, eflags and, for a return to ring 3, esp and ss - and every general
 * register already restored.  A ring-1 kernel cannot `iret` to the frame
 * itself: the virtual event flag is the frame's IF, and events pending when
 * it becomes set must be delivered first.  HC_IRET needs EAX for its number,
 * so the guest's EAX is pushed below the frame; the hypervisor pops it back,
 * returns to the frame, sets upcall_mask from eflags.IF and, if events are
 * now enabled and a port is pending, enters the callback instead.
 */

	/* vmi/pvhv.h is a C header: gas skips its declarations in this
	 * never-assembled block, while cpp still defines its macros. */
	.if 0
#include <vmi/pvhv.h>
	.endif

	.text
	.globl vmi_iret
	.type vmi_iret, @function
vmi_iret:
	pushl %eax                      /* restored by the hypervisor */
	movl $HC_IRET, %eax
	int $PVHV_HYPERCALL_VECTOR      /* never comes back here */
	ud2                             /* ...and if it did: a loud #UD */
	.size vmi_iret, . - vmi_iret
