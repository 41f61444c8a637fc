/*
 * net.h - what the network tests (calls/net_*.c) share: the NIC the runner
 * attaches, the answer of a backend without interfaces, a small front end
 * of the two VMI rings (vmi/netring.h), and the ARP exchange with QEMU's
 * user-network gateway that proves a round trip.
 *
 * conformance/run.py boots every calls/net_* test with one virtio NIC on
 * QEMU's user network (restricted: nothing leaves QEMU): MAC
 * 52:54:00:12:34:56, the gateway 10.0.2.2 answering ARP (from MAC
 * 52:55:0a:00:02:02) and ICMP echo, and nothing sent unasked.  On a backend whose
 * VMI_FEAT_NET is clear, net_present() checks that every network call
 * answers -VMI_ENOSYS and the test reports SKIP; the runner then compares
 * the test only across the backends that ran it.
 */
#ifndef CONFORMANCE_NET_H
#define CONFORMANCE_NET_H

#include "../runtime/test.h"

static const uint8_t net_our_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t net_gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t net_our_ip[4] = { 10, 0, 2, 15 };
static const uint8_t net_gw_ip[4] = { 10, 0, 2, 2 };

#define NET_ARP_LEN   42u               /* Ethernet header + ARP for IPv4 */
#define NET_TX_RING   0
#define NET_RX_RING   1

/* The default addresses pvhv gives domain id's interface
 * (hypervisor/vif.c): the multi-domain network tests use them. */
static inline void net_dom_mac(uint32_t id, uint8_t *mac)
{
	uint32_t low = 0x3456u + id;
	mac[0] = 0x52, mac[1] = 0x54, mac[2] = 0x00, mac[3] = 0x12;
	mac[4] = (uint8_t)(low >> 8), mac[5] = (uint8_t)low;
}

static inline void net_dom_ip(uint32_t id, uint8_t *ip)
{
	ip[0] = 10, ip[1] = 0, ip[2] = 2, ip[3] = (uint8_t)(15 + id);
}

/* 1 if the backend has network interfaces; else check -VMI_ENOSYS and SKIP. */
static inline int net_present(void)
{
	struct vmi_net_info info;
	struct vmi_net_stats st;
	if (vmi_features() & VMI_FEAT_NET)
		return 1;
	CHECK_RET(vmi_net_count(), -VMI_ENOSYS);
	CHECK_RET(vmi_net_info(0, &info), -VMI_ENOSYS);
	CHECK_RET(vmi_net_attach(0, frame_alloc(), frame_alloc()), -VMI_ENOSYS);
	CHECK_RET(vmi_net_notify(0), -VMI_ENOSYS);
	CHECK_RET(vmi_net_stats(0, &st), -VMI_ENOSYS);
	test_skip("VMI_FEAT_NET clear: every network call answers -VMI_ENOSYS");
	return 0;
}

/* The guest's side of one ring. */
struct net_side {
	struct vmi_net_ring *ring;
	uint32_t pfn, req_prod, pushed, rsp_cons;
};

/* The guest's side of one attached interface. */
struct net {
	uint32_t dev;
	int port;
	struct net_side side[2];            /* NET_TX_RING, NET_RX_RING */
};

static volatile unsigned net_events;

static inline void net_on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	net_events++;
}

/* A fresh ring page with this magic (not yet attached). */
static inline struct vmi_net_ring *net_new_ring(uint32_t *pfn, uint32_t magic)
{
	*pfn = frame_alloc();
	struct vmi_net_ring *r = pfn_to_va(*pfn);
	r->magic = magic;
	r->version = VMI_NET_VERSION;
	return r;
}

/* Attach new rings to dev; the port's events are counted in net_events. */
static inline int net_open(struct net *n, uint32_t dev)
{
	*n = (struct net){ .dev = dev };
	n->side[NET_TX_RING].ring = net_new_ring(&n->side[NET_TX_RING].pfn, VMI_NET_TX_MAGIC);
	n->side[NET_RX_RING].ring = net_new_ring(&n->side[NET_RX_RING].pfn, VMI_NET_RX_MAGIC);
	n->port = vmi_net_attach(dev, n->side[NET_TX_RING].pfn, n->side[NET_RX_RING].pfn);
	if (n->port > 0 && n->port < VMI_NR_PORTS)
		event_set_handler((unsigned)n->port, net_on_event);
	/* Ask for the port at the first response of either ring, before any
	 * request: whether one came before the guest asked is then not a
	 * matter of timing (a backend may answer within the notify). */
	n->side[NET_TX_RING].ring->rsp_event = 1;
	n->side[NET_RX_RING].ring->rsp_event = 1;
	return n->port;
}

/* Write the next transmit request (not yet visible to the backend). */
static inline void net_tx(struct net *n, uint32_t id, uint32_t pfn, uint16_t offset,
			  uint16_t len, uint16_t flags)
{
	struct net_side *s = &n->side[NET_TX_RING];
	s->ring->ring[s->req_prod++ % VMI_NET_RING_SIZE].tx =
		(struct vmi_net_tx_request){ id, pfn, offset, len, flags, 0 };
}

/* Write the next receive buffer (not yet visible to the backend). */
static inline void net_post(struct net *n, uint32_t id, uint32_t pfn)
{
	struct net_side *s = &n->side[NET_RX_RING];
	s->ring->ring[s->req_prod++ % VMI_NET_RING_SIZE].rx = (struct vmi_net_rx_request){ id, pfn };
}

/* Publish both rings' requests; notify if the backend asked to be told of
 * either. */
