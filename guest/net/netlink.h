/*
 * netlink.h - what the AF_NETLINK socket layer (netlink.c), the message
 * builder and attribute parser (nl_msg.c) and the rtnetlink handlers
 * (rtnetlink.c, rtnl_link.c, rtnl_addr.c, rtnl_route.c, rtnl_neigh.c)
 * share.
 *
 * A request is answered while the sender's system call runs: the handlers
 * read and change the same interface, address, route and ARP state that
 * ifconfig's and route's ioctls use (one truth), and their replies are
 * batched into datagrams of at most NL_BATCH bytes - whole messages each,
 * as Linux sends them - queued on the requesting socket.
 */
#ifndef GUEST_NET_NETLINK_H
#define GUEST_NET_NETLINK_H

#include "net/socket.h"
#include "net/netlink_linux.h"

#define NL_BATCH 4000                 /* one datagram: fits a kmalloc page with its header */

struct nl_out {                       /* the replies to one request */
	struct socket *s;                 /* where they are queued */
	uint32_t seq, pid;                /* echoed in every reply */
	uint32_t len;                     /* bytes batched in buf */
	uint32_t msg;                     /* offset of the message being built */
	int open;                         /* a message is being built */
	uint8_t buf[NL_BATCH];
};

/* nl_msg.c: building replies.  A message: nl_begin with its fixed family
 * header, attributes, nl_end.  A full batch is queued as one datagram;
 * when the socket's queue is full the rest is lost and the socket's error
 * is ENOBUFS, as in Linux. */
void nl_begin(struct nl_out *o, uint16_t type, uint16_t flags, const void *fixed, uint32_t len);
void nl_put(struct nl_out *o, uint16_t type, const void *data, uint32_t len);
void nl_put32(struct nl_out *o, uint16_t type, uint32_t v);
void nl_put_be32(struct nl_out *o, uint16_t type, uint32_t v);   /* an IPv4 address */
void nl_end(struct nl_out *o);
void nl_flush(struct nl_out *o);
/* NLMSG_ERROR for the request req (len bytes): an ack when err is 0. */
void nl_error(struct nl_out *o, int err, const void *req, uint32_t len);
void nl_done(struct nl_out *o);                /* NLMSG_DONE: the end of a dump */

/* Attributes: tb[1..max] point at the attributes found in (p, len) (the
 * last of a type wins), null where absent.  As Linux's parser, bytes left
 * after the last whole attribute are ignored. */
void nl_attrs(const uint8_t *p, uint32_t len, const struct rtattr **tb, int max);
/* The payload of a: 0 and *v if it holds at least 4 bytes, else -EINVAL. */
int nl_get32(const struct rtattr *a, uint32_t *v);
int nl_get_be32(const struct rtattr *a, uint32_t *v);          /* an IPv4 address */
const void *nl_data(const struct rtattr *a);
uint32_t nl_len(const struct rtattr *a);

/* rtnetlink.c: every message of a buffer sent to the kernel (port 0). */
void rtnl_input(struct nl_out *o, const uint8_t *buf, uint32_t n);

/* The handlers: body is what follows the nlmsghdr (blen bytes, >= 1).
 * A "do" returns 0 or -errno (the ack); a dump adds messages. */
struct nl_req {
	const struct nlmsghdr *h;
	const uint8_t *body;
	uint32_t blen;
};
int rtnl_getlink(struct nl_out *o, const struct nl_req *r);
int rtnl_setlink(struct nl_out *o, const struct nl_req *r);
void rtnl_dumplink(struct nl_out *o, const struct nl_req *r);
int rtnl_newaddr(struct nl_out *o, const struct nl_req *r);
int rtnl_deladdr(struct nl_out *o, const struct nl_req *r);
void rtnl_dumpaddr(struct nl_out *o, const struct nl_req *r);
int rtnl_newroute(struct nl_out *o, const struct nl_req *r);
int rtnl_delroute(struct nl_out *o, const struct nl_req *r);
void rtnl_dumproute(struct nl_out *o, const struct nl_req *r);
int rtnl_getroute(struct nl_out *o, const struct nl_req *r);
void rtnl_dumpneigh(struct nl_out *o, const struct nl_req *r);

/* A dump of IPv4 state answers AF_UNSPEC and AF_INET requests only. */
static inline int rtnl_wants_inet(const struct nl_req *r)
{
	return r->body[0] == 0 || r->body[0] == AF_INET;
}

/* A mask's prefix length and back (masks are contiguous here). */
static inline int mask_len(uint32_t mask)
{
	return mask ? 32 - __builtin_ctz(mask) : 0;
}
static inline uint32_t len_mask(int len)
{
	return len ? 0xFFFFFFFFu << (32 - len) : 0;
}

#endif /* GUEST_NET_NETLINK_H */
