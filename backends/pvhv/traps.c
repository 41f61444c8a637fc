/*
 * traps.c - trap and event entry points, and the kernel stack, on pvhv.
 *
 * The hypervisor owns the IDT and the TSS: it reflects exceptions to the
 * handlers of the guest's trap table, enters the event callback, and switches
 * to the declared ring-1 stack on traps from ring 3.  It validates all three
 * (vectors, selectors, addresses below hv_start), so these calls only pass
 * the guest's arguments through.  The way back is vmi_iret (iret.S).  The
 * callback is also remembered here: after a send the guest enters it
 * itself (upcall.S).
 */
#include "backend.h"
#include "hypercall.h"

int vmi_set_trap_table(const struct vmi_trap_entry *table, uint32_t count)
{
	return hc2(HC_SET_TRAP_TABLE, (uint32_t)table, count);
}

uint32_t pvhv_event_callback;

/* Remembered once the hypervisor accepted it: upcall.S enters it too. */
int vmi_set_event_callback(void (*entry)(void))
{
	int r = hc1(HC_SET_CALLBACK, (uint32_t)entry);

	if (r == 0)
		pvhv_event_callback = (uint32_t)entry;
	return r;
}

int vmi_set_kernel_stack(uint32_t ss, uint32_t esp)
{
	return hc2(HC_STACK_SWITCH, ss, esp);
}
