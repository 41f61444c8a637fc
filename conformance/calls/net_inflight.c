/*
 * net_inflight - many frames in flight on both rings, ids in no order.
 *
 * Three rounds, each filling both rings: 128 receive buffers posted and
 * 128 ARP requests pushed at once (a full ring: more than the backend's
 * device queue or receive buffers may hold at a time), with ids scrambled,
 * so the indexes wrap twice.  Every transmit id comes back exactly once
 * with VMI_NET_OK, every reply lands in a distinct posted buffer (exactly
 * one response per buffer id, in whatever order) and is the gateway's ARP
 * reply; nothing is dropped.
 */
#include "net.h"

const char test_title[] = "network interfaces: many frames in flight, ids matched";

#define N      VMI_NET_RING_SIZE
#define ROUNDS 3u

static uint32_t rx_buf[N];

/* Take N responses of ring i: each id (base + k, k < N) once; for the
 * receive ring the buffer must hold the ARP reply.  The number of bad ones. */
static uint32_t take_all(struct net *n, int i, uint32_t base)
{
	uint8_t seen[N] = { 0 };
	uint32_t bad = 0;
	for (uint32_t j = 0; j < N; j++) {
		struct vmi_net_response r = net_take(n, i);
		uint32_t k = r.id - base;
		if (k >= N || seen[k])
			bad++;
		else if (i == NET_TX_RING ? r.status != VMI_NET_OK :
			 !net_is_arp_reply(pfn_to_va(rx_buf[k]), r.status))
			bad++;
		if (k < N)
			seen[k] = 1;
	}
	return bad;
}

void test_main(void)
{
	struct net n;
	uint32_t frame[N], bad_tx = 0, bad_rx = 0;

	if (!net_present())
		return;
	CHECK(net_open(&n, 0) > 0);
	for (uint32_t k = 0; k < N; k++) {
		rx_buf[k] = frame_alloc();
		frame[k] = frame_alloc();
		net_arp_request(pfn_to_va(frame[k]));
	}
	uint64_t t0 = vmi_time_ns();
	for (uint32_t round = 0; round < ROUNDS; round++) {
		uint32_t rx_base = 1000 * (round + 1), tx_base = rx_base + 500;
		for (uint32_t j = 0; j < N; j++) {
			uint32_t k = (j * 13 + round) % N;       /* scrambled ids */
			net_post(&n, rx_base + k, rx_buf[k]);
		}
		for (uint32_t j = 0; j < N; j++) {
			uint32_t k = (j * 7 + 3 * round) % N;
			net_tx(&n, tx_base + k, frame[k], 0, NET_ARP_LEN, 0);
		}
		net_push(&n);
		bad_tx += take_all(&n, NET_TX_RING, tx_base);
		bad_rx += take_all(&n, NET_RX_RING, rx_base);
	}
	test_env("%u ARP round trips in %llu ms", N * ROUNDS,
		 (unsigned long long)((vmi_time_ns() - t0) / 1000000));
	CHECK_EQ(bad_tx, 0);
	CHECK_EQ(bad_rx, 0);
	CHECK_EQ(n.side[NET_RX_RING].ring->rsp_prod, N * ROUNDS);
	CHECK_EQ(n.side[NET_TX_RING].ring->rsp_prod, N * ROUNDS);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_packets, N * ROUNDS);
	CHECK_EQ(st.rx_packets, N * ROUNDS);
	CHECK_EQ(st.rx_dropped, 0);
}
