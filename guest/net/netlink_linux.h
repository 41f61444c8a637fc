/*
 * netlink_linux.h - the rtnetlink ABI (linux/netlink.h, linux/rtnetlink.h,
 * linux/if_link.h, linux/if_addr.h, linux/neighbour.h): message and
 * attribute headers, the request types and flags, and the family headers
 * of links, addresses, routes and neighbours.  Written out from the uapi
 * headers; layouts pinned with _Static_assert.
 */
#ifndef GUEST_NET_NETLINK_LINUX_H
#define GUEST_NET_NETLINK_LINUX_H

#include <stdint.h>

#define NETLINK_ROUTE 0

struct nlmsghdr {
	uint32_t len;                     /* header included */
	uint16_t type, flags;
	uint32_t seq, pid;
};
_Static_assert(sizeof(struct nlmsghdr) == 16, "nlmsghdr layout");
#define NLMSG_ALIGN(n) (((n) + 3u) & ~3u)
#define NLMSG_HDRLEN 16u

struct nlmsgerr {
	int32_t error;                    /* 0 (an ack) or -errno */
	struct nlmsghdr msg;              /* the request's header (and body, on error) */
};

struct rtattr {
	uint16_t len, type;               /* len: header included */
};
#define RTA_ALIGN(n) (((n) + 3u) & ~3u)
#define RTA_HDRLEN 4u

/* types below NLMSG_MIN_TYPE are control messages */
#define NLMSG_NOOP  1
#define NLMSG_ERROR 2
#define NLMSG_DONE  3
#define NLMSG_MIN_TYPE 0x10

#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI   0x2
#define NLM_F_ACK     0x4
#define NLM_F_ROOT    0x100           /* GET */
#define NLM_F_MATCH   0x200
#define NLM_F_DUMP    (NLM_F_ROOT | NLM_F_MATCH)
#define NLM_F_REPLACE 0x100           /* NEW */
#define NLM_F_EXCL    0x200
#define NLM_F_CREATE  0x400

enum {
	RTM_NEWLINK = 16, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK,
	RTM_NEWADDR = 20, RTM_DELADDR, RTM_GETADDR,
	RTM_NEWROUTE = 24, RTM_DELROUTE, RTM_GETROUTE,
	RTM_NEWNEIGH = 28, RTM_DELNEIGH, RTM_GETNEIGH,
	RTM_MAX = 127                     /* what we decode; above: EOPNOTSUPP */
};

struct ifinfomsg {
	uint8_t family, pad;
	uint16_t type;                    /* ARPHRD_* */
	int32_t index;
	uint32_t flags, change;           /* IFF_*; change: the flags to set */
};
_Static_assert(sizeof(struct ifinfomsg) == 16, "ifinfomsg layout");
enum { IFLA_ADDRESS = 1, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_QDISC,
       IFLA_TXQLEN = 13, IFLA_OPERSTATE = 16, IFLA_MAX = 16 };
#define IF_OPER_DOWN 2
#define IF_OPER_UP   6

struct ifaddrmsg {
	uint8_t family, prefixlen, flags, scope;
	uint32_t index;
};
_Static_assert(sizeof(struct ifaddrmsg) == 8, "ifaddrmsg layout");
enum { IFA_ADDRESS = 1, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_MAX = 8 };
#define IFA_F_PERMANENT 0x80

struct rtmsg {
	uint8_t family, dst_len, src_len, tos;
	uint8_t table, protocol, scope, type;
	uint32_t flags;
};
_Static_assert(sizeof(struct rtmsg) == 12, "rtmsg layout");
enum { RTA_DST = 1, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC,
       RTA_TABLE = 15, RTA_MAX = 15 };
#define RT_TABLE_UNSPEC 0
#define RT_TABLE_MAIN   254
#define RT_TABLE_LOCAL  255
#define RTM_F_CLONED    0x200         /* an answer to a lookup, not a table entry */
#define RTPROT_KERNEL   2
#define RTPROT_BOOT     3
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_LINK     253
#define RT_SCOPE_HOST     254
#define RTN_UNICAST 1
#define RTN_LOCAL   2

struct ndmsg {
	uint8_t family, pad1;
	uint16_t pad2;
	int32_t ifindex;
	uint16_t state;                   /* NUD_* */
	uint8_t flags, type;
};
_Static_assert(sizeof(struct ndmsg) == 12, "ndmsg layout");
enum { NDA_DST = 1, NDA_LLADDR };
#define NUD_INCOMPLETE 0x01
#define NUD_REACHABLE  0x02

#endif /* GUEST_NET_NETLINK_LINUX_H */
