/*
 * iret_delivers - an event that became pending while a handler ran with
 * events masked is delivered as soon as vmi_iret sets the event flag again.
 *
 * vmi_irq_disable's contract is "events raised meanwhile stay pending and are
 * delivered when the flag is set again", and vmi_iret sets the flag from the
 * frame's IF.  Every trap handler that runs masked (an interrupt gate) and
 * raises an event - sends on a channel, arms an already-expired timer - relies
 * on it; lib/event.c relies on it too ("the backend re-enters the callback"
 * after vmi_iret).  If the backend only delivered on irq_enable, the event
 * would wait for some unrelated later interrupt: a lost wake-up.  The event
 * here is raised by software (a loop-back channel), so no hardware interrupt
 * comes to the rescue; the check is made right after the trapping
 * instruction, before any other VMI call.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: iret that enables events delivers pending ones";

#define BP_VECTOR 3

static volatile unsigned delivered;
static volatile unsigned long irq_in_trap;
static int send_port;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	delivered++;
}

/* Runs masked (exceptions are interrupt gates): raise an event and return. */
static void bp_handler(struct trap_regs *r)
{
	(void)r;
	irq_in_trap = vmi_irq_save();
	vmi_evtchn_send(send_port);
}

void test_main(void)
{
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a) : -1;
	unsigned after_iret;

	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	if (a <= 0 || b <= 0)
		return;
	send_port = b;
	event_set_handler(a, on_event);
	trap_set_handler(BP_VECTOR, bp_handler);

	vmi_irq_enable();
	__asm__ volatile("int3" ::: "memory");
	after_iret = delivered;             /* nothing else ran in between */
	CHECK_EQ(irq_in_trap, 0);           /* the event was raised masked */
	CHECK_EQ(after_iret, 1);

	/* Whatever happened, it is delivered by now and only once. */
	vmi_irq_disable();
	vmi_irq_enable();
	CHECK_EQ(delivered, 1);
	CHECK_EQ(event_spurious, 0);
}
