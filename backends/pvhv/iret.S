/*
 * iret.S - vmi_iret on pvhv.  Jumped to (never called) with ESP at the eip
 * of a frame of vmi/abi.h - eip, cs, eflags and, for a return to ring 3,
 * esp and ss - and every general register already restored.
 *
 * Fast path (no hypervisor): a ring-1 kernel may itself `iret` to its own
 * code (ring 1) or to user code (ring 3).  The virtual event flag is the
 * frame's IF, stored in the shared page first; the real IF stays on (IOPL 0
 * at CPL 1 makes iret leave it alone).  If the frame enables events while
 * upcall_pending is set (which an unmasked pending port implies, events.c),
 * the hypervisor must deliver first, so that case takes the slow path.  An
 * event arriving after the check is delivered by the hypervisor on its own
 * way back (events are already unmasked), so nothing is lost.
 *
 * Slow path (HC_IRET): anything but the guest's own code selectors, a user
 * ss other than the user data selector, eip beyond the segment limit, NT
 * or VM set, or events to deliver.  The hypervisor validates such frames
 * and reflects #GP for bad ones, exactly as before.  HC_IRET needs EAX for
 * its number, so the guest's EAX is pushed below the frame; the hypervisor
 * pops it back.
 */

	/* vmi/pvhv.h is a C header: gas skips its declarations in this
	 * never-assembled block, while cpp still defines its macros. */
	.if 0
#include <vmi/pvhv.h>
	.endif
#include "shared_offsets.h"

#define EFLAGS_IF 0x200
#define EFLAGS_NT 0x4000
#define EFLAGS_VM 0x20000
/* After `pushl %eax`: eip at 4(%esp), cs 8, eflags 12, user esp 16, ss 20. */
#define F_EIP 4
#define F_CS 8
#define F_EFLAGS 12
#define F_SS 20
#define SHARED PVHV_SHARED_INFO_VA

	.text
	.globl vmi_iret
	.type vmi_iret, @function
vmi_iret:
	pushl %eax                      /* scratch; the slow path expects it here */
	cmpl $PVHV_KERNEL_CS, F_CS(%esp)
	je 1f
	cmpl $PVHV_USER_CS, F_CS(%esp)
	jne slow
	cmpl $PVHV_USER_DS, F_SS(%esp)
	jne slow
1:	cmpl $PVHV_SEG_LIMIT, F_EIP(%esp)
	ja slow
	testl $(EFLAGS_NT | EFLAGS_VM), F_EFLAGS(%esp)
	jnz slow
	testl $EFLAGS_IF, F_EFLAGS(%esp)
	jz masked
	cmpb $0, SHARED + SHARED_UPCALL_PENDING /* events to deliver? (events.c) */
	jne slow
	movb $0, SHARED + SHARED_UPCALL_MASK    /* events on, nothing pending */
	popl %eax
	iret
masked:
	movb $1, SHARED + SHARED_UPCALL_MASK
	popl %eax
	iret
slow:
	movl $HC_IRET, %eax
	int $PVHV_HYPERCALL_VECTOR      /* never comes back here */
	ud2                             /* ...and if it did: a loud #UD */
	.globl vmi_iret_end             /* tests check a fault lies inside */
vmi_iret_end:
	.size vmi_iret, . - vmi_iret
