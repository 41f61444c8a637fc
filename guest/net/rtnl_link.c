/*
 * rtnl_link.c - links over rtnetlink: RTM_GETLINK (one, or the dump of
 * every interface) answered with RTM_NEWLINK messages - ifinfomsg, name,
 * MTU, queue length, operational state, hardware and broadcast addresses -
 * and RTM_NEWLINK/RTM_SETLINK changing an existing link's IFF_UP and MTU
 * (through netif.c, as SIOCSIFFLAGS and SIOCSIFMTU do).  Links are never
 * created or deleted: the table is the devices'.
 */
#include "net/netlink.h"
#include "lib/klib.h"

static const uint8_t bcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
static const uint8_t none[ETH_ALEN];

/* What `ip` shows: LOWER_UP while the link is up and has carrier (RUNNING),
 * as a Linux NIC driver drops carrier when taken down. */
static uint32_t link_flags(const struct netif *nif)
{
	return nif->flags | ((nif->flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING) ?
			      IFF_LOWER_UP : 0);
}

static void link_msg(struct nl_out *o, const struct netif *nif, uint16_t flags)
{
	int loop = !!(nif->flags & IFF_LOOPBACK);
	struct ifinfomsg ifi = { 0, 0, (uint16_t)(loop ? ARPHRD_LOOPBACK : ARPHRD_ETHER),
				 nif->index, link_flags(nif), 0 };
	uint8_t oper = (nif->flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING) ?
		       IF_OPER_UP : IF_OPER_DOWN;

	nl_begin(o, RTM_NEWLINK, flags, &ifi, sizeof(ifi));
	nl_put(o, IFLA_IFNAME, nif->name, strlen(nif->name) + 1);
	nl_put32(o, IFLA_MTU, nif->mtu);
	nl_put32(o, IFLA_TXQLEN, loop ? 0 : 1000);
	nl_put(o, IFLA_OPERSTATE, &oper, 1);
	nl_put(o, IFLA_ADDRESS, loop ? none : nif->mac, ETH_ALEN);
	nl_put(o, IFLA_BROADCAST, loop ? none : bcast, ETH_ALEN);
	nl_end(o);
}

void rtnl_dumplink(struct nl_out *o, const struct nl_req *r)
{
	(void)r;
	for (int i = 0; i < NETIF_MAX; i++)
		if (netif_at(i))
			link_msg(o, netif_at(i), NLM_F_MULTI);
}

/* The link a request names: by ifi_index, else by IFLA_IFNAME.  *ifi
 * and tb filled; 0, -EINVAL (no ifinfomsg, no name) or -ENODEV. */
static int named_link(const struct nl_req *r, struct ifinfomsg *ifi,
		      const struct rtattr **tb, struct netif **nif)
{
	char name[IFNAMSIZ];

	if (r->blen < sizeof(*ifi))
		return -EINVAL;
	memcpy(ifi, r->body, sizeof(*ifi));
	nl_attrs(r->body + sizeof(*ifi), r->blen - sizeof(*ifi), tb, IFLA_MAX);
	if (ifi->index > 0) {
		*nif = netif_by_index(ifi->index);
	} else if (tb[IFLA_IFNAME]) {
		uint32_t n = nl_len(tb[IFLA_IFNAME]);

		if (n >= IFNAMSIZ)
			n = IFNAMSIZ - 1;
		memcpy(name, nl_data(tb[IFLA_IFNAME]), n);
		name[n] = 0;
		*nif = netif_by_name(name);
	} else {
		return -EINVAL;
	}
	return *nif ? 0 : -ENODEV;
}

int rtnl_getlink(struct nl_out *o, const struct nl_req *r)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	struct ifinfomsg ifi;
	struct netif *nif;
	int rc = named_link(r, &ifi, tb, &nif);

	if (rc == 0)
		link_msg(o, nif, 0);
	return rc;
}

/* Linux's rule: with ifi_change the flags it names change; without,
 * ifi_flags (when not 0) are the new flags.  Everything is checked before
 * anything changes. */
int rtnl_setlink(struct nl_out *o, const struct nl_req *r)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	struct ifinfomsg ifi;
	struct netif *nif;
	uint32_t mtu = 0, flags;
	int rc = named_link(r, &ifi, tb, &nif);

	(void)o;
	if (rc == -ENODEV && (r->h->flags & NLM_F_CREATE))
		return -EOPNOTSUPP;                 /* `ip link add`: no virtual links */
	if (rc < 0)
		return rc;
	if (tb[IFLA_MTU] && ((rc = nl_get32(tb[IFLA_MTU], &mtu)) < 0 ||
			     mtu < IP_MIN_MTU || mtu > nif->mtu_max))
		return -EINVAL;
	flags = ifi.change ? (nif->flags & ~ifi.change) | (ifi.flags & ifi.change) : ifi.flags;
	if (ifi.change || ifi.flags)
		netif_set_up(nif, flags & IFF_UP);
	if (mtu)
		netif_set_mtu(nif, mtu);
	return 0;
}
