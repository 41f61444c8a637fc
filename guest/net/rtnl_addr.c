/*
 * rtnl_addr.c - IPv4 addresses over rtnetlink: the RTM_GETADDR dump (one
 * RTM_NEWADDR per addressed interface), RTM_NEWADDR and RTM_DELADDR.
 * The address is the interface's one (netif_set_addr, as SIOCSIFADDR and
 * SIOCSIFNETMASK set it): adding a second, different one is EEXIST -
 * delete the first.  As in Linux, deleting an interface's last address
 * removes every route through it.
 */
#include "net/netlink.h"
#include "lib/klib.h"

static void addr_msg(struct nl_out *o, const struct netif *nif)
{
	int loop = !!(nif->flags & IFF_LOOPBACK);
	struct ifaddrmsg ifa = { AF_INET, (uint8_t)mask_len(nif->mask), IFA_F_PERMANENT,
				 (uint8_t)(loop ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE),
				 (uint32_t)nif->index };

	nl_begin(o, RTM_NEWADDR, NLM_F_MULTI, &ifa, sizeof(ifa));
	nl_put_be32(o, IFA_ADDRESS, nif->addr);
	nl_put_be32(o, IFA_LOCAL, nif->addr);
	if ((nif->flags & IFF_BROADCAST) && nif->mask != 0xFFFFFFFFu)
		nl_put_be32(o, IFA_BROADCAST, nif->addr | ~nif->mask);
	nl_put(o, IFA_LABEL, nif->name, strlen(nif->name) + 1);
	nl_end(o);
}

void rtnl_dumpaddr(struct nl_out *o, const struct nl_req *r)
{
	if (!rtnl_wants_inet(r))
		return;
	for (int i = 0; i < NETIF_MAX; i++)
		if (netif_at(i) && netif_at(i)->addr)
			addr_msg(o, netif_at(i));
}

/* The request's interface and address (IFA_LOCAL, else IFA_ADDRESS; 0
 * if neither).  0, -EINVAL, -EAFNOSUPPORT or -ENODEV. */
static int addr_req(const struct nl_req *r, struct ifaddrmsg *ifa, struct netif **nif,
		    uint32_t *addr)
{
	const struct rtattr *tb[IFA_MAX + 1];
	const struct rtattr *a;

	if (r->blen < sizeof(*ifa))
		return -EINVAL;
	memcpy(ifa, r->body, sizeof(*ifa));
	if (ifa->family != AF_INET)
		return -EAFNOSUPPORT;
	if (ifa->prefixlen > 32)
		return -EINVAL;
	nl_attrs(r->body + sizeof(*ifa), r->blen - sizeof(*ifa), tb, IFA_MAX);
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	*addr = 0;
	if (a && nl_get_be32(a, addr) < 0)
		return -EINVAL;
	*nif = netif_by_index((int)ifa->index);
	return *nif ? 0 : -ENODEV;
}

int rtnl_newaddr(struct nl_out *o, const struct nl_req *r)
{
	struct ifaddrmsg ifa;
	struct netif *nif;
	uint32_t addr;
	int rc = addr_req(r, &ifa, &nif, &addr);

	(void)o;
	if (rc < 0)
		return rc;
	if (!addr)
		return -EINVAL;
	if (nif->addr && (nif->addr != addr || (r->h->flags & NLM_F_EXCL)))
		return -EEXIST;
	netif_set_addr(nif, addr, len_mask(ifa.prefixlen));
	return 0;
}

int rtnl_deladdr(struct nl_out *o, const struct nl_req *r)
{
	struct ifaddrmsg ifa;
	struct netif *nif;
	uint32_t addr;
	int rc = addr_req(r, &ifa, &nif, &addr);

	(void)o;
	if (rc < 0)
		return rc;
	if (!nif->addr || (addr && (addr != nif->addr || ifa.prefixlen != mask_len(nif->mask))))
		return -EADDRNOTAVAIL;
	netif_set_addr(nif, 0, 0);
	route_del_netif(nif, 0);
	return 0;
}
