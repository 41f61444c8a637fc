/*
 * net_arp - a round trip through the rings: an ARP request "who has
 * 10.0.2.2" sent on the transmit ring, the gateway's reply (from QEMU's
 * user network, MAC 52:55:0a:00:02:02) received into a posted buffer.
 *
 * Checks: the transmit response carries the request's id and VMI_NET_OK;
 * exactly one receive buffer is filled, from byte 0, with the whole reply
 * (addressed to our MAC, the gateway's MAC and IP as sender, our MAC and IP
 * as target) and its length as status, the rest of the page untouched;
 * the other posted buffers stay posted (no response); the port was raised;
 * the counters say one frame each way, nothing dropped or refused.
 */
#include "net.h"

const char test_title[] = "network interfaces: ARP round trip with the gateway";

#define NBUF 4

void test_main(void)
{
	struct net n;
	uint32_t buf[NBUF];

	if (!net_present())
		return;
	CHECK(net_open(&n, 0) > 0);
	for (uint32_t i = 0; i < NBUF; i++) {
		buf[i] = frame_alloc();
		uint8_t *p = pfn_to_va(buf[i]);
		for (uint32_t k = 0; k < VMI_PAGE_SIZE; k++)
			p[k] = 0xEE;
		net_post(&n, 500 + i, buf[i]);
	}
	uint32_t frame = frame_alloc();
	net_arp_request((uint8_t *)pfn_to_va(frame) + 100);   /* not at the page's start */
	net_tx(&n, 9, frame, 100, NET_ARP_LEN, 0);
	net_push(&n);

	struct vmi_net_response t = net_take(&n, NET_TX_RING);
	CHECK_EQ(t.id, 9);
	CHECK_RET(t.status, VMI_NET_OK);

	struct vmi_net_response r = net_take(&n, NET_RX_RING);
	CHECK(r.id >= 500 && r.id < 500 + NBUF);
	CHECK_GE(r.status, (int32_t)NET_ARP_LEN);
	if (r.id >= 500 && r.id < 500 + NBUF && r.status > 0 && r.status < 2000) {
		const uint8_t *p = pfn_to_va(buf[r.id - 500]);
		CHECK(net_is_arp_reply(p, r.status));
		CHECK(p[r.status] == 0xEE && p[VMI_PAGE_SIZE - 1] == 0xEE);
	}
	CHECK_EQ(n.side[NET_RX_RING].ring->rsp_prod, 1);
	/* The port was raised: a response may have come before the test
	 * blocked, so let a pending event be delivered first. */
	unsigned long f = vmi_irq_save();
	vmi_irq_enable();
	vmi_irq_restore(f);
	CHECK_GT(net_events, 0);

	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_packets, 1);
	CHECK_EQ(st.tx_bytes, NET_ARP_LEN);
	CHECK_EQ(st.rx_packets, 1);
	CHECK_EQ(st.rx_bytes, (uint32_t)r.status);
	CHECK_EQ(st.rx_dropped + st.rx_errors + st.tx_errors + st.tx_dropped, 0);
}
