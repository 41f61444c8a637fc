/*
 * system/net_peers - two domains talk through the VFR: domain 0 ("a")
 * sends UDP datagrams built here to domain 1 ("b") at port 7; b answers
 * each with the same data, addresses and ports swapped.  Frames go VIF to
 * VIF (copied by the hypervisor into the buffers the receiver posted),
 * with the default addresses pvhv gives each domain (net.h).
 *
 * Checks on a: every reply comes from b's MAC and IP, to a's, from port 7
 * to a's port, with the data intact.  A rule a installs (it is the
 * privileged domain) dropping UDP to port 7777 is honoured: that datagram
 * is refused -VMI_EPERM, counted in the rule's hits, and never reaches b.
 * Checks on b: it received exactly the datagrams to port 7 and answered
 * them all (VMI_NET_OK), and nothing else.  The two meet on an event
 * channel once both have posted their receive buffers.  b's command line
 * carries the default address the hypervisor gave it (ip=10.0.2.16/24
 * gw=10.0.2.2, for its stack), a's none (10.0.2.15 is the guest's own).
 */
#include "../calls/net.h"

const char test_title[] = "network: two domains exchange UDP through the VFR, a rule drops a port";

#define ROUNDS   20u
#define NBUF     16u
#define PORT     7
#define BLOCKED  7777
#define LAST     0xEE                   /* seed of the last datagram */

static uint8_t mac[2][6], ip[2][4];
static uint32_t bufs[NBUF];
static volatile unsigned got;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	got++;
}

static void post_all(struct net *n)
{
	for (uint32_t i = 0; i < NBUF; i++) {
		bufs[i] = frame_alloc();
		net_post(n, i, bufs[i]);
	}
	net_push(n);
}

/* The next received frame (its buffer posted again afterwards). */
static const uint8_t *receive(struct net *n, int32_t *len, uint32_t *id)
{
	struct vmi_net_response r = net_take(n, NET_RX_RING);
	*len = r.status;
	*id = r.id;
	return r.id < NBUF && r.status > 0 ? pfn_to_va(bufs[r.id]) : NULL;
}

static void repost(struct net *n, uint32_t id)
{
	net_post(n, id, bufs[id]);
	net_push(n);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Is p (len bytes) a datagram from (from) to (to) with ports and data? */
static int datagram_ok(const uint8_t *p, int32_t len, int from, int to, uint16_t sport,
		       uint16_t dport, uint16_t data, uint8_t seed)
{
	if (!p || len != 42 + data || !net_same(p, mac[to], 6) || !net_same(p + 6, mac[from], 6) ||
	    !net_same(p + 26, ip[from], 4) || !net_same(p + 30, ip[to], 4) ||
	    get16(p + 34) != sport || get16(p + 36) != dport || net_csum(p + 14, 20) != 0)
		return 0;
	for (uint32_t i = 0; i < data; i++)
		if (p[42 + i] != (uint8_t)(seed + i))
			return 0;
	return 1;
}

static void sender(struct net *n, int port)
{
	struct vmi_vfr_rule drop = { .dport = BLOCKED, .dport_mask = 0xFFFF,
				     .vif = VMI_VFR_ANY_VIF, .proto = VMI_VFR_PROTO_UDP,
				     .action = VMI_VFR_DROP }, r;
	uint32_t frame = frame_alloc(), bad = 0, id;
	uint8_t *p = pfn_to_va(frame);
	int32_t len;

	CHECK_RET(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &drop), 0);
	vmi_irq_disable();
	while (got == 0) {                   /* b is ready */
		vmi_safe_halt();
		vmi_irq_disable();
	}
	for (uint32_t k = 0; k < ROUNDS; k++) {
		uint16_t data = (uint16_t)(1 + k * 71), sport = (uint16_t)(4000 + k);
		uint16_t l = net_udp(p, mac[1], mac[0], ip[0], ip[1], sport, PORT, data, (uint8_t)k);
		CHECK_RET(net_tx_sync(n, frame, 0, l, 0), VMI_NET_OK);
		const uint8_t *q = receive(n, &len, &id);
		bad += !datagram_ok(q, len, 1, 0, PORT, sport, data, (uint8_t)k);
		repost(n, id);
	}
	CHECK_EQ(bad, 0);
	uint16_t l = net_udp(p, mac[1], mac[0], ip[0], ip[1], 5000, BLOCKED, 16, 0);
	CHECK_RET(net_tx_sync(n, frame, 0, l, 0), -VMI_EPERM);
	l = net_udp(p, mac[1], mac[0], ip[0], ip[1], 5001, PORT, 3, LAST);
	CHECK_RET(net_tx_sync(n, frame, 0, l, 0), VMI_NET_OK);
	const uint8_t *q = receive(n, &len, &id);
	CHECK(datagram_ok(q, len, 1, 0, PORT, 5001, 3, LAST));
	CHECK_EQ(vmi_vfr_rule_get(0, &r), 1);
	CHECK_EQ(r.hits, 1);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_packets, ROUNDS + 1);
	CHECK_EQ(st.tx_dropped, 1);
	CHECK_EQ(st.rx_packets, ROUNDS + 1);
	CHECK_EQ(st.rx_dropped, 0);
	(void)port;
}

static void echo(struct net *n, int port)
{
	uint32_t frame = frame_alloc(), answered = 0, bad = 0, id;
	uint8_t *p = pfn_to_va(frame);
	int32_t len;

	CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);   /* ready */
	for (;;) {
		const uint8_t *q = receive(n, &len, &id);
		if (!q || len < 42 || len > 1514 || get16(q + 36) != PORT) {
			bad++;
			break;
		}
		uint16_t data = (uint16_t)(len - 42);
		net_copy(p, q, (uint32_t)len);
		net_udp(p, mac[0], mac[1], ip[1], ip[0], PORT, get16(q + 34), data, q[42]);
		bad += !datagram_ok(q, len, 0, 1, get16(q + 34), PORT, data, q[42]);
		CHECK_RET(net_tx_sync(n, frame, 0, (uint16_t)len, 0), VMI_NET_OK);
		answered++;
		repost(n, id);
		if (data == 3 && q[42] == LAST)
			break;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(answered, ROUNDS + 1);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.rx_packets, ROUNDS + 1);
	CHECK_EQ(st.tx_packets, ROUNDS + 1);
	CHECK_EQ(st.rx_dropped + st.rx_errors + st.tx_errors + st.tx_dropped, 0);
}

void test_main(void)
{
	struct net n;
	int me = test_has_word("name=b"), port;

	if (!net_present())
		return;
	for (int i = 0; i < 2; i++) {
		net_dom_mac((uint32_t)i, mac[i]);
		net_dom_ip((uint32_t)i, ip[i]);
	}
	if (me == 0) {                      /* a's first port: before the VIF's */
		port = vmi_evtchn_alloc_unbound(1);
	} else {
		while ((port = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
			vmi_sched_yield();          /* a has not offered it yet */
	}
	CHECK(port > 0);
	event_set_handler((unsigned)port, on_event);
	CHECK(net_open(&n, 0) > 0);
	post_all(&n);
	CHECK_EQ(test_has_word("ip=10.0.2.16/24") && test_has_word("gw=10.0.2.2"), me);
	CHECK_EQ(test_has_word("ip=10.0.2.15/24"), 0);
	if (me == 0)
		sender(&n, port);
	else
		echo(&n, port);
	vmi_irq_disable();
}
