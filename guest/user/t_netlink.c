/*
 * t_netlink.c - AF_NETLINK/NETLINK_ROUTE sockets under hostile and odd
 * input, as Linux answers it: socket and bind errors, port ids and
 * getsockname, buffers that are not messages (short, lengths past the
 * buffer or below a header: silently ignored), messages that are not
 * requests or are control messages (only acked), unknown types
 * (EOPNOTSUPP), RTM_GETLINK with bad family headers, names and
 * attributes (EINVAL, ENODEV), a reply and its ack as two datagrams,
 * dumps ending in NLMSG_DONE with our sequence number and port id, and
 * recvmsg with MSG_PEEK|MSG_TRUNC and a short buffer (what iproute2 does).
 *
 * Run as /usr/bin/t_netlink [read|guest].  "read" changes nothing and is
 * compared with the host (system/netlink.sh).  "guest" adds an unknown
 * message type (EOPNOTSUPP: on the host qemu-i386's netlink translation
 * refuses it itself), malformed and refused changes - addresses, routes,
 * links -, eth0's MTU and IFF_UP changed by RTM_NEWLINK and put back, and
 * a flood of dumps never read (ENOBUFS, then the socket works
 * again); nothing else may change and the kernel must survive.  It would change
 * the machine it runs on if a check failed, so only the guest runs it
 * (system/net_ip.sh, against its .expected).
 */
#define _GNU_SOURCE
#include "check.h"
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define BUF 16384

static uint32_t seq = 1000;
static uint8_t rbuf[BUF];

struct req {                          /* a request: header, family header, attributes */
	struct nlmsghdr h;
	uint8_t body[256];
};

static int nl_open(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
		return -1;
	return fd;
}

static uint32_t port_of(int fd)
{
	struct sockaddr_nl a;
	socklen_t len = sizeof a;

	return getsockname(fd, (struct sockaddr *)&a, &len) < 0 ? 0 : a.nl_pid;
}

static void req_init(struct req *r, int type, int flags, const void *fam, uint32_t len)
{
	memset(r, 0, sizeof *r);
	r->h.nlmsg_len = NLMSG_LENGTH(len);
	r->h.nlmsg_type = (uint16_t)type;
	r->h.nlmsg_flags = (uint16_t)flags;
	r->h.nlmsg_seq = ++seq;
	memcpy(r->body, fam, len);
}

static void req_attr(struct req *r, int type, const void *data, uint32_t len)
{
	struct rtattr *a = (struct rtattr *)((uint8_t *)r + NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = (uint16_t)type;
	a->rta_len = (uint16_t)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

static long to_kernel(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&k, sizeof k);
}

static long next(int fd)
{
	return recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT);
}

static int nothing_back(int fd)
{
	errno = 0;
	return next(fd) < 0 && errno == EAGAIN;
}

/* The next datagram is one NLMSG_ERROR for seq s carrying err, len bytes. */
static int error_back(int fd, uint32_t s, int err, long want_len)
{
	long n = next(fd);
	struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
	struct nlmsgerr *e = NLMSG_DATA(h);

	if (n < (long)NLMSG_LENGTH(sizeof *e) || h->nlmsg_type != NLMSG_ERROR ||
	    h->nlmsg_seq != s || (long)h->nlmsg_len != n)
		return 0;
	return e->error == -err && (!want_len || n == want_len) && e->msg.nlmsg_seq == s;
}

static int req_error(int fd, struct req *r, int err)
{
	return to_kernel(fd, r, r->h.nlmsg_len) == (long)r->h.nlmsg_len &&
	       error_back(fd, r->h.nlmsg_seq, err, 0) && nothing_back(fd);
}

