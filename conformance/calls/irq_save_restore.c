/*
 * irq_save_restore - vmi_irq_disable/enable/save/restore as a state machine.
 *
 * The virtual interrupt flag is the guest kernel's most frequent operation
 * (every spinlock, every critical section).  irq_save must report exactly
 * the previous state (VMI_IRQ_ENABLED or 0, nothing else) and mask; restore
 * must put back exactly what it is given, so nested save/restore pairs
 * unwind correctly.  The state is observed with a further irq_save, the only
 * way VMI offers to read it; delivery itself is tested in irq_enable_delivers.
 */
#include "../runtime/test.h"

const char test_title[] = "irq: save/restore report and restore the event flag";

/* The current state, leaving it unchanged. */
static unsigned long irq_state(void)
{
	unsigned long f = vmi_irq_save();

	vmi_irq_restore(f);
	return f;
}

void test_main(void)
{
	unsigned long outer, inner;

	/* Disabled: save reports 0 and stays disabled, however often. */
	vmi_irq_disable();
	CHECK_EQ(vmi_irq_save(), 0);
	CHECK_EQ(vmi_irq_save(), 0);
	CHECK_EQ(irq_state(), 0);

	/* Enabled: save reports exactly VMI_IRQ_ENABLED, and masks. */
	vmi_irq_enable();
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
	CHECK_EQ(vmi_irq_save(), 0);

	/* enable and disable are idempotent. */
	vmi_irq_enable();
	vmi_irq_enable();
	CHECK_EQ(irq_state(), VMI_IRQ_ENABLED);
	vmi_irq_disable();
	vmi_irq_disable();
	CHECK_EQ(irq_state(), 0);

	/* restore sets either state from either state. */
	vmi_irq_restore(VMI_IRQ_ENABLED);          /* disabled -> enabled */
	CHECK_EQ(irq_state(), VMI_IRQ_ENABLED);
	vmi_irq_restore(VMI_IRQ_ENABLED);          /* enabled -> enabled */
	CHECK_EQ(irq_state(), VMI_IRQ_ENABLED);
	vmi_irq_restore(0);                        /* enabled -> disabled */
	CHECK_EQ(irq_state(), 0);
	vmi_irq_restore(0);                        /* disabled -> disabled */
	CHECK_EQ(irq_state(), 0);

	/* Nesting from enabled: the inner pair leaves events masked, the
	 * outer one re-enables. */
	vmi_irq_enable();
	outer = vmi_irq_save();
	inner = vmi_irq_save();
	CHECK_EQ(outer, VMI_IRQ_ENABLED);
	CHECK_EQ(inner, 0);
	vmi_irq_restore(inner);
	CHECK_EQ(irq_state(), 0);
	vmi_irq_restore(outer);
	CHECK_EQ(irq_state(), VMI_IRQ_ENABLED);

	/* Nesting from disabled: nothing re-enables by accident. */
	vmi_irq_disable();
	outer = vmi_irq_save();
	inner = vmi_irq_save();
	vmi_irq_restore(inner);
	vmi_irq_restore(outer);
	CHECK_EQ(outer, 0);
	CHECK_EQ(irq_state(), 0);

	/* disable after save/enable: save's result does not outlive it. */
	vmi_irq_enable();
	vmi_irq_disable();
	CHECK_EQ(vmi_irq_save(), 0);
}