static inline void net_push(struct net *n)
{
	int due = 0;
	for (int i = 0; i < 2; i++) {
		struct net_side *s = &n->side[i];
		uint32_t old = s->pushed;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		s->ring->req_prod = s->req_prod;
		s->pushed = s->req_prod;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		due |= VMI_NET_NEED_NOTIFY(s->ring->req_event, s->req_prod, old);
	}
	/* Whether a notify is due depends on the backend's progress: report
	 * only a failing one, so transcripts do not depend on timing. */
	if (due) {
		int rc = vmi_net_notify(n->dev);
		if (rc != 0)
			CHECK_RET(rc, 0);
	}
}

/* The next response of ring i, waiting for the port if there is none yet. */
static inline struct vmi_net_response net_take(struct net *n, int i)
{
	struct net_side *s = &n->side[i];
	unsigned long f = vmi_irq_save();
	for (;;) {
		if (s->ring->rsp_prod != s->rsp_cons)
			break;
		s->ring->rsp_event = s->rsp_cons + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (s->ring->rsp_prod != s->rsp_cons)
			break;
		vmi_sched_block();          /* until the port is pending */
		vmi_irq_enable();           /* its handler runs */
		vmi_irq_disable();
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	struct vmi_net_response r = s->ring->ring[s->rsp_cons++ % VMI_NET_RING_SIZE].rsp;
	vmi_irq_restore(f);
	return r;
}

/* One transmit request, pushed and waited for: its status. */
static inline int net_tx_sync(struct net *n, uint32_t pfn, uint16_t offset, uint16_t len,
			      uint16_t flags)
{
	net_tx(n, 0x77, pfn, offset, len, flags);
	net_push(n);
	struct vmi_net_response r = net_take(n, NET_TX_RING);
	return r.id == 0x77 ? r.status : -9999;
}

static inline void net_copy(uint8_t *to, const uint8_t *from, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		to[i] = from[i];
}

static inline int net_same(const uint8_t *a, const uint8_t *b, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The Internet checksum of len bytes (RFC 1071). */
static inline uint16_t net_csum(const uint8_t *p, uint32_t len)
{
	uint32_t s = 0;
	for (uint32_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static inline void net_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Write a UDP datagram of data bytes (byte i = seed + i) at p, from
 * (src MAC, IP, port) to (dst MAC, IP, port); its frame length. */
static inline uint16_t net_udp(uint8_t *p, const uint8_t *dst_mac, const uint8_t *src_mac,
			       const uint8_t *src_ip, const uint8_t *dst_ip, uint16_t sport,
			       uint16_t dport, uint16_t data, uint8_t seed)
{
	static const uint8_t hdr[12] = { 0x45, 0, 0, 0, 0x56, 0x78, 0, 0, 64, 17, 0, 0 };
	uint8_t *ip = p + 14, *udp = ip + 20;
	net_copy(p, dst_mac, 6);
	net_copy(p + 6, src_mac, 6);
	p[12] = 0x08, p[13] = 0x00;                   /* IPv4 */
	net_copy(ip, hdr, 12);
	net_put16(ip + 2, (uint16_t)(28 + data));
	net_copy(ip + 12, src_ip, 4);
	net_copy(ip + 16, dst_ip, 4);
	net_put16(ip + 10, net_csum(ip, 20));
	net_put16(udp, sport);
	net_put16(udp + 2, dport);
	net_put16(udp + 4, (uint16_t)(8 + data));
	net_put16(udp + 6, 0);                        /* no checksum */
	for (uint32_t i = 0; i < data; i++)
		udp[8 + i] = (uint8_t)(seed + i);
	return (uint16_t)(42 + data);
}

/* Write an ARP request "who has 10.0.2.2, tell 10.0.2.15" at p. */
static inline void net_arp_request(uint8_t *p)
{
	static const uint8_t arp_ipv4[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };  /* request */
	for (int i = 0; i < 6; i++)
		p[i] = 0xFF;                              /* broadcast */
	net_copy(p + 6, net_our_mac, 6);
	p[12] = 0x08, p[13] = 0x06;                   /* ARP */
	net_copy(p + 14, arp_ipv4, 8);
	net_copy(p + 22, net_our_mac, 6);             /* sender */
	net_copy(p + 28, net_our_ip, 4);
	for (int i = 0; i < 6; i++)
		p[32 + i] = 0;                            /* target: unknown */
	net_copy(p + 38, net_gw_ip, 4);
}

/* Is the frame of len bytes at p the gateway's ARP reply to us? */
static inline int net_is_arp_reply(const uint8_t *p, int32_t len)
{
	static const uint8_t arp_ipv4[8] = { 0, 1, 8, 0, 6, 4, 0, 2 };  /* reply */
	return len >= (int32_t)NET_ARP_LEN && len <= (int32_t)(VMI_NET_ETH_HLEN + 1500) &&
	       net_same(p, net_our_mac, 6) && net_same(p + 6, net_gw_mac, 6) &&
	       p[12] == 0x08 && p[13] == 0x06 && net_same(p + 14, arp_ipv4, 8) &&
	       net_same(p + 22, net_gw_mac, 6) && net_same(p + 28, net_gw_ip, 4) &&
	       net_same(p + 32, net_our_mac, 6) && net_same(p + 38, net_our_ip, 4);
}

/* The interface's counters (zeroed if the call fails, which is checked). */
static inline struct vmi_net_stats net_stats(uint32_t dev)
{
	struct vmi_net_stats st = { 0 };
	int rc = vmi_net_stats(dev, &st);
	if (rc != 0)
		CHECK_RET(rc, 0);
	return st;
}

#endif /* CONFORMANCE_NET_H */
