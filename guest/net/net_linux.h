/*
 * net_linux.h - the Linux i386 networking ABI the socket layer implements:
 * errno values, socket-call numbers, address families, socket options,
 * message flags, the interface and routing ioctls and the layouts of the
 * structures that cross the system-call boundary (sockaddr_in, msghdr,
 * ifreq, ifconf, rtentry).
 *
 * Kept apart from sys/linux.h so the network code's numbers live in one
 * place; written out from the i386 ABI, layouts pinned with _Static_assert.
 */
#ifndef GUEST_NET_LINUX_H
#define GUEST_NET_LINUX_H

#include <stdint.h>
#include "sys/linux.h"

/* ---- errno (what sys/linux.h does not already have) ---- */
#ifndef ENOTSOCK
#define ENOTSOCK        88
#define EDESTADDRREQ    89
#define EMSGSIZE        90
#define EPROTOTYPE      91
#define ENOPROTOOPT     92
#define EPROTONOSUPPORT 93
#define ESOCKTNOSUPPORT 94
#define EOPNOTSUPP      95
#define EAFNOSUPPORT    97
#define EADDRINUSE      98
#define EADDRNOTAVAIL   99
#define ENETDOWN       100
#define ENETUNREACH    101
#define ECONNABORTED   103
#define ECONNRESET     104
#define ENOBUFS        105
#define EISCONN        106
#define ENOTCONN       107
#define ECONNREFUSED   111
#define EHOSTUNREACH   113
#define EALREADY       114
#define EINPROGRESS    115
#endif

/* ---- system-call numbers (arch/x86/entry/syscalls/syscall_32.tbl) ---- */
#define NR_socket       359
#define NR_socketpair   360
#define NR_bind         361
#define NR_connect      362
#define NR_listen       363
#define NR_accept4      364
#define NR_getsockopt   365
#define NR_setsockopt   366
#define NR_getsockname  367
#define NR_getpeername  368
#define NR_sendto       369
#define NR_sendmsg      370
#define NR_recvfrom     371
#define NR_recvmsg      372
#define NR_shutdown     373

/* socketcall(call, args): the call numbers (linux/net.h SYS_*) */
enum {
	SC_SOCKET = 1, SC_BIND, SC_CONNECT, SC_LISTEN, SC_ACCEPT, SC_GETSOCKNAME,
	SC_GETPEERNAME, SC_SOCKETPAIR, SC_SEND, SC_RECV, SC_SENDTO, SC_RECVFROM,
	SC_SHUTDOWN, SC_SETSOCKOPT, SC_GETSOCKOPT, SC_SENDMSG, SC_RECVMSG,
	SC_ACCEPT4, SC_MAX = SC_ACCEPT4
};

/* ---- families, types, protocols ---- */
#define AF_UNIX   1
#define AF_INET   2
#define AF_NETLINK 16
#define AF_PACKET 17
#define SOCK_STREAM 1
#define SOCK_DGRAM  2
#define SOCK_RAW    3
#define SOCK_TYPE_MASK 0xF
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC  O_CLOEXEC
#define IPPROTO_IP   0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP  6
#define IPPROTO_UDP  17
#define IPPROTO_RAW  255
#define INADDR_ANY       0u
#define INADDR_BROADCAST 0xFFFFFFFFu

/* ---- options ---- */
#define SOL_SOCKET    1
#define SO_REUSEADDR  2
#define SO_TYPE       3
#define SO_ERROR      4
#define SO_BROADCAST  6
#define SO_SNDBUF     7
#define SO_RCVBUF     8
#define SO_KEEPALIVE  9
#define SO_LINGER     13
#define SO_REUSEPORT  15
#define SO_RCVTIMEO   20
#define SO_SNDTIMEO   21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL   38
#define SO_DOMAIN     39
#define IP_TOS        1
#define IP_TTL        2
#define IP_HDRINCL    3
#define TCP_NODELAY   1
#define TCP_MAXSEG    2

/* ---- message flags ---- */
#define MSG_OOB      0x1
#define MSG_PEEK     0x2
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2
#define POLLRDHUP 0x2000
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

