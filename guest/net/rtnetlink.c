/*
 * rtnetlink.c - NETLINK_ROUTE requests: the messages of one send taken
 * one by one, each checked and handed to its handler by type, and the
 * answers Linux gives - a dump's messages ended by NLMSG_DONE, an
 * NLMSG_ERROR carrying -errno, or an ack (an NLMSG_ERROR with 0) when
 * NLM_F_ACK asks for one.  Each message's answer is its own datagram(s),
 * its ack another, as Linux's skbs are.
 *
 * Malformed input is handled as Linux's netlink_rcv_skb does: a header
 * whose length is below 16 or beyond the bytes sent ends the buffer
 * silently; a message that is not a request, or a control type (below
 * NLMSG_MIN_TYPE), is only acked; a request with an empty body is
 * ignored; an unknown type is EOPNOTSUPP.  Handlers check their own
 * family header and attributes (EINVAL).
 */
#include "net/netlink.h"
#include "lib/klib.h"

struct rtnl_handler {
	int (*doit)(struct nl_out *o, const struct nl_req *r);
	void (*dump)(struct nl_out *o, const struct nl_req *r);
};

/* By type - RTM_BASE (16): NEW, DEL, GET, SET of links, addresses, routes
 * and neighbours.  A NEWLINK changes an existing link, as in Linux. */
static const struct rtnl_handler handlers[] = {
	[RTM_NEWLINK - 16] = { rtnl_setlink, NULL },
	[RTM_GETLINK - 16] = { rtnl_getlink, rtnl_dumplink },
	[RTM_SETLINK - 16] = { rtnl_setlink, NULL },
	[RTM_NEWADDR - 16] = { rtnl_newaddr, NULL },
	[RTM_DELADDR - 16] = { rtnl_deladdr, NULL },
	[RTM_GETADDR - 16] = { NULL, rtnl_dumpaddr },
	[RTM_NEWROUTE - 16] = { rtnl_newroute, NULL },
	[RTM_DELROUTE - 16] = { rtnl_delroute, NULL },
	[RTM_GETROUTE - 16] = { rtnl_getroute, rtnl_dumproute },
	[RTM_GETNEIGH - 16] = { NULL, rtnl_dumpneigh },
};
#define NHANDLERS (sizeof(handlers) / sizeof(handlers[0]))

static int is_get(uint16_t type)
{
	return (type - 16) % 4 == 2;
}

/* One request: 0 or -errno for the ack; 1 when a dump answered it. */
static int request(struct nl_out *o, const struct nl_req *r)
{
	const struct rtnl_handler *hd;
	uint16_t type = r->h->type;

	if (type > RTM_MAX)
		return -EOPNOTSUPP;
	if (r->blen < 1)                         /* Linux: "at least 1 byte" */
		return 0;
	hd = type - 16u < NHANDLERS ? &handlers[type - 16] : NULL;
	if (hd && is_get(type) && (r->h->flags & NLM_F_DUMP)) {
		if (!hd->dump)
			return -EOPNOTSUPP;
		hd->dump(o, r);
		nl_done(o);
		return 1;
	}
	return hd && hd->doit ? hd->doit(o, r) : -EOPNOTSUPP;
}

static void message(struct nl_out *o, const uint8_t *msg, uint32_t len)
{
	struct nlmsghdr h;
	struct nl_req r = { &h, msg + NLMSG_HDRLEN, len - NLMSG_HDRLEN };
	int err = 0;

	memcpy(&h, msg, sizeof(h));
	o->seq = h.seq;
	if ((h.flags & NLM_F_REQUEST) && h.type >= NLMSG_MIN_TYPE)
		err = request(o, &r);
	nl_flush(o);                             /* as in Linux: a reply, then its ack */
	if (err < 0 || (err == 0 && (h.flags & NLM_F_ACK)))
		nl_error(o, err, msg, len);
	nl_flush(o);
}

void rtnl_input(struct nl_out *o, const uint8_t *buf, uint32_t n)
{
	while (n >= NLMSG_HDRLEN) {
		uint32_t len, step;

		memcpy(&len, buf, sizeof(len));
		if (len < NLMSG_HDRLEN || len > n)
			break;
		message(o, buf, len);
		step = NLMSG_ALIGN(len);
		if (step >= n)
			break;
		buf += step;
		n -= step;
	}
}
