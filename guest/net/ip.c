/*
 * ip.c - IPv4 (RFC 791) without forwarding or fragmentation: incoming
 * packets are checked (version, header length and checksum, total length)
 * and, if addressed to us, handed to ICMP, UDP or TCP; fragments are
 * dropped.  Outgoing packets get a 20-byte header and go to the route's
 * interface, toward the gateway or the destination itself; packets to one
 * of our own addresses go through lo.  IP's half of tcp.h is here too.
 */
#include "net/net.h"
#include "net/tcp.h"
#include "lib/klib.h"

#define IP_MAXPACKET 1500                 /* no interface has a larger MTU */
#define IP_TTL_DEFAULT 64
#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFMASK 0x1FFF

static uint16_t ip_id;
static uint8_t out[IP_MAXPACKET];         /* not reentered: see net.h */

static int ip_bad(const uint8_t *p, uint32_t len, uint32_t *hl, uint32_t *tot)
{
	if (len < IP_HLEN || (p[0] >> 4) != 4)
		return 1;
	*hl = (p[0] & 15u) * 4;
	*tot = get16(p + 2);
	return *hl < IP_HLEN || *tot < *hl || *tot > len || inet_checksum(p, *hl) != 0;
}

void ip_input(struct netif *nif, const uint8_t *p, uint32_t len)
{
	uint32_t hl, tot, src, dst;

	if (ip_bad(p, len, &hl, &tot)) {
		nif->st.rx_errors++;
		return;
	}
	if (get16(p + 6) & (IP_MF | IP_OFFMASK)) {
		nif->st.rx_dropped++;                 /* fragments: not reassembled */
		return;
	}
	src = get32(p + 12);
	dst = get32(p + 16);
	/* lo takes anything local; a NIC only what is addressed to us. */
	if (!netif_is_local(dst) || ((dst >> 24) == 127 && !(nif->flags & IFF_LOOPBACK))) {
		nif->st.rx_dropped++;
		return;
	}
	switch (p[9]) {
	case IPPROTO_ICMP:
		icmp_input(src, dst, p, tot, p + hl, tot - hl);
		break;
	case IPPROTO_UDP:
		udp_input(src, dst, p, tot, p + hl, tot - hl);
		break;
	case IPPROTO_TCP:
		if (dst != INADDR_BROADCAST)          /* TCP is unicast only */
			tcp_input(src, dst, p + hl, tot - hl);
		break;
	default:
		if (dst != INADDR_BROADCAST)
			icmp_error(ICMP_UNREACH, 2, p, tot);   /* protocol unreachable */
		break;
	}
}

/* The interface and next hop toward dst: lo for our own addresses. */
static struct netif *ip_route(uint32_t dst, uint32_t *nh)
{
	const struct route *r;
	struct netif *lo = netif_by_name("lo");

	if (netif_is_local(dst) && dst != INADDR_BROADCAST && lo && (lo->flags & IFF_UP)) {
		*nh = dst;
		return lo;
	}
	if (dst == INADDR_BROADCAST) {
		/* the first interface that is up and not lo */
		for (int i = 0; i < NETIF_MAX; i++) {
			struct netif *n = netif_at(i);

			if (n && (n->flags & IFF_UP) && !(n->flags & IFF_LOOPBACK)) {
				*nh = dst;
				return n;
			}
		}
		return NULL;
	}
	if (!(r = route_lookup(dst)))
		return NULL;
	*nh = r->gw ? r->gw : dst;
	return r->nif;
}

/* Through lo we speak from the address we talk to (ours) or 127.0.0.1. */
static uint32_t source_for(struct netif *nif, uint32_t dst)
{
	if (nif->flags & IFF_LOOPBACK)
		return netif_by_addr(dst) ? dst : 0x7F000001u;
	return nif->addr;
}

int ip_output(uint32_t src, uint32_t dst, uint8_t proto, const void *payload, uint32_t len)
{
	uint32_t nh;
	struct netif *nif = ip_route(dst, &nh);

	if (!nif)
		return -ENETUNREACH;
	if (len + IP_HLEN > nif->mtu)
		return -EMSGSIZE;
	if (!src)
		src = source_for(nif, dst);
	memset(out, 0, IP_HLEN);
	out[0] = 0x45;
	put16(out + 2, (uint16_t)(IP_HLEN + len));
	put16(out + 4, ip_id++);
	put16(out + 6, IP_DF);
	out[8] = IP_TTL_DEFAULT;
	out[9] = proto;
	put32(out + 12, src);
	put32(out + 16, dst);
	put16(out + 10, inet_checksum(out, IP_HLEN));
	memcpy(out + IP_HLEN, payload, len);
	return ether_output(nif, nh, out, IP_HLEN + len);
}

/* A packet with its IP header (IPPROTO_RAW): as Linux's raw_send_hdrinc,
 * the total length, a zero source or id and the checksum are filled in. */
int ip_output_hdrincl(const void *pkt, uint32_t len)
{
	uint32_t nh, dst;
	struct netif *nif;

	if (len < IP_HLEN || len > sizeof(out))
		return -EINVAL;
	memcpy(out, pkt, len);
	if (out[0] >> 4 != 4 || (uint32_t)(out[0] & 15) * 4 < IP_HLEN ||
	    (uint32_t)(out[0] & 15) * 4 > len)
		return -EINVAL;
	dst = get32(out + 16);
	if (!(nif = ip_route(dst, &nh)))
		return -ENETUNREACH;
	if (len > nif->mtu)
		return -EMSGSIZE;
	put16(out + 2, (uint16_t)len);
	if (!get32(out + 12))
		put32(out + 12, source_for(nif, dst));
	if (!get16(out + 4))
		put16(out + 4, ip_id++);
	put16(out + 10, 0);
	put16(out + 10, inet_checksum(out, (uint32_t)(out[0] & 15) * 4));
	return ether_output(nif, nh, out, len);
}

uint32_t ip_route_source(uint32_t dst)
{
	uint32_t nh;
	struct netif *nif = ip_route(dst, &nh);

	return nif ? source_for(nif, dst) : 0;
}

uint32_t ip_route_mss(uint32_t dst)
{
	uint32_t nh;
	struct netif *nif = ip_route(dst, &nh);

	return (nif ? nif->mtu : 576) - 40;
}
