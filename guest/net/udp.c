/*
 * udp.c - UDP (RFC 768): datagram sockets bound to a port (explicitly or
 * an ephemeral one on first use), input demultiplexed to the socket whose
 * binding and connection match best, checksums verified when present and
 * always sent, ICMP port unreachable for datagrams nobody takes, and ICMP
 * errors turned into the connected socket's pending error.
 */
#include "net/socket.h"
#include "lib/klib.h"

#define UDP_HLEN 8
#define UDP_MAX_PAYLOAD (NET_PKT_MAX - ETH_HLEN - IP_HLEN - UDP_HLEN)

static uint8_t out[UDP_HLEN + UDP_MAX_PAYLOAD];

static int is_udp(const struct socket *s)
{
	return s->type == SOCK_DGRAM && s->proto == IPPROTO_UDP;
}

/* The socket for (src:sport -> dst:dport): a connected one that matches
 * exactly wins over one bound to the address, over a wildcard one. */
static struct socket *udp_lookup(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport)
{
	struct socket *best = NULL;
	int best_score = -1;

	for (struct socket *s = all_sockets; s; s = s->next) {
		int score = 0;

		if (!is_udp(s) || s->local.port != dport)
			continue;
		if (s->local.addr) {
			if (s->local.addr != dst)
				continue;
			score += 1;
		}
		if (s->connected) {
			if (s->remote.addr != src || s->remote.port != sport)
				continue;
			score += 2;
		}
		if (score > best_score)
			best = s, best_score = score;
	}
	return best;
}

void udp_input(uint32_t src, uint32_t dst, const uint8_t *ip, uint32_t iplen,
	       const uint8_t *seg, uint32_t len)
{
	struct socket *s;
	uint32_t ulen;
	struct sockaddr_k from;

	if (len < UDP_HLEN || (ulen = get16(seg + 4)) < UDP_HLEN || ulen > len)
		return;
	if (get16(seg + 6) && inet_pseudo_checksum(src, dst, IPPROTO_UDP, seg, ulen) != 0)
		return;
	s = udp_lookup(src, get16(seg), dst, get16(seg + 2));
	if (!s) {
		if (netif_by_addr(dst) || (dst >> 24) == 127)   /* not to broadcasts */
			icmp_error(ICMP_UNREACH, ICMP_PORT_UNREACH, ip, iplen);
		return;
	}
	from = (struct sockaddr_k){ .addr = src, .port = get16(seg) };
	dgram_enqueue(s, &from, seg + UDP_HLEN, ulen - UDP_HLEN);
}

/* ip: the header of a datagram we sent, and 8 bytes of it (ports). */
void udp_error(const uint8_t *ip, uint32_t len, int err)
{
	uint32_t hl = (ip[0] & 15u) * 4;
	struct socket *s;

	if (len < hl + UDP_HLEN)
		return;
	s = udp_lookup(get32(ip + 16), get16(ip + hl + 2), get32(ip + 12), get16(ip + hl));
	if (s && s->connected) {                /* Linux: only connected ones hear */
		s->error = err;
		sock_wake(s);
	}
}

static int udp_bind(struct socket *s, const struct sockaddr_k *a)
{
	uint16_t port = a->port;

	if (s->local.port)
		return -EINVAL;
	if (a->addr && !netif_is_local(a->addr))
		return -EADDRNOTAVAIL;
	if (port && !s->reuseaddr && dgram_port_used(s->type, s->proto, a->addr, port))
		return -EADDRINUSE;
	if (!port && !(port = dgram_ephemeral(s->type, s->proto)))
		return -EAGAIN;
	s->local = (struct sockaddr_k){ .addr = a->addr, .port = port };
	return 0;
}

static int udp_send(struct socket *s, const void *buf, uint32_t n, int flags,
		    const struct sockaddr_k *to, int nonblock)
{
	uint32_t src, dst;
	uint16_t dport;
	int rc;

	(void)flags, (void)nonblock;
	if (s->shut & 2)
		return -EPIPE;
	if (!to && !s->connected)
		return -EDESTADDRREQ;
	dst = to ? to->addr : s->remote.addr;
	dport = to ? to->port : s->remote.port;
	if (!dport)
		return -EINVAL;
	if (n > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (dst == INADDR_BROADCAST && !s->broadcast)
		return -EACCES;
	if (!s->local.port && (rc = udp_bind(s, &(struct sockaddr_k){ 0 })) < 0)
		return rc;
	src = s->local.addr ? s->local.addr : ip_route_source(dst);
	if (!src && dst != INADDR_BROADCAST)
		return -ENETUNREACH;
	put16(out, s->local.port);
	put16(out + 2, dport);
	put16(out + 4, (uint16_t)(UDP_HLEN + n));
	put16(out + 6, 0);
	memcpy(out + UDP_HLEN, buf, n);
	put16(out + 6, inet_pseudo_checksum(src, dst, IPPROTO_UDP, out, UDP_HLEN + n) ?: 0xFFFF);
	rc = ip_output(src, dst, IPPROTO_UDP, out, UDP_HLEN + n);
	return rc == -ENOBUFS ? (int)n : rc < 0 ? rc : (int)n;  /* a lost datagram is UDP */
}

static int udp_name(struct socket *s, int peer, struct sockaddr_k *a)
{
	return dgram_name(s, peer, a);
}

const struct sock_ops udp_ops = {
	.bind = udp_bind,
	.connect = dgram_connect,
	.listen = (void *)sock_notsupp,
	.accept = (void *)sock_notsupp,
	.send = udp_send,
	.recv = dgram_recv,
	.shutdown = dgram_shutdown,
	.poll = dgram_poll,
	.setopt = dgram_noopt,
	.getopt = dgram_nogetopt,
	.name = udp_name,
	.pending = dgram_pending,
	.close = dgram_close,
};

/* Linux's /proc/net/udp: local and remote as hex address:port (the
 * address's wire-order bytes read little-endian), state 07 (closed). */
int udp_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "   sl  local_address rem_address   st tx_queue rx_queue "
			   "tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
	int i = 0;

	for (struct socket *s = all_sockets; s && (uint32_t)len < n; s = s->next) {
		if (!is_udp(s))
			continue;
		len += snprintf(buf + len, n - len,
				"%5d: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000"
				"     0        0 0 2 00000000 0\n",
				i++, bswap32(s->local.addr), s->local.port,
				bswap32(s->remote.addr), s->remote.port, s->connected ? 1 : 7,
				0, s->rq_bytes);
	}
	return len;
}
