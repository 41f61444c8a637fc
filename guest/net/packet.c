/*
 * packet.c - AF_PACKET sockets, as BusyBox udhcpc uses them: SOCK_DGRAM
 * (frames without their Ethernet header, the hardware address in the
 * sockaddr_ll) and SOCK_RAW (whole frames), for one protocol (ETH_P_IP,
 * ETH_P_ALL, ... given in network order) on one interface or all (bind
 * to a sockaddr_ll by ifindex).
 *
 * Receiving: every frame an Ethernet interface accepts (for our MAC or
 * broadcast) is copied, before the stack sees it, to each packet socket
 * that matches it, with the sender's MAC and the packet type.  Frames we
 * send are not looped back to ETH_P_ALL sockets.  Sending: SOCK_DGRAM
 * frames go to the sockaddr_ll's hardware address; SOCK_RAW frames take
 * destination and type from their header, the source MAC is always the
 * interface's own.  No socket filters (SO_ATTACH_FILTER is ENOPROTOOPT,
 * which udhcpc tolerates: it checks what it reads) and no PACKET_*
 * options.  Only Ethernet devices: lo has no frames.  CAP_NET_RAW only,
 * as Linux.
 */
#include "net/socket.h"
#include "fs/vfs.h"
#include "lib/klib.h"

#define SLL_ADDR_OFF 12                  /* offsetof(struct sockaddr_ll, addr) */

static const uint8_t bcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
static int nsockets;                     /* packet sockets open: none, no work per frame */

static int is_packet(const struct socket *s);

static uint8_t pkttype(const uint8_t *dst)
{
	if (!memcmp(dst, bcast, ETH_ALEN))
		return PACKET_BROADCAST;
	return dst[0] & 1 ? PACKET_MULTICAST : PACKET_HOST;
}

static void deliver(struct netif *nif, const uint8_t *frame, uint32_t len)
{
	uint16_t type = get16(frame + 12);
	struct sockaddr_k from = { (uint32_t)nif->index, type, pkttype(frame), ETH_ALEN, { 0 } };

	memcpy(from.hw, frame + ETH_ALEN, ETH_ALEN);
	for (struct socket *s = all_sockets; s; s = s->next) {
		int raw = s->type == SOCK_RAW;

		if (!is_packet(s) || (s->local.port != ETH_P_ALL && s->local.port != type) ||
		    (s->local.addr && s->local.addr != (uint32_t)nif->index))
			continue;
		dgram_enqueue(s, &from, raw ? frame : frame + ETH_HLEN, raw ? len : len - ETH_HLEN);
	}
}

/* Without packet sockets a frame costs one test, not a walk of all sockets. */
void packet_input(struct netif *nif, const uint8_t *frame, uint32_t len)
{
	if (nsockets)
		deliver(nif, frame, len);
}

/* An Ethernet interface of ours, or -ENODEV / -EOPNOTSUPP (lo). */
static int ether_if(uint32_t index, struct netif **nif)
{
	if (!(*nif = netif_by_index((int)index)))
		return -ENODEV;
	return (*nif)->flags & IFF_LOOPBACK ? -EOPNOTSUPP : 0;
}

static int pk_bind(struct socket *s, const struct sockaddr_k *a)
{
	struct netif *nif;
	int rc;

	if (a->addr && (rc = ether_if(a->addr, &nif)) < 0)
		return rc;
	s->local.addr = a->addr;
	if (a->port)                         /* 0: keep the socket's protocol */
		s->local.port = a->port;
	return 0;
}

