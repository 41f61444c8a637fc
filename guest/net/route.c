/*
 * route.c - the IPv4 routing table: connected routes (an interface's
 * subnet, added with its address), a default route, and whatever
 * SIOCADDRT adds.  A lookup takes the longest matching prefix whose
 * interface is up; among equal prefixes the lowest metric, then the first.
 */
#include "net/net.h"
#include "lib/klib.h"

static struct route routes[ROUTE_MAX];

const struct route *route_lookup(uint32_t dst)
{
	const struct route *best = NULL;

	for (int i = 0; i < ROUTE_MAX; i++) {
		const struct route *r = &routes[i];

		if (!r->used || (dst & r->mask) != r->dst || !(r->nif->flags & IFF_UP))
			continue;
		if (!best || r->mask > best->mask ||
		    (r->mask == best->mask && r->metric < best->metric))
			best = r;
	}
	return best;
}

/* 0, -EEXIST for the same route twice, -ENOBUFS for a full table. */
int route_add(uint32_t dst, uint32_t mask, uint32_t gw, struct netif *nif, int metric)
{
	struct route *free = NULL;

	if (!nif || (dst & ~mask))
		return -EINVAL;
	for (int i = 0; i < ROUTE_MAX; i++) {
		struct route *r = &routes[i];

		if (!r->used) {
			if (!free)
				free = r;
		} else if (r->dst == dst && r->mask == mask && r->metric == metric &&
			   r->nif == nif && r->gw == gw) {
			return -EEXIST;
		}
	}
	if (!free)
		return -ENOBUFS;
	*free = (struct route){ dst, mask, gw, nif, RTF_UP | (gw ? RTF_GATEWAY : 0) |
				(mask == 0xFFFFFFFFu ? RTF_HOST : 0), (int16_t)metric, 1 };
	return 0;
}

/* The first route matching dst/mask (and gw, nif when given); -ESRCH if none. */
int route_del(uint32_t dst, uint32_t mask, uint32_t gw, struct netif *nif)
{
	for (int i = 0; i < ROUTE_MAX; i++) {
		struct route *r = &routes[i];

		if (r->used && r->dst == dst && r->mask == mask &&
		    (!gw || r->gw == gw) && (!nif || r->nif == nif)) {
			r->used = 0;
			return 0;
		}
	}
	return -ESRCH;
}

/* Routes through nif: only its connected one, or all. */
void route_del_netif(struct netif *nif, int connected_only)
{
	for (int i = 0; i < ROUTE_MAX; i++) {
		struct route *r = &routes[i];

		if (r->used && r->nif == nif && (!connected_only || !r->gw))
			r->used = 0;
	}
}

const struct route *route_at(int i)
{
	return i >= 0 && i < ROUTE_MAX && routes[i].used ? &routes[i] : NULL;
}

/* Linux's /proc/net/route: addresses as the hex of their wire-order
 * bytes read as a little-endian word (what BusyBox route prints from). */
int route_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\t"
			   "Metric\tMask\t\tMTU\tWindow\tIRTT\n");

	for (int i = 0; i < ROUTE_MAX && (uint32_t)len < n; i++) {
		const struct route *r = &routes[i];

		if (!r->used)
			continue;
		len += snprintf(buf + len, n - len,
				"%s\t%08X\t%08X\t%04X\t0\t0\t%d\t%08X\t0\t0\t0\n",
				r->nif->name, bswap32(r->dst), bswap32(r->gw), r->flags,
				r->metric, bswap32(r->mask));
	}
	return len;
}