static void sockets(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK }, got;
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t len = sizeof got;
	int fd, fd2;

	errno = 0;
	CHECK(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE) < 0 && errno == ESOCKTNOSUPPORT,
	      "netlink: SOCK_STREAM is ESOCKTNOSUPPORT");
	errno = 0;
	CHECK(socket(AF_NETLINK, SOCK_RAW, 99) < 0 && errno == EPROTONOSUPPORT,
	      "netlink: protocol 99 is EPROTONOSUPPORT");
	fd = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	CHECK(fd >= 0, "netlink: SOCK_DGRAM NETLINK_ROUTE opens");
	errno = 0;
	CHECK(bind(fd, (struct sockaddr *)&in, sizeof in) < 0 && errno == EINVAL,
	      "netlink: bind to an AF_INET address is EINVAL");
	errno = 0;
	CHECK(bind(fd, (struct sockaddr *)&a, 4) < 0 && errno == EINVAL,
	      "netlink: bind with 4 bytes of address is EINVAL");
	CHECK(getsockname(fd, (struct sockaddr *)&got, &len) == 0 && len == sizeof got &&
	      got.nl_family == AF_NETLINK && got.nl_pid == 0, "netlink: unbound: port id 0");
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "netlink: bind to port 0 picks one");
	len = sizeof got;
	CHECK(getsockname(fd, (struct sockaddr *)&got, &len) == 0 && len == sizeof got &&
	      got.nl_pid != 0, "netlink: getsockname: 12 bytes, a port id");
	fd2 = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	a.nl_pid = got.nl_pid;
	errno = 0;
	CHECK(bind(fd2, (struct sockaddr *)&a, sizeof a) < 0 && errno == EADDRINUSE,
	      "netlink: a taken port id is EADDRINUSE");
	a.nl_pid = 0;
	CHECK(bind(fd2, (struct sockaddr *)&a, sizeof a) == 0 && port_of(fd2) != got.nl_pid,
	      "netlink: a second socket gets another port id");
	close(fd2);
	close(fd);
}

static void garbage(int fd)
{
	uint8_t junk[64];
	struct nlmsghdr *h = (struct nlmsghdr *)junk;

	memset(junk, 0xA5, sizeof junk);
	CHECK(to_kernel(fd, junk, 8) == 8 && nothing_back(fd),
	      "garbage: 8 bytes are taken and ignored");
	h->nlmsg_len = 200;
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	CHECK(to_kernel(fd, junk, 20) == 20 && nothing_back(fd),
	      "garbage: a length past the buffer is ignored");
	h->nlmsg_len = 8;
	CHECK(to_kernel(fd, junk, 20) == 20 && nothing_back(fd),
	      "garbage: a length below a header is ignored");
}

static void odd_messages(int fd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct req r;

	req_init(&r, RTM_GETLINK, NLM_F_ACK, &ifi, sizeof ifi);
	CHECK(to_kernel(fd, &r, r.h.nlmsg_len) > 0 && error_back(fd, r.h.nlmsg_seq, 0, 36) &&
	      nothing_back(fd), "messages: not a request: only acked");
	req_init(&r, RTM_GETLINK, 0, &ifi, sizeof ifi);
	CHECK(to_kernel(fd, &r, r.h.nlmsg_len) > 0 && nothing_back(fd),
	      "messages: not a request, no NLM_F_ACK: nothing");
	req_init(&r, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, "", 0);
	CHECK(req_error(fd, &r, 0), "messages: NLMSG_NOOP is acked");
	req_init(&r, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, "", 0);
	CHECK(req_error(fd, &r, 0), "messages: RTM_GETLINK without a body: acked, nothing else");
}

static void getlink_errors(int fd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 99999 };
	uint8_t bad_attr[8] = { 200, 0, IFLA_IFNAME, 0, 'l', 'o', 0, 0 };
	struct req r;
	long n;

	req_init(&r, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	CHECK(req_error(fd, &r, ENODEV), "getlink: ifindex 99999 is ENODEV");
	ifi.ifi_index = 0;
	req_init(&r, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	CHECK(req_error(fd, &r, EINVAL), "getlink: neither index nor name is EINVAL");
	req_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK(req_error(fd, &r, ENODEV), "getlink: name nosuch0 is ENODEV");
	req_init(&r, RTM_GETLINK, NLM_F_REQUEST, &ifi, 4);
	CHECK(req_error(fd, &r, EINVAL), "getlink: 4 bytes of ifinfomsg is EINVAL");
	ifi.ifi_index = 1;
	req_init(&r, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, &ifi, sizeof ifi);
	memcpy((uint8_t *)&r + r.h.nlmsg_len, bad_attr, sizeof bad_attr);
	r.h.nlmsg_len += sizeof bad_attr;
	n = to_kernel(fd, &r, r.h.nlmsg_len);
	n = n > 0 ? next(fd) : -1;
	CHECK(n > 0 && ((struct nlmsghdr *)rbuf)->nlmsg_type == RTM_NEWLINK &&
	      ((struct ifinfomsg *)NLMSG_DATA((struct nlmsghdr *)rbuf))->ifi_index == 1,
	      "getlink: an attribute past the message is ignored: index 1 answered");
	CHECK(error_back(fd, r.h.nlmsg_seq, 0, 36) && nothing_back(fd),
	      "getlink: the reply and its ack are two datagrams");
}

/* A dump of type: every message ours, of want_type, then NLMSG_DONE.
 * The messages' count; -1 if anything is wrong. */
static int dump(int fd, int type, int family, int want_type, int (*each)(struct nlmsghdr *))
{
	struct rtgenmsg g = { .rtgen_family = (uint8_t)family };
	uint32_t me = port_of(fd);
	int count = 0, found = 0;
	struct req r;

	req_init(&r, type, NLM_F_REQUEST | NLM_F_DUMP, &g, sizeof g);
	if (to_kernel(fd, &r, r.h.nlmsg_len) < 0)
		return -1;
	for (;;) {
		long n = next(fd);
		struct nlmsghdr *h = (struct nlmsghdr *)rbuf;

		if (n <= 0)
			return -1;
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != r.h.nlmsg_seq || h->nlmsg_pid != me ||
			    !(h->nlmsg_flags & NLM_F_MULTI))
				return -1;
			if (h->nlmsg_type == NLMSG_DONE)
				return n == (long)NLMSG_ALIGN(h->nlmsg_len) && found ? count : -1;
			if (h->nlmsg_type != want_type)
				return -1;
			count++;
			found |= each(h);
		}
		if (n)
			return -1;                  /* a remnant */
	}
}