static int pk_send(struct socket *s, const void *buf, uint32_t n, int flags,
		   const struct sockaddr_k *to, int nonblock)
{
	uint32_t index = to ? to->addr : s->local.addr;
	uint16_t type = to ? to->port : s->local.port;
	const uint8_t *p = buf, *dst;
	struct netif *nif;
	int rc;

	(void)flags, (void)nonblock;
	if (!index)
		return -ENXIO;
	if ((rc = ether_if(index, &nif)) < 0)
		return rc == -ENODEV ? -ENXIO : rc;
	if (!(nif->flags & IFF_UP))
		return -ENETDOWN;
	if (s->type == SOCK_RAW) {
		if (n < ETH_HLEN)
			return -EINVAL;
		dst = p;
		type = get16(p + 12);
		p += ETH_HLEN;
		n -= ETH_HLEN;
	} else {
		if (!to)
			return -EDESTADDRREQ;
		if (to->halen < ETH_ALEN)
			return -EINVAL;
		dst = to->hw;
	}
	if (n > nif->mtu)
		return -EMSGSIZE;
	rc = nif->xmit(nif, dst, type, p, n);
	return rc == -ENOBUFS || rc >= 0 ? (int)(n + (s->type == SOCK_RAW ? ETH_HLEN : 0)) : rc;
}

/* Linux: the bound interface and protocol, with the device's address. */
static int pk_name(struct socket *s, int peer, struct sockaddr_k *a)
{
	struct netif *nif = netif_by_index((int)s->local.addr);

	if (peer)
		return -EOPNOTSUPP;
	*a = s->local;
	if (nif) {
		a->halen = ETH_ALEN;
		memcpy(a->hw, nif->mac, ETH_ALEN);
	}
	return 0;
}

static int pk_setopt(struct socket *s, int level, int opt, int val)
{
	(void)s, (void)opt, (void)val;
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

static int pk_addr_in(const void *sa, uint32_t len, struct sockaddr_k *a)
{
	struct linux_sockaddr_ll ll = { 0 };

	memcpy(&ll, sa, len < sizeof(ll) ? len : sizeof(ll));
	if (len < SLL_ADDR_OFF || ll.family != AF_PACKET)
		return -EINVAL;
	if (ll.halen > sizeof(ll.addr) || len < SLL_ADDR_OFF + (uint32_t)ll.halen)
		return -EINVAL;
	*a = (struct sockaddr_k){ (uint32_t)ll.ifindex, bswap16(ll.protocol), ll.pkttype,
				  ll.halen, { 0 } };
	memcpy(a->hw, ll.addr, ll.halen);
	return 0;
}

static uint32_t pk_addr_out(const struct sockaddr_k *a, void *sa)
{
	struct netif *nif = netif_by_index((int)a->addr);
	struct linux_sockaddr_ll ll = { AF_PACKET, bswap16(a->port), (int32_t)a->addr,
					(uint16_t)(nif && (nif->flags & IFF_LOOPBACK) ?
						   ARPHRD_LOOPBACK : ARPHRD_ETHER),
					a->pkttype, a->halen, { 0 } };

	memcpy(ll.addr, a->hw, sizeof(ll.addr));
	memcpy(sa, &ll, sizeof(ll));
	return sizeof(ll);
}

static void pk_close(struct socket *s)
{
	nsockets--;
	dgram_close(s);
}

static const struct sock_ops packet_ops = {
	.bind = pk_bind,
	.connect = (void *)sock_notsupp,
	.listen = (void *)sock_notsupp,
	.accept = (void *)sock_notsupp,
	.send = pk_send,
	.recv = dgram_recv,
	.shutdown = (void *)sock_notsupp,
	.poll = dgram_poll,
	.setopt = pk_setopt,
	.getopt = dgram_nogetopt,
	.name = pk_name,
	.pending = dgram_pending,
	.close = pk_close,
	.family = AF_PACKET,
	.addr_in = pk_addr_in,
	.addr_out = pk_addr_out,
};

static int is_packet(const struct socket *s)
{
	return s->ops == &packet_ops;
}

/* proto: the ETH_P_ protocol in network order, as socket(2) takes it. */
int packet_create(int type, int proto, struct socket **out)
{
	struct socket *s;

	if (!capable(CAP_NET_RAW))
		return -EPERM;
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (proto < 0 || proto > 0xFFFF)
		return -EINVAL;
	if (!(s = sock_alloc(type, proto, &packet_ops)))
		return -ENOBUFS;
	s->local.port = bswap16((uint16_t)proto);
	nsockets++;
	*out = s;
	return 0;
}
