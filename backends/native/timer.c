/*
 * timer.c - the one-shot VMI timer natively, on PIT channel 0.
 *
 * The PIT counts at most 65535 periods (about 55 ms), so a far deadline is
 * reached in steps: each IRQ 0 compares system time with the deadline and
 * either raises VIRQ_TIMER or programs the next step.  Rounding the step up
 * guarantees the event never fires before its deadline.
 */
#include "native.h"

static uint64_t deadline;
static int armed;

static void fire(void)
{
	armed = 0;
	evt_raise_virq(VMI_VIRQ_TIMER);
}

/* Called with interrupts off. */
static void program(void)
{
	uint64_t now = vmi_time_ns();
	if (now >= deadline) {
		fire();
		return;
	}
	uint64_t delta = deadline - now;
	if (delta > 50000000ull)            /* 50 ms: well inside 16 bits */
		delta = 50000000ull;
	pit_oneshot((uint32_t)((delta * PIT_HZ + 999999999ull) / 1000000000ull));
}

void timer_irq(void)
{
	if (armed)
		program();
}

int vmi_timer_set(uint64_t deadline_ns)
{
	uint32_t f = irq_save_native();
	deadline = deadline_ns;
	armed = 1;
	program();
	irq_restore_native(f);
	evt_deliver_if_enabled();
	return 0;
}

void vmi_timer_cancel(void)
{
	uint32_t f = irq_save_native();
	armed = 0;
	irq_restore_native(f);
}
