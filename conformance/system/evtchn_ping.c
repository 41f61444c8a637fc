/*
 * system/evtchn_ping - inter-domain event channels between two real
 * domains: domain 0 offers a port to domain 1 (alloc_unbound), domain 1
 * binds it (bind_interdomain, retrying with yield until the offer exists),
 * and they exchange PINGS notifications, each side waiting for the other's
 * before sending the next.  Run with evtchn_ping.domains (the same image twice: ids 0 and 1).
 */
#include "../runtime/test.h"

const char test_title[] = "inter-domain events: ping-pong between two domains";

#define PINGS 50

static volatile unsigned got;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	got++;
}

/* Domain 0's offer is its first port: ports are handed out lowest first. */
static int connect(unsigned me)
{
	if (me == 0)
		return vmi_evtchn_alloc_unbound(1);
	int p;
	while ((p = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
		vmi_sched_yield();      /* domain 0 has not offered it yet */
	return p;
}

static void wait_for(unsigned n)
{
	while (got < n)
		vmi_safe_halt();
}

void test_main(void)
{
	unsigned me = !strncmp(test_bi->cmdline, "name=b", 6);   /* domain 1 */
	int port = connect(me);
	CHECK_GT(port, 0);
	event_set_handler((unsigned)port, on_event);
	vmi_irq_enable();
	for (unsigned i = 1; i <= PINGS; i++) {
		if (me == 0) {                /* 0 sends first, then waits */
			int rc;
			while ((rc = vmi_evtchn_send((unsigned)port)) == -VMI_ENOTCONN && i == 1)
				vmi_sched_yield();   /* domain 1 has not bound yet */
			CHECK_RET(rc, 0);
			wait_for(i);
		} else {
			wait_for(i);
			CHECK_RET(vmi_evtchn_send((unsigned)port), 0);
		}
	}
	CHECK_EQ(got, PINGS);
	CHECK_RET(vmi_evtchn_alloc_unbound(7), -VMI_ESRCH);   /* no such domain */
	vmi_irq_disable();
}
