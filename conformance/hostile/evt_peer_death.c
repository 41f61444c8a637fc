/*
 * hostile/evt_peer_death - attack: keep using an inter-domain channel after
 * the peer died (send, bind its ports, offer ports to it); containment:
 * -VMI_ENOTCONN / -VMI_ESRCH, no event reaches anyone.
 *
 * Run with evt_peer_death.domains: the survivor (domain 0), the doomed
 * (domain 1, the same image) and the victim.  The doomed binds the
 * survivor's offer, sends one event, and then executes ud2 with its #UD
 * handler removed: the hypervisor kills it.  The survivor takes the event,
 * then sends until the channel reports -VMI_ENOTCONN (death closed the
 * doomed end and left the survivor's port unbound), and checks: sends stay
 * -VMI_ENOTCONN, binding the dead domain's port 1 and offering a port to it
 * are -VMI_ESRCH, its own port still closes, and no stray event arrived.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "a dead peer's channel is closed for good";

#define MS 1000000ull

static volatile unsigned got;

static void on_chan(unsigned port, struct trap_regs *r) { (void)port; (void)r; got++; }

static void survivor(void)
{
	uint64_t until;
	int rc;

	CHECK_RET(vmi_evtchn_alloc_unbound(1), 1);
	event_set_handler(1, on_chan);
	vmi_irq_disable();
	while (!got) {                                   /* the doomed's one event */
		vmi_safe_halt();
		vmi_irq_disable();
	}
	until = vmi_time_ns() + 20000 * MS;
	while ((rc = vmi_evtchn_send(1)) == 0 && vmi_time_ns() < until)
		vmi_sched_yield();                       /* until the peer is gone */
	printf("attack: use the channel of a dead domain\n");
	CHECK_RET(rc, -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_send(1), -VMI_ENOTCONN);
	CHECK_RET(vmi_evtchn_bind_interdomain(1, 1), -VMI_ESRCH);
	CHECK_RET(vmi_evtchn_alloc_unbound(1), -VMI_ESRCH);
	vmi_irq_enable();
	vmi_irq_disable();
	CHECK_EQ(got, 1);
	CHECK_EQ(event_spurious, 0);
	CHECK_RET(vmi_evtchn_close(1), 0);
	CHECK_RET(vmi_evtchn_send(1), -VMI_EINVAL);
}

static void doomed(void)
{
	const struct vmi_trap_entry remove = { 6, 0, (uint16_t)test_bi->kernel_cs, 0 };
	int c;

	while ((c = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
		vmi_sched_yield();
	CHECK_RET(c, 1);
	CHECK_RET(vmi_evtchn_send(1), 0);
	CHECK_RET(vmi_set_trap_table(&remove, 1), 0);
	asm volatile("ud2");
	test_fail(__FILE__, __LINE__, "still running after an unhandled #UD");
}

void test_main(void)
{
	if (!strncmp(test_bi->cmdline, "name=doomed", 11))
		doomed();
	else
		survivor();
}
