/*
 * evt_mask - per-port masking: vmi_evtchn_mask / vmi_evtchn_unmask.
 *
 * A kernel masks a port while it cannot take its events (e.g. a driver
 * being reset) and must neither lose them nor see them early.  Checks: a
 * masked port becomes pending but is not delivered when events are enabled
 * and is not returned by vmi_evtchn_next_pending; unmask with events
 * enabled delivers it before unmask returns; unmask with events masked
 * delivers nothing until events are enabled; a masked, pending port does not
 * hold back other ports; several sends while masked deliver once (pending is
 * a bit, not a count); mask/unmask of port 0, VMI_NR_PORTS or a closed port
 * is -VMI_EINVAL.
 */
#include "../runtime/test.h"

const char test_title[] = "mask holds a port's events back, unmask delivers them";

static volatile unsigned hits[VMI_NR_PORTS];

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)r;
	hits[port]++;
}

/* A connected loop-back pair: *rx is the end that receives tx's sends. */
static void make_pair(int *tx, int *rx)
{
	*tx = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	*rx = vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, (uint32_t)*tx);
	if (*tx <= 0 || *rx <= 0 || *tx >= (int)VMI_NR_PORTS || *rx >= (int)VMI_NR_PORTS)
		test_error("cannot make a loop-back pair");
	event_set_handler(*tx, on_event);
	event_set_handler(*rx, on_event);
}

void test_main(void)
{
	int tx, rx, tx2, rx2, gone;

	make_pair(&tx, &rx);
	make_pair(&tx2, &rx2);

	/* Masked: pending, but neither delivered nor handed out. */
	CHECK_RET(vmi_evtchn_mask(rx), 0);
	CHECK_RET(vmi_evtchn_send(tx), 0);
	CHECK_RET(vmi_evtchn_send(tx), 0);
	vmi_irq_enable();
	CHECK_EQ(hits[rx], 0);
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_next_pending(), -1);

	/* ... and it does not hold back another port. */
	CHECK_RET(vmi_evtchn_send(tx2), 0);
	vmi_irq_enable();
	CHECK_EQ(hits[rx2], 1);
	CHECK_EQ(hits[rx], 0);

	/* Unmask with events enabled: delivered before unmask returns, once. */
	CHECK_RET(vmi_evtchn_unmask(rx), 0);
	CHECK_EQ(hits[rx], 1);

	/* Unmask with events masked: delivered when they are enabled. */
	CHECK_RET(vmi_evtchn_mask(rx), 0);
	CHECK_RET(vmi_evtchn_send(tx), 0);  /* events enabled, but rx masked */
	CHECK_EQ(hits[rx], 1);
	vmi_irq_disable();
	CHECK_RET(vmi_evtchn_unmask(rx), 0);
	CHECK_EQ(hits[rx], 1);
	vmi_irq_enable();
	CHECK_EQ(hits[rx], 2);

	/* Masking and unmasking an idle port changes nothing. */
	CHECK_RET(vmi_evtchn_mask(rx2), 0);
	CHECK_RET(vmi_evtchn_unmask(rx2), 0);
	CHECK_RET(vmi_evtchn_unmask(rx2), 0);
	CHECK_EQ(hits[rx2], 1);
	CHECK_EQ(hits[tx] + hits[tx2], 0);

	/* Ports that do not exist. */
	gone = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(vmi_evtchn_close(gone), 0);
	CHECK_RET(vmi_evtchn_mask(gone), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_unmask(gone), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_mask(0), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_unmask(0), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_mask(VMI_NR_PORTS), -VMI_EINVAL);
	CHECK_RET(vmi_evtchn_unmask(VMI_NR_PORTS), -VMI_EINVAL);
	CHECK_EQ(event_spurious, 0);
}
