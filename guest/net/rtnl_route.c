/*
 * rtnl_route.c - the routing table over rtnetlink: the RTM_GETROUTE dump
 * (the main table: our only one), RTM_NEWROUTE and RTM_DELROUTE, on
 * route.c's table - the one SIOCADDRT, /proc/net/route and IP use; and
 * RTM_GETROUTE for one address (`ip route get`): the route IP takes.
 *
 * A connected route (gateway-less, the interface's own subnet) is shown
 * as the kernel's with its source address, like Linux's; the others as
 * added at boot or by a user.  Only unicast routes in the main table.
 */
#include "net/netlink.h"
#include "lib/klib.h"

static int is_connected(const struct route *rt)
{
	return !rt->gw && rt->nif->addr && rt->mask == rt->nif->mask &&
	       rt->dst == (rt->nif->addr & rt->nif->mask);
}

static void route_msg(struct nl_out *o, const struct route *rt)
{
	int conn = is_connected(rt);
	struct rtmsg m = { AF_INET, (uint8_t)mask_len(rt->mask), 0, 0, RT_TABLE_MAIN,
			   (uint8_t)(conn ? RTPROT_KERNEL : RTPROT_BOOT),
			   (uint8_t)(rt->gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK), RTN_UNICAST, 0 };

	nl_begin(o, RTM_NEWROUTE, NLM_F_MULTI, &m, sizeof(m));
	nl_put32(o, RTA_TABLE, RT_TABLE_MAIN);
	if (rt->mask)
		nl_put_be32(o, RTA_DST, rt->dst);
	if (rt->metric)
		nl_put32(o, RTA_PRIORITY, (uint32_t)rt->metric);
	if (conn)
		nl_put_be32(o, RTA_PREFSRC, rt->nif->addr);
	if (rt->gw)
		nl_put_be32(o, RTA_GATEWAY, rt->gw);
	nl_put32(o, RTA_OIF, (uint32_t)rt->nif->index);
	nl_end(o);
}

void rtnl_dumproute(struct nl_out *o, const struct nl_req *r)
{
	if (!rtnl_wants_inet(r))
		return;
	for (int i = 0; i < ROUTE_MAX; i++)
		if (route_at(i))
			route_msg(o, route_at(i));
}

/* Our own address or 127/8: Linux answers from its local table, via lo. */
static int local_msg(struct nl_out *o, uint32_t dst)
{
	struct rtmsg m = { AF_INET, 32, 0, 0, RT_TABLE_LOCAL, 0, RT_SCOPE_HOST, RTN_LOCAL,
			   RTM_F_CLONED };
	struct netif *lo = NULL;

	for (int i = 0; i < NETIF_MAX && !lo; i++)
		if (netif_at(i) && (netif_at(i)->flags & IFF_LOOPBACK))
			lo = netif_at(i);
	if (!lo)
		return -ENETUNREACH;
	nl_begin(o, RTM_NEWROUTE, 0, &m, sizeof(m));
	nl_put32(o, RTA_TABLE, RT_TABLE_LOCAL);
	nl_put_be32(o, RTA_DST, dst);
	nl_put32(o, RTA_OIF, (uint32_t)lo->index);
	nl_put_be32(o, RTA_PREFSRC, dst);
	nl_end(o);
	return 0;
}

int rtnl_getroute(struct nl_out *o, const struct nl_req *r)
{
	const struct rtattr *tb[RTA_MAX + 1];
	struct rtmsg m;
	const struct route *rt;
	uint32_t dst = 0;

	if (r->blen < sizeof(m))
		return -EINVAL;
	memcpy(&m, r->body, sizeof(m));
	if (m.family != AF_INET)
		return -EAFNOSUPPORT;
	nl_attrs(r->body + sizeof(m), r->blen - sizeof(m), tb, RTA_MAX);
	if (tb[RTA_DST] && nl_get_be32(tb[RTA_DST], &dst) < 0)
		return -EINVAL;
	if (netif_by_addr(dst) || (dst >> 24) == 127)
		return local_msg(o, dst);
	if (!(rt = route_lookup(dst)))
		return -ENETUNREACH;
	m = (struct rtmsg){ AF_INET, 32, 0, 0, RT_TABLE_MAIN, 0, RT_SCOPE_UNIVERSE, RTN_UNICAST,
			    RTM_F_CLONED };
	nl_begin(o, RTM_NEWROUTE, 0, &m, sizeof(m));
	nl_put32(o, RTA_TABLE, RT_TABLE_MAIN);
	nl_put_be32(o, RTA_DST, dst);
	nl_put32(o, RTA_OIF, (uint32_t)rt->nif->index);
	if (rt->gw)
		nl_put_be32(o, RTA_GATEWAY, rt->gw);
	nl_put_be32(o, RTA_PREFSRC, ip_route_source(dst));
	nl_end(o);
	return 0;
}

