/*
 * net_vfr - the network part of the control group (ABI 1.6): vif_info,
 * vif_set, vfr_rule_get, vfr_rule_set.
 *
 * Without a control plane (natively) every call is -VMI_ENOSYS.  On pvhv,
 * where this test is domain 0 and privileged: its VIF has the default
 * addresses (52:54:00:12:34:56, 10.0.2.15/24), no credit, is not attached
 * and counts nothing; bad indexes and domains are refused.  The rule
 * table starts empty with the default policy ACCEPT; bad rules and ops are
 * refused.  With a COUNT rule for ARP and a DROP rule for UDP to port 9
 * toward the NIC: the gateway's ARP exchange still works (counted both
 * ways), the UDP datagram is refused -VMI_EPERM and counted in tx_dropped
 * and in its rule's hits.  vif_set refuses bad masks, MACs and prefixes;
 * a new IP makes the old one a spoof (-VMI_EPERM, counted in spoofed); a
 * DROP default policy refuses the ARP request.  Which case ran goes to an
 * env: line only, so the transcripts match.
 */
#include "net.h"

const char test_title[] = "network control: VIF info and settings, VFR rules";

static unsigned errors;

#define EXPECT(cond) do { if (!(cond)) { errors++; \
	test_env("failed: %s (line %d)", #cond, __LINE__); } } while (0)

static void without(void)
{
	struct vmi_vif_info i;
	struct vmi_vfr_rule r = { 0 };

	EXPECT(vmi_vif_info(0, 0, &i) == -VMI_ENOSYS);
	EXPECT(vmi_vif_set(0, 0, &(struct vmi_vif_config){ 0 }) == -VMI_ENOSYS);
	EXPECT(vmi_vfr_rule_get(0, &r) == -VMI_ENOSYS);
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &r) == -VMI_ENOSYS);
}

static void defaults(void)
{
	struct vmi_vif_info i;
	struct vmi_vfr_rule r;

	memset(&i, 0xAA, sizeof i);
	EXPECT(vmi_vif_info(0, 0, &i) == 0);
	EXPECT(i.domid == 0 && net_same(i.mac, net_our_mac, 6) && i.ip == 0x0A00020Fu);
	EXPECT(i.prefix == 24 && i.credit == 0 && i.flags == 0 && i.spoofed == 0);
	EXPECT(i.st.magic == VMI_NET_STATS_MAGIC && i.st.tx_packets == 0 && i.st.rx_packets == 0);
	EXPECT(vmi_vif_info(0, 1, &i) == -VMI_ENOENT);
	EXPECT(vmi_vif_info(7, 0, &i) == -VMI_ESRCH);
	EXPECT(vmi_vif_info(100000, 0, &i) == -VMI_ESRCH);
	EXPECT(vmi_vif_info(0, 0, (struct vmi_vif_info *)0xFFFFF000u) == -VMI_EFAULT);
	EXPECT(vmi_vfr_rule_get(0, &r) == -VMI_ENOENT);
	EXPECT(vmi_vfr_rule_get(VMI_VFR_DEFAULT, &r) == 0 && r.action == VMI_VFR_ACCEPT);
}

static void bad_rules(void)
{
	struct vmi_vfr_rule r = { .vif = VMI_VFR_ANY_VIF };

	EXPECT(vmi_vfr_rule_set(3, 0, &r) == -VMI_EINVAL);
	EXPECT(vmi_vfr_rule_set(VMI_VFR_DEL, 0, &r) == -VMI_ENOENT);
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, NULL) == -VMI_EFAULT);
	r.proto = 6;
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &r) == -VMI_EINVAL);
	r.proto = VMI_VFR_PROTO_ANY, r.action = 3;
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &r) == -VMI_EINVAL);
	r.action = VMI_VFR_ACCEPT, r.vif = 0x8000;
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &r) == -VMI_EINVAL);
	r.vif = VMI_VFR_ANY_VIF, r.action = VMI_VFR_COUNT;
	EXPECT(vmi_vfr_rule_set(VMI_VFR_POLICY, 0, &r) == -VMI_EINVAL);
	EXPECT(vmi_vfr_rule_get(0, &r) == -VMI_ENOENT);
}

/* One frame sent and waited for: its status. */
static int send(struct net *n, uint32_t frame, uint16_t len)
{
	return net_tx_sync(n, frame, 0, len, 0);
}

