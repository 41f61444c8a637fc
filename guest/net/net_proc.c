/*
 * net_proc.c - the text of /proc/net/dev and /proc/net/tcp in Linux's
 * formats (BusyBox ifconfig and netstat parse them); /proc/net/route,
 * arp and udp are written by route.c, arp.c and udp.c, next to their data.
 */
#include "net/socket.h"
#include "net/tcp.h"
#include "lib/klib.h"

int netdev_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n,
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|"
		"bytes    packets errs drop fifo colls carrier compressed\n");

	for (int i = 0; i < NETIF_MAX && (uint32_t)len < n; i++) {
		struct netif *nif = netif_at(i);

		if (!nif)
			continue;
		len += snprintf(buf + len, n - len,
			"%6s: %7llu %7llu %4llu %4llu    0     0          0         0 "
			"%8llu %7llu %4llu %4llu    0     0       0          0\n",
			nif->name, (unsigned long long)nif->st.rx_bytes,
			(unsigned long long)nif->st.rx_packets,
			(unsigned long long)nif->st.rx_errors,
			(unsigned long long)nif->st.rx_dropped,
			(unsigned long long)nif->st.tx_bytes,
			(unsigned long long)nif->st.tx_packets,
			(unsigned long long)nif->st.tx_errors,
			(unsigned long long)nif->st.tx_dropped);
	}
	return len;
}

/* Only connections that still have a socket are listed (TCP keeps the
 * ones in TIME_WAIT to itself). */
int tcp_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "  sl  local_address rem_address   st tx_queue rx_queue "
			   "tr tm->when retrnsmt   uid  timeout inode\n");
	int i = 0;

	for (struct socket *s = all_sockets; s && (uint32_t)len < n; s = s->next) {
		struct sockaddr_k l = { 0 }, r = { 0 };

		if (s->type != SOCK_STREAM)
			continue;
		tcp_local(s->pcb, &l.addr, &l.port);
		tcp_remote(s->pcb, &r.addr, &r.port);
		len += snprintf(buf + len, n - len,
				"%4d: %08X:%04X %08X:%04X %02X 00000000:00000000 00:00000000 "
				"00000000     0        0 0\n",
				i++, bswap32(l.addr), l.port, bswap32(r.addr), r.port,
				tcp_state(s->pcb));
	}
	return len;
}