struct route_req {
	uint32_t dst, mask, gw, metric;
	struct netif *nif;                    /* RTA_OIF, or null */
	uint16_t flags;                       /* the request's NLM_F_* */
};

static int opt_be32(const struct rtattr *a, uint32_t *v)
{
	return a ? nl_get_be32(a, v) : 0;
}

/* The request decoded and checked: 0 or -errno. */
static int route_req(const struct nl_req *r, struct route_req *q)
{
	const struct rtattr *tb[RTA_MAX + 1];
	uint32_t table = 0, oif = 0;
	struct rtmsg m;

	if (r->blen < sizeof(m))
		return -EINVAL;
	memcpy(&m, r->body, sizeof(m));
	if (m.family != AF_INET)
		return -EAFNOSUPPORT;
	if (m.dst_len > 32 || m.src_len)
		return -EINVAL;
	nl_attrs(r->body + sizeof(m), r->blen - sizeof(m), tb, RTA_MAX);
	*q = (struct route_req){ 0, len_mask(m.dst_len), 0, 0, NULL, r->h->flags };
	table = m.table;
	if ((tb[RTA_TABLE] && nl_get32(tb[RTA_TABLE], &table) < 0) || opt_be32(tb[RTA_DST], &q->dst) < 0 ||
	    opt_be32(tb[RTA_GATEWAY], &q->gw) < 0 || (tb[RTA_OIF] && nl_get32(tb[RTA_OIF], &oif) < 0) ||
	    (tb[RTA_PRIORITY] && nl_get32(tb[RTA_PRIORITY], &q->metric) < 0))
		return -EINVAL;
	if (table != RT_TABLE_MAIN && table != RT_TABLE_UNSPEC)
		return -EOPNOTSUPP;
	if (q->dst & ~q->mask)
		return -EINVAL;                       /* Linux: invalid prefix for its length */
	if (q->metric > 0x7FFF)
		return -EINVAL;
	if (oif && !(q->nif = netif_by_index((int)oif)))
		return -ENODEV;
	return 0;
}

static const struct route *route_same(const struct route_req *q)
{
	for (int i = 0; i < ROUTE_MAX; i++) {
		const struct route *rt = route_at(i);

		if (rt && rt->dst == q->dst && rt->mask == q->mask && rt->metric == (int)q->metric)
			return rt;
	}
	return NULL;
}

int rtnl_newroute(struct nl_out *o, const struct nl_req *r)
{
	struct route_req q;
	struct rtmsg m;
	int rc = route_req(r, &q);

	(void)o;
	if (rc < 0)
		return rc;
	memcpy(&m, r->body, sizeof(m));
	if (m.type != RTN_UNICAST)
		return -EOPNOTSUPP;
	if (!q.nif) {                             /* the interface that reaches gw */
		const struct route *via = q.gw ? route_lookup(q.gw) : NULL;

		if (!via || via->gw)
			return q.gw ? -ENETUNREACH : -ENODEV;
		q.nif = via->nif;
	}
	if (route_same(&q)) {
		if (q.flags & NLM_F_EXCL)
			return -EEXIST;
		if (q.flags & NLM_F_REPLACE)
			route_del(q.dst, q.mask, 0, NULL);
	}
	return route_add(q.dst, q.mask, q.gw, q.nif, (int)q.metric);
}

int rtnl_delroute(struct nl_out *o, const struct nl_req *r)
{
	struct route_req q;
	int rc = route_req(r, &q);

	(void)o;
	return rc < 0 ? rc : route_del(q.dst, q.mask, q.gw, q.nif);
}
