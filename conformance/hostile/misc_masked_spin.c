/*
 * hostile/misc_masked_spin - attack: spin with events masked
 * (vmi_irq_disable), hoping that masking virtual interrupts keeps the
 * processor.  Containment: masking events masks only the virtual flag; the
 * real timer still preempts the spinner, so the OTHER domain runs meanwhile.
 *
 * Proof without timing: two copies (a = domain 0, b = domain 1) connect an
 * inter-domain channel, then each notifies the other and spins with events
 * masked until the other's notification is pending (pending bits are
 * visible with events masked: vmi_evtchn_next_pending).  Whichever spins
 * first can only see the other's notification if the other got the
 * processor while it spun - without preemption it would spin forever and
 * the run would time out.  A generous system-time limit turns that hang
 * into a FAIL line instead.  The victim must finish too.
 * Run with misc_masked_spin.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "spinning with events masked does not keep the processor";

#define HANG_LIMIT_NS 30000000000ull    /* 30 s: only a broken scheduler waits */

/* Domain 0 offers its first port to domain 1, which binds it. */
static int connect(unsigned me)
{
	int p;
	if (me == 0)
		return vmi_evtchn_alloc_unbound(1);
	while ((p = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
		vmi_sched_yield();
	return p;
}

/* Notify the peer, retrying until it has bound its end. */
static void notify(unsigned port)
{
	int rc;
	while ((rc = vmi_evtchn_send(port)) == -VMI_ENOTCONN)
		vmi_sched_yield();
	CHECK_RET(rc, 0);
}

void test_main(void)
{
	unsigned me = !strncmp(test_bi->cmdline, "name=b", 6);
	int port = connect(me);
	uint64_t start;
	int got = -1;

	CHECK_GT(port, 0);
	vmi_irq_disable();                      /* the attack: masked from here on */
	notify((unsigned)port);
	start = vmi_time_ns();
	while (got != port && vmi_time_ns() - start < HANG_LIMIT_NS)
		got = vmi_evtchn_next_pending();    /* spins; never yields */
	CHECK_EQ(got, port);                    /* the peer ran while we spun */
	CHECK_EQ(vmi_irq_save(), 0);            /* and we stayed masked */
}
