/*
 * system/net_options - the domain options ip=A.B.C.D/LEN and
 * mac=xx:xx:xx:xx:xx:xx set a domain's interface (hypervisor/vif.c).
 *
 * Run with net_options.domains: this domain (0) has ip=10.0.2.50/24 and
 * mac=52:54:00:aa:bb:cc; the others, with a malformed address, a
 * multicast MAC and this domain's MAC, are rejected at boot.  Checks:
 * vmi_net_info and vmi_vif_info give the set addresses; the command line
 * has the options as given and no default appended; an ARP exchange with
 * QEMU's gateway from the set addresses works (anti-spoofing accepts
 * them) and one from the default addresses (52:54:00:12:34:56,
 * 10.0.2.15) is refused -VMI_EPERM.
 */
#include "../calls/net.h"

const char test_title[] = "network: ip= and mac= options set a domain's interface";

static const uint8_t set_mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
static const uint8_t set_ip[4] = { 10, 0, 2, 50 };

/* The ARP request of net.h, from the set addresses. */
static void arp_from_set(uint8_t *p)
{
	net_arp_request(p);
	net_copy(p + 6, set_mac, 6);
	net_copy(p + 22, set_mac, 6);
	net_copy(p + 28, set_ip, 4);
}

void test_main(void)
{
	struct vmi_net_info info;
	struct vmi_vif_info vi;
	struct net n;

	if (!net_present())
		return;
	CHECK_RET(vmi_net_info(0, &info), 0);
	CHECK(net_same(info.mac, set_mac, 6));
	CHECK_RET(vmi_vif_info(0, 0, &vi), 0);
	CHECK_EQ(vi.ip, 0x0A000232u);
	CHECK_EQ(vi.prefix, 24);
	CHECK(test_has_word("ip=10.0.2.50/24") && !test_has_word("gw="));

	CHECK(net_open(&n, 0) > 0);
	uint32_t buf = frame_alloc(), f = frame_alloc();
	uint8_t *p = pfn_to_va(f);
	net_post(&n, 1, buf);
	net_arp_request(p);                              /* the defaults: a spoof now */
	CHECK_RET(net_tx_sync(&n, f, 0, NET_ARP_LEN, 0), -VMI_EPERM);
	arp_from_set(p);
	CHECK_RET(net_tx_sync(&n, f, 0, NET_ARP_LEN, 0), VMI_NET_OK);
	struct vmi_net_response r = net_take(&n, NET_RX_RING);
	const uint8_t *q = pfn_to_va(buf);
	CHECK(r.id == 1 && r.status >= (int32_t)NET_ARP_LEN);
	CHECK(net_same(q, set_mac, 6) && net_same(q + 6, net_gw_mac, 6));
	CHECK(q[21] == 2 && net_same(q + 32, set_mac, 6) && net_same(q + 38, set_ip, 4));
	CHECK_EQ(net_stats(0).tx_dropped, 1);
}