/* ---- structures ---- */
struct linux_sockaddr_in {
	uint16_t family;           /* AF_INET */
	uint16_t port;             /* network order */
	uint32_t addr;             /* network order */
	uint8_t zero[8];
};
_Static_assert(sizeof(struct linux_sockaddr_in) == 16, "sockaddr_in layout");

struct linux_msghdr {
	uint32_t name, namelen;    /* user pointer, its length */
	uint32_t iov, iovlen;      /* user struct iovec[] */
	uint32_t control, controllen;
	uint32_t flags;
};
_Static_assert(sizeof(struct linux_msghdr) == 28, "msghdr layout");

struct linux_linger {
	int32_t onoff, seconds;
};

/* ---- interface and routing ioctls (linux/sockios.h) ---- */
#define SIOCADDRT      0x890B
#define SIOCDELRT      0x890C
#define SIOCGIFNAME    0x8910
#define SIOCGIFCONF    0x8912
#define SIOCGIFFLAGS   0x8913
#define SIOCSIFFLAGS   0x8914
#define SIOCGIFADDR    0x8915
#define SIOCSIFADDR    0x8916
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCSIFBRDADDR 0x891A
#define SIOCGIFNETMASK 0x891B
#define SIOCSIFNETMASK 0x891C
#define SIOCGIFMETRIC  0x891D
#define SIOCGIFMTU     0x8921
#define SIOCSIFMTU     0x8922
#define SIOCGIFHWADDR  0x8927
#define SIOCGIFINDEX   0x8933
#define SIOCGIFTXQLEN  0x8942
#define SIOCGIFMAP     0x8970
#define FIONREAD       0x541B

#define IFF_UP        0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK  0x8
#define IFF_RUNNING   0x40
#define IFF_MULTICAST 0x1000
#define ARPHRD_ETHER    1
#define ARPHRD_LOOPBACK 772
#define IFNAMSIZ 16

struct linux_sockaddr {
	uint16_t family;
	uint8_t data[14];
};

struct linux_ifreq {
	char name[IFNAMSIZ];
	union {
		struct linux_sockaddr addr;   /* ADDR, NETMASK, BRDADDR, HWADDR */
		int32_t ivalue;               /* FLAGS (short), MTU, INDEX, METRIC */
		uint8_t pad[16];              /* the biggest member: struct ifmap */
	} u;
};
_Static_assert(sizeof(struct linux_ifreq) == 32, "ifreq layout");

struct linux_ifconf {
	int32_t len;
	uint32_t buf;                     /* user struct ifreq[] */
};

struct linux_rtentry {
	uint32_t pad1;
	struct linux_sockaddr dst, gateway, genmask;
	uint16_t flags;
	int16_t pad2;
	uint32_t pad3, pad4;
	int16_t metric;
	uint32_t dev;                     /* user char *, or 0 */
	uint32_t mtu, window;
	uint16_t irtt;
};
_Static_assert(__builtin_offsetof(struct linux_rtentry, dev) == 68, "rtentry layout");
#define RTF_UP      0x1
#define RTF_GATEWAY 0x2
#define RTF_HOST    0x4

/* ---- AF_NETLINK and AF_PACKET addresses (linux/netlink.h, if_packet.h) ---- */
struct linux_sockaddr_nl {
	uint16_t family;                  /* AF_NETLINK */
	uint16_t pad;
	uint32_t pid;                     /* port id; 0: the kernel */
	uint32_t groups;                  /* multicast groups */
};
_Static_assert(sizeof(struct linux_sockaddr_nl) == 12, "sockaddr_nl layout");

struct linux_sockaddr_ll {
	uint16_t family;                  /* AF_PACKET */
	uint16_t protocol;                /* ETH_P_*, network order */
	int32_t ifindex;
	uint16_t hatype;                  /* ARPHRD_* */
	uint8_t pkttype;                  /* PACKET_* */
	uint8_t halen;
	uint8_t addr[8];
};
_Static_assert(sizeof(struct linux_sockaddr_ll) == 20, "sockaddr_ll layout");
#define ETH_P_ALL        0x0003
#define PACKET_HOST      0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define SOL_PACKET       263
#define SOL_NETLINK      270
#define IFF_LOWER_UP     0x10000

#endif /* GUEST_NET_LINUX_H */
