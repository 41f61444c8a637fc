/*
 * upcall.S - pvhv_deliver_pending: the guest kernel enters its own event
 * callback, as the hypervisor would on its way back from a hypercall.
 *
 * Called where the hypervisor leaves this domain's events to the guest -
 * after HC_EVTCHN_SEND, whose fast path does no return work (events.c).
 * If upcall_pending is set, events are enabled and a callback is
 * registered (the hypervisor's conditions), the callback gets what the
 * hypervisor's upcall gives it: a ring-1 frame
 * (eip, cs, eflags with IF, the virtual event flag, set) on the current
 * stack and events masked.  It returns with vmi_iret, in ring 1, to the
 * `ret` below.  Only the guest's own stack and shared page are involved,
 * so nothing is validated and nothing needs to be: a kernel that does this
 * wrongly hurts only itself.
 *
 * eflags is a constant: IF and the always-one bit.  The arithmetic flags of
 * a C call site are dead, DF is clear (the C ABI), and the rest are the
 * hypervisor's to keep clear anyway.  No pushf: its IF is the real one.
 * An event raised between the check and the store to upcall_mask
 * is delivered by the hypervisor on that interrupt's way back; the callback
 * entered here then finds nothing and returns (it takes each port once).
 */
	/* vmi/pvhv.h is a C header: gas skips its declarations in this
	 * never-assembled block, while cpp still defines its macros. */
	.if 0
#include <vmi/pvhv.h>
	.endif
#include "shared_offsets.h"

#define EFLAGS_IF 0x200
#define EFLAGS_ONE 0x2
#define SHARED PVHV_SHARED_INFO_VA

	.text
	.globl pvhv_deliver_pending
	.type pvhv_deliver_pending, @function
pvhv_deliver_pending:
	/* upcall_pending 1 and upcall_mask, the next byte, 0: each is only
	 * ever 0 or 1 (the hypervisor's and this backend's stores) */
	cmpw $1, SHARED + SHARED_UPCALL_PENDING
	jne 1f
	cmpl $0, pvhv_event_callback
	je 1f
	pushl $(EFLAGS_IF | EFLAGS_ONE)
	pushl $PVHV_KERNEL_CS
	pushl $1f
	movb $1, SHARED + SHARED_UPCALL_MASK    /* the callback runs masked */
	jmp *pvhv_event_callback
1:	ret
	.size pvhv_deliver_pending, . - pvhv_deliver_pending