static int is_lo_link(struct nlmsghdr *h)
{
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct rtattr *a = IFLA_RTA(ifi);
	int len = (int)IFLA_PAYLOAD(h);

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME && ifi->ifi_index == 1)
			return !strcmp(RTA_DATA(a), "lo");
	return 0;
}

static int is_lo_addr(struct nlmsghdr *h)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct rtattr *a = IFA_RTA(ifa);
	int len = (int)IFA_PAYLOAD(h);

	if (ifa->ifa_family != AF_INET)
		return 0;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFA_LOCAL && *(uint32_t *)RTA_DATA(a) == htonl(INADDR_LOOPBACK))
			return ifa->ifa_prefixlen == 8 && ifa->ifa_index == 1;
	return 0;
}

static void dumps(int fd)
{
	CHECK(dump(fd, RTM_GETLINK, AF_UNSPEC, RTM_NEWLINK, is_lo_link) >= 1,
	      "dump: links, lo at index 1, then NLMSG_DONE, our seq and port");
	CHECK(dump(fd, RTM_GETADDR, AF_INET, RTM_NEWADDR, is_lo_addr) >= 1,
	      "dump: IPv4 addresses, 127.0.0.1/8 on lo, then NLMSG_DONE");
	CHECK(nothing_back(fd), "dump: nothing after NLMSG_DONE");
}

/* recvmsg as iproute2 uses it: the length first (MSG_PEEK|MSG_TRUNC). */
static void peek_trunc(int fd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 1 };
	struct sockaddr_nl from;
	uint8_t small[16];
	struct iovec v = { small, 0 };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &v,
			    .msg_iovlen = 1 };
	struct req r;
	long want, n;

	req_init(&r, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	to_kernel(fd, &r, r.h.nlmsg_len);
	want = recvmsg(fd, &m, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	CHECK(want > (long)NLMSG_LENGTH(sizeof ifi) && (m.msg_flags & MSG_TRUNC),
	      "recvmsg: MSG_PEEK|MSG_TRUNC into 0 bytes gives the length, MSG_TRUNC set");
	CHECK(m.msg_namelen == sizeof from && from.nl_family == AF_NETLINK && from.nl_pid == 0,
	      "recvmsg: from the kernel: port 0, 12 bytes of address");
	v.iov_len = sizeof small;
	m.msg_flags = 0;
	n = recvmsg(fd, &m, MSG_DONTWAIT);
	CHECK(n == (long)sizeof small && (m.msg_flags & MSG_TRUNC),
	      "recvmsg: a short buffer takes 16 bytes, MSG_TRUNC set");
	CHECK(nothing_back(fd), "recvmsg: the rest of a truncated datagram is gone");
}

/* ---- "guest": what only the guest runs ---- */

static void unknown_type(int fd)
{
	struct req r;

	req_init(&r, 0x7FF, NLM_F_REQUEST | NLM_F_ACK, "abcd", 4);
	CHECK(to_kernel(fd, &r, r.h.nlmsg_len) == 20 &&
	      error_back(fd, r.h.nlmsg_seq, EOPNOTSUPP, 16 + 4 + 20) && nothing_back(fd),
	      "messages: an unknown type is EOPNOTSUPP, the request echoed");
}

static void set_addr(int fd)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 2 };
	uint32_t a = htonl(0x0A000263);      /* 10.0.2.99 */
	struct req r;

	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, &ifa, 4);
	CHECK(req_error(fd, &r, EINVAL), "set: RTM_NEWADDR with 4 bytes of ifaddrmsg is EINVAL");
	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE, &ifa, sizeof ifa);
	CHECK(req_error(fd, &r, EINVAL), "set: RTM_NEWADDR without an address is EINVAL");
	req_attr(&r, IFA_LOCAL, &a, 2);
	CHECK(req_error(fd, &r, EINVAL), "set: a 2-byte IFA_LOCAL is EINVAL");
	ifa.ifa_prefixlen = 40;
	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE, &ifa, sizeof ifa);
	req_attr(&r, IFA_LOCAL, &a, 4);
	CHECK(req_error(fd, &r, EINVAL), "set: prefix length 40 is EINVAL");
	ifa.ifa_prefixlen = 24;
	ifa.ifa_index = 999;
	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE, &ifa, sizeof ifa);
	req_attr(&r, IFA_LOCAL, &a, 4);
	CHECK(req_error(fd, &r, ENODEV), "set: ifindex 999 is ENODEV");
	ifa.ifa_index = 2;
	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE, &ifa, sizeof ifa);
	req_attr(&r, IFA_LOCAL, &a, 4);
	CHECK(req_error(fd, &r, EEXIST), "set: a second address on eth0 is EEXIST");
	req_init(&r, RTM_DELADDR, NLM_F_REQUEST, &ifa, sizeof ifa);
	req_attr(&r, IFA_LOCAL, &a, 4);
	CHECK(req_error(fd, &r, EADDRNOTAVAIL), "set: deleting an address not there is EADDRNOTAVAIL");
	ifa.ifa_family = 99;
	req_init(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE, &ifa, sizeof ifa);
	CHECK(req_error(fd, &r, EAFNOSUPPORT), "set: address family 99 is EAFNOSUPPORT");
}

