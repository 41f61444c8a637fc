/*
 * net.h - the guest kernel's network stack: interfaces, Ethernet, ARP,
 * IPv4 routing, ICMP, UDP and the socket layer, and what they share.
 *
 * Where work runs.  The kernel is not preemptible and event handlers only
 * wake: a network device's event handler just marks its device pending.
 * Receive processing (frames off the rings, loopback packets, ARP and TCP
 * timers) runs in net_work(), which the scheduler loop calls on every pass
 * with events masked - that is, whenever a process sleeps, yields or the
 * tick ends its slice, and when the idle processor wakes.  So protocol
 * code never runs nested inside a system call's use of the same state
 * (tcp.h's rule), and a receive flood is bounded by the pass's budget and
 * by the buffers we re-post (the ring's livelock defence).  System calls
 * only transmit: ip_output goes straight to the device's transmit ring.
 *
 * Addresses and ports are in host byte order inside the stack; packets are
 * in wire order and read with get16/get32.
 */
#ifndef GUEST_NET_H
#define GUEST_NET_H

#include <stdint.h>
#include "net/net_linux.h"
#include "net/tcp.h"                 /* ip_output, inet_pseudo_checksum ... */

struct vmi_boot_info;

#define ETH_ALEN   6
#define ETH_HLEN   14
#define ETH_P_IP   0x0800
#define ETH_P_ARP  0x0806
#define IP_HLEN    20
#define NETIF_MAX  4                 /* lo + up to 3 NICs */
#define NET_PKT_MAX 1514             /* one Ethernet frame */