static void rules_at_work(struct net *n, uint32_t frame, uint32_t buf)
{
	struct vmi_vfr_rule drop = { .dport = 9, .dport_mask = 0xFFFF, .vif = VMI_VFR_NIC,
				     .proto = VMI_VFR_PROTO_UDP, .action = VMI_VFR_DROP };
	struct vmi_vfr_rule count = { .vif = VMI_VFR_ANY_VIF, .proto = VMI_VFR_PROTO_ARP,
				      .action = VMI_VFR_COUNT }, r;
	uint8_t *p = pfn_to_va(frame);

	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 5, &drop) == 0);      /* appended */
	EXPECT(vmi_vfr_rule_set(VMI_VFR_ADD, 0, &count) == 0);     /* before it */
	EXPECT(vmi_vfr_rule_get(1, &r) == 2 && r.action == VMI_VFR_DROP && r.dport == 9);

	net_post(n, 1, buf);
	net_arp_request(p);
	EXPECT(send(n, frame, NET_ARP_LEN) == VMI_NET_OK);
	struct vmi_net_response rx = net_take(n, NET_RX_RING);
	EXPECT(rx.id == 1 && net_is_arp_reply(pfn_to_va(buf), rx.status));
	uint16_t len = net_udp(p, net_gw_mac, net_our_mac, net_our_ip, net_gw_ip, 1000, 9, 32, 0);
	EXPECT(send(n, frame, len) == -VMI_EPERM);

	EXPECT(vmi_vfr_rule_get(0, &r) == 2 && r.hits == 2);       /* ARP out and in */
	EXPECT(vmi_vfr_rule_get(1, &r) == 2 && r.hits == 1);
	EXPECT(vmi_vfr_rule_get(VMI_VFR_DEFAULT, &r) == 2 && r.hits == 2);
	struct vmi_vif_info i;
	EXPECT(vmi_vif_info(0, 0, &i) == 0 && (i.flags & VMI_VIF_ATTACHED));
	EXPECT(i.st.tx_packets == 1 && i.st.tx_dropped == 1 && i.st.rx_packets == 1);
	EXPECT(vmi_vfr_rule_set(VMI_VFR_DEL, 1, NULL) == 0);
	EXPECT(vmi_vfr_rule_set(VMI_VFR_DEL, 0, NULL) == 0);
	EXPECT(vmi_vfr_rule_get(0, &r) == -VMI_ENOENT);
}

static void settings(struct net *n, uint32_t frame)
{
	struct vmi_vif_config c = { .mask = 8 };
	struct vmi_vif_info i;
	struct vmi_vfr_rule pol = { .action = VMI_VFR_DROP };

	EXPECT(vmi_vif_set(0, 0, &c) == -VMI_EINVAL);
	c = (struct vmi_vif_config){ .mask = VMI_VIF_SET_MAC, .mac = { 1, 2, 3, 4, 5, 6 } };
	EXPECT(vmi_vif_set(0, 0, &c) == -VMI_EINVAL);                  /* multicast */
	c = (struct vmi_vif_config){ .mask = VMI_VIF_SET_MAC, .mac = { 0x52, 0x54, 0, 0x12, 0x34, 0x57 } };
	EXPECT(vmi_vif_set(0, 0, &c) == 0);
	c = (struct vmi_vif_config){ .mask = VMI_VIF_SET_IP, .ip = 0x0A000263u, .prefix = 33 };
	EXPECT(vmi_vif_set(0, 0, &c) == -VMI_EINVAL);
	c.prefix = 24;
	c.mask |= VMI_VIF_SET_CREDIT;
	c.credit = 1000000;
	EXPECT(vmi_vif_set(0, 0, &c) == 0);
	EXPECT(vmi_vif_set(0, 1, &c) == -VMI_ENOENT && vmi_vif_set(9, 0, &c) == -VMI_ESRCH);
	EXPECT(vmi_vif_info(0, 0, &i) == 0 && i.ip == 0x0A000263u && i.credit == 1000000);
	EXPECT(i.mac[5] == 0x57);

	/* the old addresses are now a spoof */
	net_arp_request(pfn_to_va(frame));
	EXPECT(send(n, frame, NET_ARP_LEN) == -VMI_EPERM);
	EXPECT(vmi_vif_info(0, 0, &i) == 0 && i.spoofed == 1 && i.st.tx_dropped == 2);
	c = (struct vmi_vif_config){ .mask = VMI_VIF_SET_MAC | VMI_VIF_SET_IP,
				     .mac = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, .ip = 0x0A00020Fu,
				     .prefix = 24 };
	EXPECT(vmi_vif_set(0, 0, &c) == 0);

	/* a default policy of DROP */
	EXPECT(vmi_vfr_rule_set(VMI_VFR_POLICY, 0, &pol) == 0);
	EXPECT(send(n, frame, NET_ARP_LEN) == -VMI_EPERM);
	pol.action = VMI_VFR_ACCEPT;
	EXPECT(vmi_vfr_rule_set(VMI_VFR_POLICY, 0, &pol) == 0);
	EXPECT(send(n, frame, NET_ARP_LEN) == VMI_NET_OK);
}

static void with(void)
{
	struct net n;

	defaults();
	bad_rules();
	EXPECT(net_open(&n, 0) > 0);
	uint32_t frame = frame_alloc(), buf = frame_alloc();
	rules_at_work(&n, frame, buf);
	settings(&n, frame);
}

void test_main(void)
{
	int have = (vmi_features() & VMI_FEAT_CONTROL) && (vmi_features() & VMI_FEAT_NET);

	test_env("case=%s", have ? "with" : "without");
	if (have)
		with();
	else
		without();
	CHECK_EQ(errors, 0);
}
