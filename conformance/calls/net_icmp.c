/*
 * net_icmp - an IPv4 round trip of full-size frames: an ICMP echo request
 * to the gateway 10.0.2.2 carrying 1472 bytes of data (a 1514-byte frame,
 * the largest at MTU 1500) comes back as an echo reply with the same data.
 *
 * QEMU's user network answers echo requests to its gateway itself.  It
 * learns our MAC from our ARP request first (net_arp covers that part).
 * Checks: the reply is addressed from the gateway's MAC and IP to ours,
 * its IP header checksum holds, it is an echo reply of our id and
 * sequence, and the payload is byte for byte what was sent - the frame
 * went out by DMA from the guest's page at an odd offset and came back
 * through a posted buffer.
 */
#include "net.h"

const char test_title[] = "network interfaces: ICMP echo of a full-size frame";

#define DATA    1472u
#define IP_LEN  (20u + 8u + DATA)
#define FRAME   (VMI_NET_ETH_HLEN + IP_LEN)

static void echo_request(uint8_t *p)
{
	net_copy(p, net_gw_mac, 6);
	net_copy(p + 6, net_our_mac, 6);
	p[12] = 0x08, p[13] = 0x00;                   /* IPv4 */
	uint8_t *ip = p + 14, *icmp = ip + 20;
	static const uint8_t hdr[12] = { 0x45, 0, 0, 0, 0x12, 0x34, 0, 0, 64, 1, 0, 0 };
	net_copy(ip, hdr, 12);
	net_put16(ip + 2, IP_LEN);
	net_copy(ip + 12, net_our_ip, 4);
	net_copy(ip + 16, net_gw_ip, 4);
	net_put16(ip + 10, net_csum(ip, 20));
	icmp[0] = 8, icmp[1] = 0, icmp[2] = icmp[3] = 0;    /* echo request */
	net_put16(icmp + 4, 0x4242);                            /* id */
	net_put16(icmp + 6, 7);                                 /* sequence */
	for (uint32_t i = 0; i < DATA; i++)
		icmp[8 + i] = (uint8_t)(i * 7 + (i >> 8));
	net_put16(icmp + 2, net_csum(icmp, 8 + DATA));
}

static void arp_first(struct net *n)
{
	uint32_t buf = frame_alloc(), f = frame_alloc();
	net_post(n, 1, buf);
	net_arp_request(pfn_to_va(f));
	net_tx(n, 1, f, 0, NET_ARP_LEN, 0);
	net_push(n);
	CHECK_RET(net_take(n, NET_TX_RING).status, VMI_NET_OK);
	struct vmi_net_response r = net_take(n, NET_RX_RING);
	CHECK(net_is_arp_reply(pfn_to_va(buf), r.status));
}

void test_main(void)
{
	struct net n;

	if (!net_present())
		return;
	CHECK(net_open(&n, 0) > 0);
	arp_first(&n);

	uint32_t f = frame_alloc(), buf = frame_alloc();
	uint8_t *req = (uint8_t *)pfn_to_va(f) + 333;
	echo_request(req);
	net_post(&n, 2, buf);
	net_tx(&n, 2, f, 333, FRAME, 0);
	net_push(&n);
	CHECK_RET(net_take(&n, NET_TX_RING).status, VMI_NET_OK);
	struct vmi_net_response r = net_take(&n, NET_RX_RING);
	CHECK_EQ(r.id, 2);
	CHECK_EQ(r.status, FRAME);
	if (r.status != (int32_t)FRAME)
		return;
	const uint8_t *p = pfn_to_va(buf), *ip = p + 14, *icmp = ip + 20;
	CHECK(net_same(p, net_our_mac, 6) && net_same(p + 6, net_gw_mac, 6));
	CHECK(p[12] == 0x08 && p[13] == 0x00);
	CHECK_EQ(net_csum(ip, 20), 0);
	CHECK(ip[9] == 1 && net_same(ip + 12, net_gw_ip, 4) && net_same(ip + 16, net_our_ip, 4));
	CHECK(icmp[0] == 0 && icmp[1] == 0);                 /* echo reply */
	CHECK(net_same(icmp + 4, req + 34 + 4, 4));          /* id, sequence */
	CHECK(net_same(icmp + 8, req + 34 + 8, DATA));
	CHECK_EQ(net_csum(icmp, 8 + DATA), 0);
}
