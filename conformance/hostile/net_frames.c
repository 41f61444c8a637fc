/*
 * hostile/net_frames - attack: spoofed and malformed frames, and the
 * control plane from an unprivileged domain; containment: each refused
 * with its own response and counted, nothing of them reaches the peer,
 * the peer's data intact.
 *
 * Run with net_frames.domains.  The attacker (domain 1: 52:54:00:12:34:57,
 * 10.0.2.16) sends to the peer (domain 0): frames from the peer's MAC, a
 * broadcast MAC or its own MAC with the peer's or an unassigned IPv4
 * address, ARP naming the peer's address or MAC as sender - each
 * -VMI_EPERM (anti-spoofing), and from 0.0.0.0 anything but a DHCP
 * request - UDP 68 -> 67 to the peer rather than broadcast, to port 68 or
 * from port 1234 broadcast, TCP 68 -> 67 broadcast - each -VMI_EPERM too
 * (the DHCP request itself is dom0's udhcpc in system/net_ip); IPv4 shorter than its header, with a header
 * length below 5 words or past the frame, a total length past the frame,
 * a version not 4, UDP whose ports are cut off, ARP cut off or with a
 * wrong address length - each -VMI_EINVAL; then one good datagram
 * (VMI_NET_OK).  It tries every network control call and raw
 * HC_NETIF_OP control op (-VMI_EPERM), a bad op (-VMI_EINVAL) and
 * hypervisor pointers (-VMI_EFAULT).  The peer checks that exactly the
 * good datagram arrived, intact, and that the attacker's interface counted
 * the spoofs and refusals.
 */
#include "../calls/net.h"
#include "raw_hypercall.h"

const char test_title[] = "spoofed and malformed frames are refused and counted";

#define NBUF      8u
#define N_SPOOF   10u
#define N_BAD     8u
#define HV_PTR    0xFF000000u

static uint8_t mac[2][6], ip[2][4];
static volatile unsigned got;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	got++;
}

static uint16_t udp_to_peer(uint8_t *p, const uint8_t *src_mac, const uint8_t *src_ip)
{
	return net_udp(p, mac[0], src_mac, src_ip, ip[0], 1234, 9, 64, 0x33);
}

static void spoofs(struct net *n, uint32_t f)
{
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const uint8_t nobody[4] = { 10, 0, 2, 99 };
	uint8_t *p = pfn_to_va(f);
	uint16_t l;

	l = udp_to_peer(p, mac[0], ip[0]);                       /* the peer's MAC and IP */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = udp_to_peer(p, mac[1], ip[0]);                       /* the peer's IP */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = udp_to_peer(p, mac[1], nobody);                      /* nobody's IP */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = udp_to_peer(p, bcast, ip[1]);                        /* a broadcast source */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	net_arp_request(p);                                      /* as domain 0's */
	net_copy(p + 6, mac[1], 6);
	net_copy(p + 22, mac[1], 6);
	net_copy(p + 28, ip[0], 4);
	CHECK_RET(net_tx_sync(n, f, 0, NET_ARP_LEN, 0), -VMI_EPERM);
	net_copy(p + 22, mac[0], 6);                             /* sender MAC the peer's */
	net_copy(p + 28, ip[1], 4);
	CHECK_RET(net_tx_sync(n, f, 0, NET_ARP_LEN, 0), -VMI_EPERM);
}

/* What 0.0.0.0 may not send: only a DHCP request may leave without an address. */
static void dhcp_spoofs(struct net *n, uint32_t f)
{
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const uint8_t any[4], all[4] = { 255, 255, 255, 255 };
	uint8_t *p = pfn_to_va(f);
	uint16_t l;

	l = net_udp(p, mac[0], mac[1], any, ip[0], 68, 67, 64, 0x44);   /* unicast */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = net_udp(p, bcast, mac[1], any, all, 68, 68, 64, 0x44);      /* to a client port */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = net_udp(p, bcast, mac[1], any, all, 1234, 67, 64, 0x44);    /* not from 68 */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
	l = net_udp(p, bcast, mac[1], any, all, 68, 67, 64, 0x44);
	p[23] = 6;                                               /* TCP, not UDP */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EPERM);
}

static void malformed(struct net *n, uint32_t f)
{
	uint8_t *p = pfn_to_va(f);
	uint16_t l = udp_to_peer(p, mac[1], ip[1]);

	CHECK_RET(net_tx_sync(n, f, 0, 20, 0), -VMI_EINVAL);     /* IPv4 cut off */
	p[14] = 0x44;                                            /* header of 4 words */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EINVAL);
	p[14] = 0x4F;                                            /* 60 bytes: past the frame */
	CHECK_RET(net_tx_sync(n, f, 0, 60, 0), -VMI_EINVAL);
	p[14] = 0x45;
	net_put16(p + 16, 2000);                                 /* total past the frame */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EINVAL);
	net_put16(p + 16, 22);                                   /* ports cut off */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EINVAL);
	udp_to_peer(p, mac[1], ip[1]);
	p[14] = 0x65;                                            /* version 6 */
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), -VMI_EINVAL);
	net_arp_request(p);
	net_copy(p + 6, mac[1], 6);
	net_copy(p + 22, mac[1], 6);
	net_copy(p + 28, ip[1], 4);
	CHECK_RET(net_tx_sync(n, f, 0, 30, 0), -VMI_EINVAL);     /* ARP cut off */
	p[18] = 8;                                               /* hardware length 8 */
	CHECK_RET(net_tx_sync(n, f, 0, NET_ARP_LEN, 0), -VMI_EINVAL);
}