static void route_req(struct req *r, int type, int dst_len, int table, int rtype)
{
	struct rtmsg m = { .rtm_family = AF_INET, .rtm_dst_len = (uint8_t)dst_len,
			   .rtm_table = (uint8_t)table, .rtm_protocol = RTPROT_BOOT,
			   .rtm_type = (uint8_t)rtype };

	req_init(r, type, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, &m, sizeof m);
}

static void set_route(int fd)
{
	uint32_t net = htonl(0x0A000201), gw = htonl(0x0A090909), oif = 999;
	struct req r;

	route_req(&r, RTM_NEWROUTE, 24, RT_TABLE_MAIN, RTN_UNICAST);
	req_attr(&r, RTA_DST, &net, 4);
	CHECK(req_error(fd, &r, EINVAL), "set: 10.0.2.1/24 (host bits) is EINVAL");
	route_req(&r, RTM_NEWROUTE, 33, RT_TABLE_MAIN, RTN_UNICAST);
	CHECK(req_error(fd, &r, EINVAL), "set: a /33 route is EINVAL");
	route_req(&r, RTM_NEWROUTE, 0, 100, RTN_UNICAST);
	req_attr(&r, RTA_GATEWAY, &gw, 4);
	CHECK(req_error(fd, &r, EOPNOTSUPP), "set: table 100 is EOPNOTSUPP");
	route_req(&r, RTM_NEWROUTE, 0, RT_TABLE_MAIN, RTN_BLACKHOLE);
	CHECK(req_error(fd, &r, EOPNOTSUPP), "set: a blackhole route is EOPNOTSUPP");
	route_req(&r, RTM_NEWROUTE, 0, RT_TABLE_MAIN, RTN_UNICAST);
	req_attr(&r, RTA_GATEWAY, &gw, 4);
	CHECK(req_error(fd, &r, ENETUNREACH), "set: a gateway nothing reaches is ENETUNREACH");
	route_req(&r, RTM_NEWROUTE, 0, RT_TABLE_MAIN, RTN_UNICAST);
	req_attr(&r, RTA_OIF, &oif, 4);
	CHECK(req_error(fd, &r, ENODEV), "set: ifindex 999 is ENODEV");
	route_req(&r, RTM_NEWROUTE, 0, RT_TABLE_MAIN, RTN_UNICAST);
	req_attr(&r, RTA_GATEWAY, &gw, 2);
	CHECK(req_error(fd, &r, EINVAL), "set: a 2-byte RTA_GATEWAY is EINVAL");
	route_req(&r, RTM_DELROUTE, 0, RT_TABLE_MAIN, RTN_UNICAST);
	req_attr(&r, RTA_GATEWAY, &gw, 4);
	CHECK(req_error(fd, &r, ESRCH), "set: deleting a route not there is ESRCH");
}

