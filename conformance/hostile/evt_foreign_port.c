/*
 * hostile/evt_foreign_port - attack: a second domain sends on, closes and
 * binds another domain's ports (its VIRQ port, offers made to others, a bound
 * channel, free numbers); containment: -VMI_EINVAL / -VMI_ENOTCONN, the
 * owner's ports unaffected.
 *
 * Run with evt_foreign_port.domains: the owner (domain 0), the intruder
 * (domain 1, the same image) and the victim (domain 2).  The owner takes
 * port 1 = a channel offered to the intruder, 2 = VIRQ_TIMER, 3 = an offer
 * to itself, 4 = an offer to the victim.  The intruder binds port 1 (its
 * own port 1), waits for the owner's "ready" on it, then attacks:
 * send/close on 2-5 (numbers the owner uses, not the intruder), binding
 * the owner's ports 0-255 other than its offer (VIRQ port, offers to
 * someone else, the already bound channel, free and out-of-range numbers),
 * binding a port of the victim, sending on an unbound offer of its own.
 * Then it sends "done"; the owner checks that its offers are still offers,
 * the one to itself still binds, its VIRQ still delivers, and the channel
 * still works both ways ("bye").  No side sees a stray event.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "another domain's ports are out of reach";

#define MS 1000000ull

static volatile unsigned got, ticks;

static void on_chan(unsigned port, struct trap_regs *r) { (void)port; (void)r; got++; }
static void on_tick(unsigned port, struct trap_regs *r) { (void)port; (void)r; ticks++; }

/* Block until `n` channel events have come (events masked between checks). */
static void wait_for(volatile unsigned *count, unsigned n)
{
	vmi_irq_disable();
	while (*count < n) {
		vmi_safe_halt();
		vmi_irq_disable();
	}
}

static void owner(void)
{
	int rc, p;
	uint64_t t;

	CHECK_RET(vmi_evtchn_alloc_unbound(1), 1);
	CHECK_RET(vmi_evtchn_bind_virq(VMI_VIRQ_TIMER), 2);
	CHECK_RET(vmi_evtchn_alloc_unbound(VMI_DOMID_SELF), 3);
	CHECK_RET(vmi_evtchn_alloc_unbound(2), 4);
	event_set_handler(1, on_chan);
	event_set_handler(2, on_tick);
	while ((rc = vmi_evtchn_send(1)) == -VMI_ENOTCONN)
		vmi_sched_yield();                        /* the intruder has not bound yet */
	CHECK_RET(rc, 0);                                 /* "ready" */
	wait_for(&got, 1);                                /* "done" */

	/* Everything of ours is as it was. */
	CHECK_RET(vmi_evtchn_send(3), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_send(4), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_send(2), -VMI_EINVAL);       /* a VIRQ port, as before */
	p = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, 3);
	CHECK_RET(p, 5);
	CHECK_RET(vmi_evtchn_close((uint32_t)p), 0);
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 5 * MS), 0);
	wait_for(&ticks, 1);
	CHECK_RET(vmi_evtchn_send(1), 0);                 /* "bye" */
	CHECK_EQ(got, 1);
	CHECK_EQ(ticks, 1);
	CHECK_EQ(event_spurious, 0);
}

static void intruder(void)
{
	uint32_t refused = 0;
	int c, u;

	while ((c = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
		vmi_sched_yield();                        /* not offered yet */
	CHECK_RET(c, 1);
	event_set_handler(1, on_chan);
	wait_for(&got, 1);                                /* "ready": all set up */

	printf("attack: send/close on the owner's port numbers\n");
	for (uint32_t p = 2; p <= 5; p++) {
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_SEND, p, 0), -VMI_EINVAL);
		CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_CLOSE, p, 0), -VMI_EINVAL);
	}
	printf("attack: bind the owner's VIRQ port, offers to others, bound and free ports\n");
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 0, 2), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 0, 3), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 0, 4), -VMI_EINVAL);
	for (uint32_t p = 0; p < VMI_NR_PORTS + 2; p++)
		refused += hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 0, p) == -VMI_EINVAL;
	CHECK_EQ(refused, VMI_NR_PORTS + 2);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 0, 0xFFFFFFFFu), -VMI_EINVAL);
	CHECK_RET(hc(HC_EVTCHN_OP, EVTCHNOP_BIND_INTERDOMAIN, 2, 1), -VMI_EINVAL);
	printf("attack: send on an unbound offer\n");
	u = vmi_evtchn_alloc_unbound(0);
	CHECK_RET(u, 2);
	CHECK_RET(vmi_evtchn_send((uint32_t)u), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_close((uint32_t)u), 0);

	CHECK_RET(vmi_evtchn_send(1), 0);                 /* "done" */
	wait_for(&got, 2);                                /* "bye" */
	CHECK_EQ(got, 2);
	CHECK_EQ(event_spurious, 0);
}

void test_main(void)
{
	if (!strncmp(test_bi->cmdline, "name=intruder", 13))
		intruder();
	else
		owner();
	vmi_irq_disable();
}
