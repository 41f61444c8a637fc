/*
 * evt_virq_bind - vmi_evtchn_bind_virq and vmi_evtchn_close on a VIRQ port.
 *
 * Virtual interrupts reach a guest only through a port it bound; a VIRQ
 * bound twice, or a port closed twice, would mean two owners of one event
 * source.  Checks: binding VIRQ_TIMER gives a valid port (1..255) that is
 * live and unmasked (the timer's event arrives on exactly that port); a
 * second bind is -VMI_EEXIST; an unknown VIRQ is -VMI_EINVAL; close frees
 * the binding (closing again, or closing port 0 or VMI_NR_PORTS, is
 * -VMI_EINVAL) so the VIRQ can be bound again; a timer expiry while the VIRQ
 * is unbound is dropped (delivered neither then nor after the next bind, as
 * natively and in Xen - the spec does not say so in words).  Port numbers
 * are never printed.
 */
#include "../runtime/test.h"

const char test_title[] = "bind_virq binds once, close releases";

static volatile unsigned hits, last_port;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)r;
	hits++;
	last_port = port;
}

/* Arm the timer in the past with events masked, then enable: whatever is
 * pending has been delivered when vmi_irq_enable returns. */
static void fire_timer_now(void)
{
	vmi_irq_disable();
	vmi_timer_set(vmi_time_ns());
	vmi_irq_enable();
}

void test_main(void)
{
	int p, q;

	p = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK(p > 0 && p < VMI_NR_PORTS);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), -VMI_EEXIST);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_NR_VIRQS), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_bind_virq(0x7FFFFFFFu), -VMI_EINVAL);

	/* The port is live and unmasked from the start. */
	if (p > 0 && p < VMI_NR_PORTS)
		event_set_handler(p, on_event);
	fire_timer_now();
	CHECK_EQ(hits, 1);
	CHECK(last_port == (unsigned)p);

	/* Close, and the port is gone. */
	CHECK_RET(vmi_evtchn_close(p), 0);
	CHECK_RET(vmi_evtchn_close(p), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_close(0), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_close(VMI_NR_PORTS), -VMI_EINVAL);

	/* Unbound, the timer's expiry goes nowhere. */
	fire_timer_now();
	CHECK_EQ(hits, 1);
	CHECK_EQ(event_spurious, 0);

	/* The VIRQ can be bound again, and works. */
	q = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK(q > 0 && q < VMI_NR_PORTS);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), -VMI_EEXIST);
	if (q > 0 && q < VMI_NR_PORTS)
		event_set_handler(q, on_event);
	fire_timer_now();
	CHECK_EQ(hits, 2);
	CHECK(last_port == (unsigned)q);
	CHECK_EQ(event_spurious, 0);
	CHECK_RET(vmi_evtchn_close(q), 0);
}
