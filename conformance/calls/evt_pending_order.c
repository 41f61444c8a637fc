/*
 * evt_pending_order - vmi_evtchn_next_pending takes the lowest port first.
 *
 * The event callback drains events with vmi_evtchn_next_pending; a defined
 * order (lowest port first) makes dispatch deterministic and identical on
 * every backend.  With events masked, three ports of two loop-back pairs
 * are made pending in scrambled order; next_pending must return them in
 * ascending order, each exactly once (taking clears it), then -1, and -1
 * again.  A masked pending port is skipped and is returned once unmasked.
 * Afterwards enabling events delivers nothing: all were taken.  The port
 * numbers themselves are compared, never printed.
 */
#include "../runtime/test.h"

const char test_title[] = "next_pending returns the lowest pending port, then -1";

static volatile unsigned deliveries;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	deliveries++;
}

static void sort3(int *v)
{
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (v[j] < v[i]) {
				int t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
}

void test_main(void)
{
	int a1 = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b1 = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a1);
	int a2 = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b2 = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a2);
	int want[3] = { b2, b1, a1 };

	CHECK(a1 > 0 && b1 > 0 && a2 > 0 && b2 > 0);
	if (a1 <= 0 || b1 <= 0 || a2 <= 0 || b2 <= 0)
		return;
	event_set_handler(a1, on_event);
	event_set_handler(b1, on_event);
	event_set_handler(a2, on_event);
	event_set_handler(b2, on_event);

	/* Events stay masked (as on entry to test_main) until the end. */
	CHECK_RET(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_send(a2), 0); /* b2 pending */
	CHECK_RET(vmi_evtchn_send(a1), 0); /* b1 pending */
	CHECK_RET(vmi_evtchn_send(b1), 0); /* a1 pending */
	CHECK_RET(vmi_evtchn_send(a1), 0); /* b1 again: still one bit */
	sort3(want);
	CHECK_RET(vmi_evtchn_next_pending(), want[0]);
	CHECK_RET(vmi_evtchn_next_pending(), want[1]);
	CHECK_RET(vmi_evtchn_next_pending(), want[2]);
	CHECK_RET(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* A masked port is skipped until unmasked (events still masked). */
	CHECK_RET(vmi_evtchn_mask(b1), 0);
	CHECK_RET(vmi_evtchn_send(a1), 0);
	CHECK_RET(vmi_evtchn_send(a2), 0);
	CHECK_RET(vmi_evtchn_next_pending(), b2);
	CHECK_RET(vmi_evtchn_next_pending(), -1);
	CHECK_RET(vmi_evtchn_unmask(b1), 0);
	CHECK_RET(vmi_evtchn_next_pending(), b1);
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* Everything was taken: nothing left to deliver. */
	vmi_irq_enable();
	CHECK_EQ(deliveries, 0);
	CHECK_EQ(event_spurious, 0);
}