static void set_link(int fd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2 };
	uint32_t mtu = 10;
	struct req r;

	req_init(&r, RTM_NEWLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	req_attr(&r, IFLA_MTU, &mtu, 4);
	CHECK(req_error(fd, &r, EINVAL), "set: MTU 10 is EINVAL");
	mtu = 100000;
	req_init(&r, RTM_SETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	req_attr(&r, IFLA_MTU, &mtu, 4);
	CHECK(req_error(fd, &r, EINVAL), "set: MTU 100000 is EINVAL");
	req_init(&r, RTM_SETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	req_attr(&r, IFLA_MTU, &mtu, 2);
	CHECK(req_error(fd, &r, EINVAL), "set: a 2-byte IFLA_MTU is EINVAL");
	ifi.ifi_index = 0;
	req_init(&r, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
	req_attr(&r, IFLA_IFNAME, "dummy0", 7);
	CHECK(req_error(fd, &r, EOPNOTSUPP), "set: creating a link is EOPNOTSUPP");
	req_init(&r, RTM_DELLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	req_attr(&r, IFLA_IFNAME, "eth0", 5);
	CHECK(req_error(fd, &r, EOPNOTSUPP), "set: deleting a link is EOPNOTSUPP");
}

/* eth0's MTU and IFF_UP as RTM_GETLINK reports them; 0 if it cannot. */
static uint32_t link_state(int fd, uint32_t *flags)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2 };
	struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
	struct rtattr *a;
	struct req r;
	long n;
	int len;

	req_init(&r, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof ifi);
	if (to_kernel(fd, &r, r.h.nlmsg_len) < 0 || (n = next(fd)) <= 0 ||
	    h->nlmsg_type != RTM_NEWLINK)
		return 0;
	*flags = ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_flags & IFF_UP;
	len = (int)IFLA_PAYLOAD(h);
	for (a = IFLA_RTA((struct ifinfomsg *)NLMSG_DATA(h)); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_MTU)
			return *(uint32_t *)RTA_DATA(a);
	return 0;
}

static int set_link_req(int fd, uint32_t change, uint32_t flags, uint32_t mtu)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2, .ifi_flags = flags,
				 .ifi_change = change };
	struct req r;

	req_init(&r, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, &ifi, sizeof ifi);
	if (mtu)
		req_attr(&r, IFLA_MTU, &mtu, 4);
	return req_error(fd, &r, 0);
}

/* What ip's ioctls do, through RTM_NEWLINK: seen by RTM_GETLINK. */
static void set_link_ok(int fd)
{
	uint32_t up = 0;

	CHECK(set_link_req(fd, 0, 0, 1400) && link_state(fd, &up) == 1400 && up,
	      "set: RTM_NEWLINK IFLA_MTU 1400 is acked, and shown");
	CHECK(set_link_req(fd, IFF_UP, 0, 0) && link_state(fd, &up) == 1400 && !up,
	      "set: ifi_change IFF_UP with the flag clear takes eth0 down");
	CHECK(set_link_req(fd, IFF_UP, IFF_UP, 1500) && link_state(fd, &up) == 1500 && up,
	      "set: and up again, MTU 1500");
}

/* Dumps never read: the queue fills, ENOBUFS is reported once, then the
 * socket answers again. */
static void flood(int fd)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct req r;
	int i, lost = 0;
	long n;

	for (i = 0; i < 2000; i++) {
		req_init(&r, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &g, sizeof g);
		if (to_kernel(fd, &r, r.h.nlmsg_len) < 0)
			break;
	}
	CHECK(i == 2000, "flood: 2000 dump requests sent");
	while ((n = next(fd)) > 0 || (n < 0 && errno == ENOBUFS))
		lost |= n < 0;
	CHECK(lost && errno == EAGAIN, "flood: the replies that did not fit: ENOBUFS once drained");
	req_init(&r, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, "", 0);
	CHECK(req_error(fd, &r, 0), "flood: the socket answers again");
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "read";
	int fd;

	sockets();
	fd = nl_open();
	CHECK(fd >= 0, "netlink: a NETLINK_ROUTE socket bound");
	if (fd < 0)
		return check_summary("t_netlink");
	garbage(fd);
	odd_messages(fd);
	getlink_errors(fd);
	dumps(fd);
	peek_trunc(fd);
	if (!strcmp(what, "guest")) {
		unknown_type(fd);
		set_addr(fd);
		set_route(fd);
		set_link(fd);
		set_link_ok(fd);
		flood(fd);
	}
	close(fd);
	return check_summary("t_netlink");
}
