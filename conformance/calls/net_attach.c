/*
 * net_attach - vmi_net_attach and vmi_net_notify: what they must refuse.
 *
 * Checks, before a good attach: no such interface -VMI_ENOENT (attach,
 * notify); notify without rings -VMI_EINVAL; -VMI_EINVAL for a ring
 * without its magic, the two magics swapped, a wrong version, an index not
 * 0, both rings in one frame, a frame that is not the guest's, and a
 * pinned page table.  Then the attach gives a port; a second attach is
 * -VMI_EBUSY; an attached ring cannot be pinned as a page table
 * (-VMI_EBUSY); a notify with nothing queued succeeds and a req_prod more
 * than a ring ahead is -VMI_EINVAL until it is sane again.
 */
#include "net.h"

const char test_title[] = "network interfaces: attach and notify errors";

static uint32_t tx_pfn, rx_pfn;
static struct vmi_net_ring *tx, *rx;

/* Fresh, well-formed rings in tx_pfn and rx_pfn. */
static void fresh(void)
{
	tx = net_new_ring(&tx_pfn, VMI_NET_TX_MAGIC);
	rx = net_new_ring(&rx_pfn, VMI_NET_RX_MAGIC);
}

static void refused(void)
{
	fresh();
	CHECK_RET(vmi_net_attach(7, tx_pfn, rx_pfn), -VMI_ENOENT);
	CHECK_RET(vmi_net_notify(7), -VMI_ENOENT);
	CHECK_RET(vmi_net_notify(0), -VMI_EINVAL);          /* nothing attached yet */

	tx->magic = 0;
	CHECK_RET(vmi_net_attach(0, tx_pfn, rx_pfn), -VMI_EINVAL);
	CHECK_RET(vmi_net_attach(0, rx_pfn, rx_pfn), -VMI_EINVAL);
	tx->magic = VMI_NET_TX_MAGIC;
	CHECK_RET(vmi_net_attach(0, rx_pfn, tx_pfn), -VMI_EINVAL);   /* swapped */
	rx->version = 2;
	CHECK_RET(vmi_net_attach(0, tx_pfn, rx_pfn), -VMI_EINVAL);
	rx->version = VMI_NET_VERSION;
	tx->rsp_event = 5;
	CHECK_RET(vmi_net_attach(0, tx_pfn, rx_pfn), -VMI_EINVAL);
	tx->rsp_event = 0;
	rx->req_prod = 1;
	CHECK_RET(vmi_net_attach(0, tx_pfn, rx_pfn), -VMI_EINVAL);
	rx->req_prod = 0;
	CHECK_RET(vmi_net_attach(0, tx_pfn, test_bi->nr_pages), -VMI_EINVAL);
	CHECK_RET(vmi_net_attach(0, 0xFFFFFu, rx_pfn), -VMI_EINVAL);
	CHECK_RET(vmi_net_attach(0, test_bi->pt_base_pfn, rx_pfn), -VMI_EINVAL);
	CHECK_RET(vmi_net_attach(0, tx_pfn, pt_new_table(1)), -VMI_EINVAL);
}

void test_main(void)
{
	if (!net_present())
		return;
	refused();

	int port = vmi_net_attach(0, tx_pfn, rx_pfn);  /* the rings refused above */
	CHECK(port > 0 && port < VMI_NR_PORTS);
	CHECK_EQ(tx->req_event, 1);
	CHECK_EQ(rx->req_event, 1);
	uint32_t t2, r2;
	net_new_ring(&t2, VMI_NET_TX_MAGIC);
	net_new_ring(&r2, VMI_NET_RX_MAGIC);
	CHECK_RET(vmi_net_attach(0, t2, r2), -VMI_EBUSY);

	/* An attached ring stays ordinary memory: it cannot become a table. */
	CHECK_RET(pt_set_alias_writable(rx_pfn, 0), 0);
	CHECK_RET(vmi_pt_pin(rx_pfn, 1), -VMI_EBUSY);
	CHECK_RET(pt_set_alias_writable(rx_pfn, 1), 0);

	CHECK_RET(vmi_net_notify(0), 0);
	tx->req_prod = VMI_NET_RING_SIZE + 1;
	CHECK_RET(vmi_net_notify(0), -VMI_EINVAL);
	tx->req_prod = 0;
	CHECK_RET(vmi_net_notify(0), 0);
	CHECK_EQ(tx->rsp_prod, 0);
	CHECK_EQ(rx->rsp_prod, 0);
}
