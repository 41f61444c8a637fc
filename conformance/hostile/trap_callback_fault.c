/*
 * hostile/trap_callback_fault - attack: an event callback that itself
 * faults: it executes ud2 as its first instruction, and the guest has
 * removed its #UD handler, so the fault raised while delivering an event
 * (events masked, on the callback's frame) has nowhere to go.
 * Containment: the hypervisor kills the attacker with a logged reason
 * ("unhandled trap 6 ..."), does not loop delivering the event again, and
 * the victim finishes.  Run with trap_callback_fault.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "a fault in the event callback kills only its domain";

void bad_callback(void);
__asm__(".pushsection .text\nbad_callback:\n\tud2\n.popsection");

void test_main(void)
{
	const struct vmi_trap_entry remove = { 6, 0, (uint16_t)test_bi->kernel_cs, 0 };
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK_GT(port, 0);
	CHECK_RET(vmi_set_trap_table(&remove, 1), 0);
	vmi_irq_disable();
	CHECK_RET(vmi_set_event_callback(bad_callback), 0);
	CHECK_RET(vmi_timer_set(vmi_time_ns()), 0);      /* pending at once */
	printf("attack: enable events into a callback that executes ud2\n");
	vmi_irq_enable();
	test_fail(__FILE__, __LINE__, "still running after the callback faulted");
}
