/*
 * rtnl_neigh.c - the ARP cache over rtnetlink: the RTM_GETNEIGH dump, one
 * RTM_NEWNEIGH per entry (arp.c's cache, as /proc/net/arp shows it): an
 * entry being resolved is INCOMPLETE, a confirmed one REACHABLE with its
 * hardware address.  Entries are not added or removed this way.
 */
#include "net/netlink.h"
#include "lib/klib.h"

static void neigh_msg(struct nl_out *o, const struct arp_view *v)
{
	struct ndmsg nd = { AF_INET, 0, 0, v->nif->index,
			    (uint16_t)(v->valid ? NUD_REACHABLE : NUD_INCOMPLETE), 0, RTN_UNICAST };

	nl_begin(o, RTM_NEWNEIGH, NLM_F_MULTI, &nd, sizeof(nd));
	nl_put_be32(o, NDA_DST, v->ip);
	if (v->valid)
		nl_put(o, NDA_LLADDR, v->mac, ETH_ALEN);
	nl_end(o);
}

void rtnl_dumpneigh(struct nl_out *o, const struct nl_req *r)
{
	struct arp_view v;
	int rc;

	if (!rtnl_wants_inet(r))
		return;
	for (int i = 0; (rc = arp_at(i, &v)) >= 0; i++)
		if (rc)
			neigh_msg(o, &v);
}
