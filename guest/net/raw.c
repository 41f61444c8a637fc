/*
 * raw.c - the two ICMP sockets: SOCK_RAW/IPPROTO_ICMP (BusyBox ping as
 * root) sees every ICMP message that arrives, IP header included, and
 * sends the ICMP message it is given (the user computes its checksum);
 * SOCK_DGRAM/IPPROTO_ICMP, Linux's "ping socket", sends echo requests
 * whose identifier the kernel sets to the socket's "port" (and checksums)
 * and receives only the echo replies carrying that identifier, without
 * the IP header.  SOCK_RAW/IPPROTO_RAW sends packets the user gives with
 * their IP header (Linux's implied IP_HDRINCL) and, as in Linux, receives
 * nothing; udhcpc opens one for its interface ioctls.
 */
#include "net/socket.h"
#include "lib/klib.h"

#define ICMP_HLEN 8
#define ICMP_MAX (NET_PKT_MAX - ETH_HLEN - IP_HLEN)

static uint8_t out[ICMP_MAX];

static int is_kind(const struct socket *s, int type)
{
	return s->type == type && s->proto == IPPROTO_ICMP;
}

void raw_input(uint32_t src, const uint8_t *ip, uint32_t iplen)
{
	struct sockaddr_k from = { .addr = src };

	for (struct socket *s = all_sockets; s; s = s->next)
		if (is_kind(s, SOCK_RAW) && (!s->connected || s->remote.addr == src))
			dgram_enqueue(s, &from, ip, iplen);
}

int ping_input(uint32_t src, const uint8_t *msg, uint32_t len)
{
	struct sockaddr_k from = { .addr = src };
	uint16_t id = get16(msg + 4);

	for (struct socket *s = all_sockets; s; s = s->next)
		if (is_kind(s, SOCK_DGRAM) && s->local.port == id &&
		    (!s->connected || s->remote.addr == src))
			return dgram_enqueue(s, &from, msg, len) == 0;
	return 0;
}

static int raw_bind(struct socket *s, const struct sockaddr_k *a)
{
	if (a->addr && !netif_is_local(a->addr))
		return -EADDRNOTAVAIL;
	s->local.addr = a->addr;
	if (s->type == SOCK_DGRAM) {            /* ping: the port is the echo id */
		uint16_t id = a->port ? a->port : dgram_ephemeral(s->type, s->proto);

		if (a->port && dgram_port_used(s->type, s->proto, a->addr, id))
			return -EADDRINUSE;
		s->local.port = id;
	}
	return 0;
}

static int icmp_send(struct socket *s, const void *buf, uint32_t n, int flags,
		     const struct sockaddr_k *to, int nonblock)
{
	uint32_t dst, src;
	int rc;

	(void)flags, (void)nonblock;
	if (!to && !s->connected)
		return -EDESTADDRREQ;
	if (s->proto == IPPROTO_RAW) {
		rc = ip_output_hdrincl(buf, n);
		return rc == -ENOBUFS || rc >= 0 ? (int)n : rc;
	}
	dst = to ? to->addr : s->remote.addr;
	if (n < ICMP_HLEN && s->type == SOCK_DGRAM)
		return -EINVAL;
	if (n > ICMP_MAX)
		return -EMSGSIZE;
	if (dst == INADDR_BROADCAST && !s->broadcast)
		return -EACCES;
	src = s->local.addr ? s->local.addr : ip_route_source(dst);
	memcpy(out, buf, n);
	if (s->type == SOCK_DGRAM) {
		if (out[0] != ICMP_ECHO || out[1])
			return -EINVAL;
		if (!s->local.port && (rc = raw_bind(s, &(struct sockaddr_k){ 0 })) < 0)
			return rc;
		put16(out + 4, s->local.port);
		put16(out + 2, 0);
		put16(out + 2, inet_checksum(out, n));
	}
	rc = ip_output(src, dst, IPPROTO_ICMP, out, n);
	return rc == -ENOBUFS || rc >= 0 ? (int)n : rc;
}

static int raw_connect(struct socket *s, const struct sockaddr_k *a, int nonblock)
{
	if (a && s->type == SOCK_DGRAM && !s->local.port) {
		int rc = raw_bind(s, &(struct sockaddr_k){ 0 });

		if (rc < 0)
			return rc;
	}
	return dgram_connect(s, a, nonblock);
}

/* Both kinds: what differs is decided by s->type inside. */
const struct sock_ops raw_ops = {
	.bind = raw_bind,
	.connect = raw_connect,
	.listen = (void *)sock_notsupp,
	.accept = (void *)sock_notsupp,
	.send = icmp_send,
	.recv = dgram_recv,
	.shutdown = dgram_shutdown,
	.poll = dgram_poll,
	.setopt = dgram_noopt,
	.getopt = dgram_nogetopt,
	.name = dgram_name,
	.pending = dgram_pending,
	.close = dgram_close,
};