/* ---- wire-order access ---- */
static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline uint16_t bswap16(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static inline uint32_t bswap32(uint32_t v) { return __builtin_bswap32(v); }

/* ---- interfaces (netif.c) ---- */
struct netif_stats {
	uint64_t rx_packets, rx_bytes, rx_dropped, rx_errors;
	uint64_t tx_packets, tx_bytes, tx_dropped, tx_errors;
};

struct netif {
	char name[IFNAMSIZ];
	int index;                       /* ifindex: lo 1, eth0 2, ... */
	uint8_t mac[ETH_ALEN];
	uint32_t mtu, mtu_max;           /* mtu_max: what the device can send */
	uint32_t flags;                  /* IFF_* */
	uint32_t addr, mask;             /* 0: no address */
	/* Send one frame: an Ethernet header to dst (type) before payload.
	 * 0 or -ENOBUFS (dropped, counted). */
	int (*xmit)(struct netif *nif, const uint8_t *dst, uint16_t type,
		    const void *payload, uint32_t len);
	/* Tell the backend of the frames xmit queued during a transmit batch
	 * (null: xmit tells it of each at once). */
	void (*flush)(struct netif *nif);
	void *drv;
	struct netif_stats st;
};

struct netif *netif_add(const char *name);        /* null if the table is full */
struct netif *netif_at(int i);                    /* 0..NETIF_MAX-1, null if none */
struct netif *netif_by_name(const char *name);
struct netif *netif_by_index(int index);
struct netif *netif_by_addr(uint32_t addr);       /* one of ours, up */
int netif_is_local(uint32_t addr);                /* ours, 127/8, or broadcast */
/* Give nif an address: replaces its connected route. */
void netif_set_addr(struct netif *nif, uint32_t addr, uint32_t mask);
void netif_set_up(struct netif *nif, int up);    /* IFF_UP; down forgets its ARP entries */
int netif_set_mtu(struct netif *nif, uint32_t mtu);  /* 68..mtu_max, else -EINVAL */
#define IP_MIN_MTU 68                    /* RFC 791: every IPv4 link carries 68 */
/*
 * Transmit batches: between net_tx_batch_begin and its end (they nest)
 * devices queue frames without notifying their backend; the outermost end
 * flushes every device once.  So a receive pass's ACKs, or the segments
 * one send() releases, cost one notification (one hypercall on pvhv), not
 * one each.  A batch never spans a sleep: frames wait at most until the
 * code that queued them is done.
 */
void net_tx_batch_begin(void);
void net_tx_batch_end(void);
int net_tx_batching(void);

/* ---- devices ---- */
void netdev_vmi_init(void);                       /* netdev_vmi.c: eth0, ... */
int netdev_vmi_work(int budget);                  /* 1: frames left over */
void loopback_init(void);                         /* loopback.c: lo */
int loopback_work(int budget);                    /* 1: packets left over */

/* ---- the work loop and clock (net_work.c) ---- */
void net_stack_init(const struct vmi_boot_info *bi);    /* at boot, after the file layer */
int net_work(void);                               /* scheduler loop: 1 if more to do */
uint64_t net_deadline_ns(void);                   /* earliest timer, 0 if none */
void net_kick(void);                              /* an event: work is pending */
uint64_t net_now_ms(void);

/* ---- Ethernet and ARP (ether.c, arp.c) ---- */
void ether_input(struct netif *nif, const uint8_t *frame, uint32_t len);
/* An IP packet to next hop nh on nif: resolved, queued while resolving. */
int ether_output(struct netif *nif, uint32_t nh, const void *pkt, uint32_t len);
void arp_input(struct netif *nif, const uint8_t *p, uint32_t len);
int arp_resolve(struct netif *nif, uint32_t ip, uint8_t *mac);  /* 1 known, 0 not */
int arp_queue(struct netif *nif, uint32_t ip, const void *pkt, uint32_t len);
void arp_timer(uint64_t now);
uint64_t arp_deadline(void);                      /* ms, 0 if none */
void arp_flush_netif(struct netif *nif);
int arp_text(char *buf, uint32_t n);              /* /proc/net/arp */
struct arp_view {                                 /* one cache entry, as shown */
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
	struct netif *nif;
	int valid;                                    /* 0: still resolving */
};
int arp_at(int i, struct arp_view *v);            /* slot i: 1 and *v, 0 if free, -1 past the end */

/* ---- routing (route.c) ---- */
struct route {
	uint32_t dst, mask, gw;
	struct netif *nif;
	uint16_t flags;                  /* RTF_* */
	int16_t metric;
	int used;
};
#define ROUTE_MAX 16
/* The route toward dst (longest prefix), or null. */
const struct route *route_lookup(uint32_t dst);
int route_add(uint32_t dst, uint32_t mask, uint32_t gw, struct netif *nif, int metric);
int route_del(uint32_t dst, uint32_t mask, uint32_t gw, struct netif *nif);
void route_del_netif(struct netif *nif, int connected_only);
const struct route *route_at(int i);              /* 0..ROUTE_MAX-1, null if free */
int route_text(char *buf, uint32_t n);            /* /proc/net/route */

/* ---- IPv4 and ICMP (ip.c, icmp.c, checksum.c) ---- */
void ip_input(struct netif *nif, const uint8_t *pkt, uint32_t len);
int ip_output_hdrincl(const void *pkt, uint32_t len);   /* IPPROTO_RAW */
uint16_t inet_checksum(const void *data, uint32_t len);
uint32_t inet_sum(const void *data, uint32_t len, uint32_t sum);   /* unfolded */
uint16_t inet_fold(uint32_t sum);
void icmp_input(uint32_t src, uint32_t dst, const uint8_t *ip, uint32_t iplen,
		const uint8_t *msg, uint32_t len);
/* An ICMP error (type, code) about the packet ip (its header + 8 bytes). */
void icmp_error(int type, int code, const uint8_t *ip, uint32_t len);
#define ICMP_ECHOREPLY   0
#define ICMP_UNREACH     3
#define ICMP_ECHO        8
#define ICMP_TIMXCEED   11
#define ICMP_PORT_UNREACH 3

/* ---- sockets' protocol entry points (udp.c, raw.c, socket.c) ---- */
void udp_input(uint32_t src, uint32_t dst, const uint8_t *ip, uint32_t iplen,
	       const uint8_t *seg, uint32_t len);
/* ICMP said the datagram ip (header + 8 bytes) failed with err. */
void udp_error(const uint8_t *ip, uint32_t len, int err);
void raw_input(uint32_t src, const uint8_t *ip, uint32_t iplen);  /* ICMP to raw */
int ping_input(uint32_t src, const uint8_t *msg, uint32_t len);   /* 1: taken */
int udp_text(char *buf, uint32_t n);              /* /proc/net/udp */
int tcp_text(char *buf, uint32_t n);              /* /proc/net/tcp */
int netdev_text(char *buf, uint32_t n);           /* /proc/net/dev */
int net_ifioctl(uint32_t cmd, uint32_t arg);      /* net_ioctl.c: SIOC* */
/* packet.c: a copy of a frame nif accepted for each AF_PACKET socket it matches */
void packet_input(struct netif *nif, const uint8_t *frame, uint32_t len);

#endif /* GUEST_NET_H */
