/*
 * event_callback - vmi_set_event_callback: events enter the registered
 * entry point, masked, with an interrupt frame, and leave through vmi_iret.
 *
 * The callback is the only way asynchronous work reaches a guest, so the
 * entry contract must hold exactly: the new entry (not the old one) is used
 * once registered; it runs with events masked (else a second event could
 * re-enter it and lose the first frame); the frame is an interrupt frame
 * (eip, cs = kernel_cs for an event that interrupted the kernel, eflags with
 * IF set since events were enabled); draining with evtchn_next_pending and
 * returning through vmi_iret resumes the interrupted code with events on.
 * An entry at or above hv_start is refused and the registered one kept.
 * The entry here is a minimal assembly stub of the test's own.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: set_event_callback entry contract";

void trap_event_entry(void);            /* the runtime's callback (lib/trapentry.S) */
void my_callback(void);
void my_callback_c(uint32_t *frame);

static volatile unsigned entries, masked_inside, port_seen;
static volatile uint32_t frame_cs, frame_eflags;
static int port_a;

/* pushal, then call my_callback_c(&frame), popal, vmi_iret.  Events only
 * interrupt the kernel in this test, so %ds/%es are already the kernel's. */
__asm__(".pushsection .text\n"
        "my_callback:\n\t"
        "pushal\n\t"
        "cld\n\t"
        "leal 32(%esp), %eax\n\t"       /* the frame: eip, cs, eflags */
        "pushl %eax\n\t"
        "call my_callback_c\n\t"
        "addl $4, %esp\n\t"
        "popal\n\t"
        "jmp vmi_iret\n"
        ".popsection");

void my_callback_c(uint32_t *frame)
{
	int p;

	entries++;
	frame_cs = frame[1];
	frame_eflags = frame[2];
	masked_inside += vmi_irq_save() == 0;
	while ((p = vmi_evtchn_next_pending()) >= 0)
		port_seen += p == port_a;
}

/* Raise port a with events masked, then enable: one delivery. */
static void raise_event(int b)
{
	vmi_irq_disable();
	vmi_evtchn_send(b);
	vmi_irq_enable();
}

void test_main(void)
{
	int b;

	port_a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	b = port_a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, port_a) : -1;
	CHECK_GT(port_a, 0);
	CHECK_GT(b, 0);
	if (port_a <= 0 || b <= 0)
		return;

	CHECK_RET(vmi_set_event_callback(my_callback), 0);
	raise_event(b);
	CHECK_EQ(entries, 1);
	CHECK_EQ(port_seen, 1);
	CHECK_EQ(masked_inside, 1);
	CHECK_EQ(frame_cs, test_bi->kernel_cs);
	CHECK_EQ(frame_eflags & VMI_IRQ_ENABLED, VMI_IRQ_ENABLED);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);   /* vmi_iret restored it */

	/* Refused entries leave my_callback in place. */
	CHECK_RET(vmi_set_event_callback((void (*)(void))test_bi->hv_start), -VMI_EINVAL);
	CHECK_RET(vmi_set_event_callback((void (*)(void))0xFFFFFFF0u), -VMI_EINVAL);
	raise_event(b);
	CHECK_EQ(entries, 2);
	CHECK_EQ(port_seen, 2);

	/* Back to the runtime's callback: mine is no longer entered. */
	CHECK_RET(vmi_set_event_callback(trap_event_entry), 0);
	raise_event(b);
	CHECK_EQ(entries, 2);
	CHECK_EQ(event_spurious, 1);        /* port a has no handler there */
}