static void control(void)
{
	struct vmi_vif_info i;
	struct vmi_vfr_rule r = { .vif = VMI_VFR_ANY_VIF, .action = VMI_VFR_DROP };

	CHECK_RET(vmi_vif_info(0, 0, &i), -VMI_EPERM);
	CHECK_RET(vmi_vif_info(1, 0, &i), -VMI_EPERM);
	CHECK_RET(vmi_vif_set(1, 0, &(struct vmi_vif_config){ .mask = VMI_VIF_SET_CREDIT }),
		  -VMI_EPERM);
	CHECK_RET(vmi_vfr_rule_get(VMI_VFR_DEFAULT, &r), -VMI_EPERM);
	CHECK_RET(vmi_vfr_rule_set(VMI_VFR_POLICY, 0, &r), -VMI_EPERM);
	CHECK_RET(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &r), -VMI_EPERM);
	for (uint32_t op = NETOP_VIF_INFO; op <= NETOP_RULE_SET; op++)
		CHECK_RET(hc(HC_NETIF_OP, op, 0, 0), -VMI_EPERM);
	CHECK_RET(hc(HC_NETIF_OP, 99, 0, 0), -VMI_EINVAL);
	CHECK_RET(hc(HC_NETIF_OP, NETOP_INFO, 0, HV_PTR), -VMI_EFAULT);
	CHECK_RET(hc(HC_NETIF_OP, NETOP_STATS, 0, HV_PTR), -VMI_EFAULT);
	CHECK_RET(hc(HC_NETIF_OP, NETOP_STATS, 1, 0), -VMI_ENOENT);
}

static void wait_event(unsigned n)
{
	vmi_irq_disable();
	while (got < n) {
		vmi_safe_halt();
		vmi_irq_disable();
	}
}

static void attacker(struct net *n, int port)
{
	uint32_t f = frame_alloc();

	wait_event(1);                                           /* the peer is ready */
	printf("attack: spoofed source addresses\n");
	spoofs(n, f);
	dhcp_spoofs(n, f);
	printf("attack: malformed frames\n");
	malformed(n, f);
	printf("attack: the network control plane\n");
	control();
	uint16_t l = udp_to_peer(pfn_to_va(f), mac[1], ip[1]);
	CHECK_RET(net_tx_sync(n, f, 0, l, 0), VMI_NET_OK);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_dropped, N_SPOOF);
	CHECK_EQ(st.tx_errors, N_BAD);
	CHECK_EQ(st.tx_packets, 1);
	CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);           /* done */
	wait_event(2);                                           /* the peer has read our counters */
}

static void peer(struct net *n, int port)
{
	uint32_t buf[NBUF];
	struct vmi_vif_info i;
	uint8_t want[42 + 64];
	int rc;

	for (uint32_t k = 0; k < NBUF; k++) {
		buf[k] = frame_alloc();
		net_post(n, k, buf[k]);
	}
	net_push(n);
	while ((rc = vmi_evtchn_send((uint32_t)port)) == -VMI_ENOTCONN)
		vmi_sched_yield();                               /* not bound yet */
	CHECK_RET(rc, 0);                                        /* ready */
	wait_event(1);                                           /* the attacker is done */
	struct vmi_net_response r = net_take(n, NET_RX_RING);
	udp_to_peer(want, mac[1], ip[1]);
	CHECK(r.id < NBUF && r.status == (int32_t)sizeof want);
	if (r.id < NBUF && r.status == (int32_t)sizeof want)
		CHECK(net_same(pfn_to_va(buf[r.id]), want, sizeof want));
	CHECK_EQ(n->side[NET_RX_RING].ring->rsp_prod, 1);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.rx_packets, 1);
	CHECK_EQ(st.rx_dropped + st.rx_errors, 0);
	CHECK_RET(vmi_vif_info(1, 0, &i), 0);
	CHECK_EQ(i.spoofed, N_SPOOF);
	CHECK_EQ(i.st.tx_dropped, N_SPOOF);
	CHECK_EQ(i.st.tx_errors, N_BAD);
	CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);           /* bye */
}

void test_main(void)
{
	struct net n;
	int me = test_has_word("name=attacker"), port;

	if (!net_present())
		return;
	for (int i = 0; i < 2; i++) {
		net_dom_mac((uint32_t)i, mac[i]);
		net_dom_ip((uint32_t)i, ip[i]);
	}
	if (me == 0) {                      /* the peer's first port: before the VIF's */
		port = vmi_evtchn_alloc_unbound(1);
	} else {
		while ((port = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
			vmi_sched_yield();          /* not offered yet */
	}
	CHECK(port > 0);
	event_set_handler((unsigned)port, on_event);
	CHECK(net_open(&n, 0) > 0);
	if (me == 0)
		peer(&n, port);
	else
		attacker(&n, port);
	vmi_irq_disable();
}
