/*
 * sched.c - waiting, yielding and ending the domain on pvhv (HC_SCHED_OP).
 *
 * SCHEDOP_BLOCK deschedules the domain until one of its unmasked ports is
 * pending, without touching the event flag.  Both waits are built on it with
 * events MASKED while the domain blocks: an event raised at any point then
 * stays pending - block returns at once for it - instead of being delivered
 * in the instant between a check and the hypercall and leaving us asleep
 * with nothing left to wake us.  safe_halt enables events only afterwards,
 * when a port is known to be pending; vmi_irq_enable then delivers it, so
 * safe_halt returns after the callback ran, as natively.
 */
#include "backend.h"
#include "hypercall.h"

void pvhv_block(void)
{
	hc1(HC_SCHED_OP, SCHEDOP_BLOCK);
}

/* Masked from here on, nothing can take the port the loop found. */
void vmi_safe_halt(void)
{
	vmi_irq_disable();
	while (!pvhv_deliverable())
		pvhv_block();
	vmi_irq_enable();
}

/* Called masked (the contract), it returns masked with the port pending;
 * called enabled, it behaves as natively: wait, then deliver. */
void vmi_sched_block(void)
{
	unsigned long flags = vmi_irq_save();

	while (!pvhv_deliverable())
		pvhv_block();
	vmi_irq_restore(flags);
}

void vmi_sched_yield(void)
{
	hc1(HC_SCHED_OP, SCHEDOP_YIELD);
}

/* A shutdown the hypervisor refuses (e.g. a bad code) still ends us. */
void vmi_shutdown(uint32_t reason, uint32_t code)
{
	for (;;) {
		hc3(HC_SCHED_OP, SCHEDOP_SHUTDOWN, reason, code);
		reason = VMI_SHUTDOWN_CRASH;
		code = VMI_EXIT_CRASH;
	}
}

/* The backend cannot go on: say why on the console, end as a crash. */
void pvhv_crash(const char *why)
{
	uint32_t len = 0;

	while (why[len])
		len++;
	vmi_console_write(why, len);
	vmi_shutdown(VMI_SHUTDOWN_CRASH, VMI_EXIT_CRASH);
}
