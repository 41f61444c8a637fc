/*
 * net_counters.c - the network stack's lines of /proc/vmi_counters
 * (VMI_COUNTERS=1 builds; guest/kern/counters.c prints them with a "net_"
 * prefix), so `make bench EVENTS=1` can say per operation how many
 * segments, ACKs, retransmissions and timer runs a network row cost - the
 * work that depends on when the host peer's replies arrive.
 */
#ifdef VMI_COUNTERS
#include "net/net.h"
#include "net/tcp_int.h"

/* Fill names/vals with up to max counters; how many. */
uint32_t net_counters(const char **names, uint32_t *vals, uint32_t max)
{
	const struct netif *eth = netif_at(1);
	const struct { const char *name; uint32_t val; } c[] = {
		{ "tcp_out_segs", tcp_stats.out_segs },
		{ "tcp_in_segs", tcp_stats.in_segs },
		{ "tcp_retrans", tcp_stats.retrans_segs },
		{ "tcp_timeouts", tcp_stats.timeouts },
		{ "tcp_fast_retrans", tcp_stats.fast_retrans },
		{ "tcp_dup_acks", tcp_stats.dup_acks },
		{ "tcp_ooo_segs", tcp_stats.ooo_segs },
		{ "tcp_delacks", tcp_stats.delacks },
		{ "tcp_ticks", tcp_stats.ticks },
		{ "eth_tx_frames", eth ? (uint32_t)eth->st.tx_packets : 0 },
		{ "eth_rx_frames", eth ? (uint32_t)eth->st.rx_packets : 0 },
	};
	uint32_t n = 0;

	for (; n < max && n < sizeof c / sizeof c[0]; n++) {
		names[n] = c[n].name;
		vals[n] = c[n].val;
	}
	return n;
}
#endif
