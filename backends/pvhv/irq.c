/*
 * irq.c - the virtual interrupt flag on pvhv: upcall_mask in the shared page.
 *
 * All four calls are hot, so none of them traps: disabling is one store, and
 * enabling is one store plus a look at upcall_pending (which a pending,
 * unmasked port implies: events.c).  Only when enabling
 * finds deliverable work does it make a hypercall (HC_EVENT_CHECK), on whose
 * way back the hypervisor enters the event callback - so "pending events run
 * before vmi_irq_enable returns" holds without a trap in the common case.
 * No race: an event raised after the store finds the flag set and is
 * delivered by the hypervisor on its own return to us; one raised before it
 * is in the bitmaps the check reads (one processor, program order).
 */
#include "backend.h"
#include "hypercall.h"

void vmi_irq_disable(void)
{
	SHARED->upcall_mask = 1;
	barrier();                      /* the critical section starts after */
}

void vmi_irq_enable(void)
{
	barrier();                      /* the critical section ends before */
	SHARED->upcall_mask = 0;
	barrier();
	if (SHARED->upcall_pending)     /* pending and unmasked implies it (events.c) */
		hc0(HC_EVENT_CHECK);
}

unsigned long vmi_irq_save(void)
{
	unsigned long flags = SHARED->upcall_mask ? 0 : VMI_IRQ_ENABLED;

	vmi_irq_disable();
	return flags;
}

void vmi_irq_restore(unsigned long flags)
{
	if (flags & VMI_IRQ_ENABLED)
		vmi_irq_enable();
	else
		vmi_irq_disable();
}
