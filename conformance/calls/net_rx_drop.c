/*
 * net_rx_drop - the receive ring's livelock defence: a frame that arrives
 * while the guest has posted no buffer is dropped and counted, never
 * queued; refused buffers are answered at once.
 *
 * Checks: with the receive ring empty, the gateway's ARP reply is counted
 * in rx_dropped (waited for by polling the counters, bounded by system
 * time) and nothing is delivered; a buffer posted later does not receive
 * that old frame, only the reply to a second request; buffers in a frame
 * that is not the guest's, in a pinned page table or in the receive ring
 * itself are answered
 * -VMI_EINVAL at the notify, before any frame arrives, and counted in
 * rx_errors; the good buffer behind them is then filled.
 */
#include "net.h"

const char test_title[] = "network interfaces: receive drops without buffers, refused buffers";

#define WAIT_NS (20ull * 1000 * 1000 * 1000)   /* a generous bound for TCG */

static void send_arp(struct net *n, uint32_t id)
{
	uint32_t frame = frame_alloc();
	net_arp_request(pfn_to_va(frame));
	net_tx(n, id, frame, 0, NET_ARP_LEN, 0);
	net_push(n);
	struct vmi_net_response t = net_take(n, NET_TX_RING);
	CHECK(t.id == id && t.status == VMI_NET_OK);
}

/* Poll the counters until rx_dropped reaches want or the bound passes. */
static uint64_t wait_dropped(uint64_t want)
{
	uint64_t limit = vmi_time_ns() + WAIT_NS;
	struct vmi_net_stats st = net_stats(0);
	while (st.rx_dropped < want && vmi_time_ns() < limit)
		st = net_stats(0);
	return st.rx_dropped;
}

void test_main(void)
{
	struct net n;

	if (!net_present())
		return;
	CHECK(net_open(&n, 0) > 0);

	send_arp(&n, 1);                    /* its reply finds no buffer */
	CHECK_EQ(wait_dropped(1), 1);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.rx_packets, 0);
	CHECK_EQ(n.side[NET_RX_RING].ring->rsp_prod, 0);

	/* Refused buffers first, then a good one. */
	uint32_t good = frame_alloc();
	net_post(&n, 41, test_bi->nr_pages);
	net_post(&n, 42, test_bi->pt_base_pfn);
	net_post(&n, 44, n.side[NET_RX_RING].pfn);
	net_post(&n, 43, good);
	net_push(&n);
	struct vmi_net_response r = net_take(&n, NET_RX_RING);
	CHECK(r.id == 41 && r.status == -VMI_EINVAL);
	r = net_take(&n, NET_RX_RING);
	CHECK(r.id == 42 && r.status == -VMI_EINVAL);
	r = net_take(&n, NET_RX_RING);
	CHECK(r.id == 44 && r.status == -VMI_EINVAL);
	CHECK_EQ(net_stats(0).rx_errors, 3);
	CHECK_EQ(n.side[NET_RX_RING].ring->rsp_prod, 3);   /* the good one waits */

	send_arp(&n, 2);
	r = net_take(&n, NET_RX_RING);
	CHECK_EQ(r.id, 43);
	CHECK(net_is_arp_reply(pfn_to_va(good), r.status));

	st = net_stats(0);
	CHECK_EQ(st.rx_dropped, 1);
	CHECK_EQ(st.rx_packets, 1);
	CHECK_EQ(st.rx_errors, 3);
	CHECK_EQ(st.tx_packets, 2);
}
