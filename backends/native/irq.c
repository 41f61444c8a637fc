/*
 * irq.c - the virtual interrupt flag natively (it is the real IF), halting,
 * blocking, and the IRQ dispatcher called by vectors.S.
 *
 * Enabling events with ports already pending enters the callback at once
 * (VMI semantics); sti's one-instruction shadow makes "sti; hlt" and
 * "sti; int" atomic, so no event slips between enable and wait.
 */
#include "native.h"
#include "drivers/uart16550.h"
#include "drivers/x86.h"

void vmi_irq_disable(void)
{
	cli();
}

/* Called with events masked or not: deliver what is pending either way. */
void vmi_irq_enable(void)
{
	cli();
	if (evt_callback && !evt_blocking && evt_any_deliverable())
		evt_upcall_now();
	sti();
}

unsigned long vmi_irq_save(void)
{
	return irq_save_native();
}

void vmi_irq_restore(unsigned long flags)
{
	if (flags & VMI_IRQ_ENABLED)
		vmi_irq_enable();
	else
		cli();
}

/* Halt until some interrupt arrives; returns with interrupts off. */
static void halt_once(void)
{
	uint64_t t0 = vmi_time_ns();
	asm volatile("sti; hlt; cli" : : : "memory");
	time_account_halt(vmi_time_ns() - t0);
}

void vmi_safe_halt(void)
{
	cli();
	uint32_t start = evt_upcalls;
	while (evt_upcalls == start) {
		if (evt_callback && evt_any_deliverable()) {
			evt_upcall_now();
			break;
		}
		halt_once();
	}
	sti();
}

void vmi_sched_block(void)
{
	uint32_t f = irq_save_native();
	evt_blocking = 1;                   /* IRQs mark ports, never deliver */
	while (!evt_any_deliverable())
		halt_once();
	evt_blocking = 0;
	irq_restore_native(f);
	if (f)
		evt_deliver_if_enabled();
}

/* From iret.S (interrupts off): deliver before returning to the frame? */
int native_iret_deliver(void)
{
	if (!evt_callback || evt_blocking || !evt_any_deliverable())
		return 0;
	evt_upcalls++;
	return 1;
}

/* From vectors.S: nonzero means "enter the event callback now". */
int native_irq(uint32_t vector)
{
	unsigned irq = vector - VEC_IRQ_BASE;
	if (pic_spurious(irq))
		return 0;
	if (irq == IRQ_PIT)
		timer_irq();
	else if (irq == IRQ_COM1)
		uart_irq();
	else {                      /* PCI lines, which devices may share */
		block_irq(irq);             /* the virtio disks' */
		net_irq(irq);               /* the virtio NICs' */
	}
	pic_eoi(irq);
	if (!evt_callback || evt_blocking || !evt_any_deliverable())
		return 0;
	evt_upcalls++;
	return 1;
}
