/*
 * t_packet.c - AF_PACKET sockets on eth0 against QEMU's user network:
 * creation and bind errors, sends refused (no interface, a short hardware
 * address, a frame shorter than its header, one past the MTU), socket
 * filters refused (ENOPROTOOPT, which udhcpc tolerates), getsockname, and
 * one exchange: an ARP request for the gateway 10.0.2.2 sent as a whole
 * frame on a SOCK_RAW socket, its reply read on a SOCK_DGRAM ETH_P_ARP
 * socket with the gateway's MAC and PACKET_HOST in the sockaddr_ll.
 *
 * Run as /usr/bin/t_packet in the guest (system/net_ip.sh, needs a NIC
 * with 10.0.2.15); on a host it would need eth0 on QEMU's user network.
 */
#define _GNU_SOURCE
#include "check.h"
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>

static const uint8_t gw_ip[4] = { 10, 0, 2, 2 }, my_ip[4] = { 10, 0, 2, 15 };

static struct sockaddr_ll ll(int ifindex, int proto)
{
	struct sockaddr_ll a = { .sll_family = AF_PACKET, .sll_protocol = htons((uint16_t)proto),
				 .sll_ifindex = ifindex };

	return a;
}

static int bound(int type, int proto, int ifindex)
{
	struct sockaddr_ll a = ll(ifindex, proto);
	int fd = socket(AF_PACKET, type, htons((uint16_t)proto));

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int fails(long rc, int err)
{
	int ok = rc < 0 && errno == err;

	errno = 0;
	return ok;
}

static void errors(int eth0)
{
	uint8_t frame[2000] = { 0 };
	struct sockaddr_ll a = ll(eth0, ETH_P_IP), got;
	socklen_t len = sizeof got;
	struct sock_filter insn = { BPF_RET | BPF_K, 0, 0, 0 };
	struct sock_fprog prog = { 1, &insn };
	int fd;

	CHECK(fails(socket(AF_PACKET, SOCK_STREAM, htons(ETH_P_ALL)), ESOCKTNOSUPPORT),
	      "packet: SOCK_STREAM is ESOCKTNOSUPPORT");
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	CHECK(fd >= 0, "packet: SOCK_DGRAM ETH_P_IP opens");
	a.sll_ifindex = 99;
	CHECK(fails(bind(fd, (struct sockaddr *)&a, sizeof a), ENODEV), "packet: ifindex 99 is ENODEV");
	a.sll_family = AF_INET;
	CHECK(fails(bind(fd, (struct sockaddr *)&a, sizeof a), EINVAL),
	      "packet: AF_INET address is EINVAL");
	CHECK(fails(sendto(fd, frame, 28, 0, NULL, 0), ENXIO), "packet: no interface is ENXIO");
	a = ll(eth0, ETH_P_IP);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "packet: bind to eth0");
	CHECK(getsockname(fd, (struct sockaddr *)&got, &len) == 0 && len == sizeof got &&
	      got.sll_ifindex == eth0 && got.sll_protocol == htons(ETH_P_IP) && got.sll_halen == 6,
	      "packet: getsockname: eth0, ETH_P_IP, a 6-byte address");
	a.sll_halen = 0;
	CHECK(fails(sendto(fd, frame, 28, 0, (struct sockaddr *)&a, sizeof a), EINVAL),
	      "packet: no hardware address is EINVAL");
	a.sll_halen = 6;
	memset(a.sll_addr, 0xFF, 6);
	CHECK(fails(sendto(fd, frame, 1501, 0, (struct sockaddr *)&a, sizeof a), EMSGSIZE),
	      "packet: 1501 bytes past the MTU are EMSGSIZE");
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog), ENOPROTOOPT),
	      "packet: SO_ATTACH_FILTER is ENOPROTOOPT");
	close(fd);
	fd = bound(SOCK_RAW, ETH_P_ALL, eth0);
	CHECK(fd >= 0 && fails(send(fd, frame, 10, 0), EINVAL),
	      "packet: a raw frame shorter than its header is EINVAL");
	close(fd);
}

/* An ARP request for the gateway from us, a whole frame. */
static void arp_request(uint8_t *f, const uint8_t *mac)
{
	static const uint8_t head[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };

	memset(f, 0xFF, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08, f[13] = 0x06;
	memcpy(f + 14, head, 8);
	memcpy(f + 22, mac, 6);
	memcpy(f + 28, my_ip, 4);
	memset(f + 32, 0, 6);
	memcpy(f + 38, gw_ip, 4);
}

static void arp_exchange(int eth0)
{
	int tx = bound(SOCK_RAW, ETH_P_ALL, eth0), rx = bound(SOCK_DGRAM, ETH_P_ARP, eth0);
	struct sockaddr_ll me, from;
	socklen_t len = sizeof me;
	uint8_t f[60] = { 0 }, r[100];
	struct pollfd p = { rx, POLLIN, 0 };
	long n = -1;

	CHECK(tx >= 0 && rx >= 0 && getsockname(tx, (struct sockaddr *)&me, &len) == 0,
	      "arp: a SOCK_RAW and a SOCK_DGRAM socket on eth0");
	arp_request(f, me.sll_addr);
	CHECK(send(tx, f, sizeof f, 0) == sizeof f, "arp: the request sent as a 60-byte frame");
	for (int tries = 0; tries < 100 && n < 0; tries++) {   /* skip others' ARP */
		len = sizeof from;
		if (poll(&p, 1, 30000) != 1)
			break;
		n = recvfrom(rx, r, sizeof r, 0, (struct sockaddr *)&from, &len);
		if (n < 28 || r[7] != 2 || memcmp(r + 14, gw_ip, 4) || memcmp(r + 18, me.sll_addr, 6))
			n = -1;
	}
	CHECK(n >= 28, "arp: the gateway's reply read without its Ethernet header");
	CHECK(len == sizeof from && from.sll_family == AF_PACKET && from.sll_ifindex == eth0 &&
	      from.sll_protocol == htons(ETH_P_ARP) && from.sll_pkttype == PACKET_HOST &&
	      from.sll_halen == 6 && !memcmp(from.sll_addr, r + 8, 6),
	      "arp: from eth0, ETH_P_ARP, PACKET_HOST, the gateway's MAC");
	close(tx);
	close(rx);
}

int main(void)
{
	int eth0 = (int)if_nametoindex("eth0");

	CHECK(eth0 > 0, "eth0 exists");
	if (eth0 <= 0)
		return check_summary("t_packet");
	errors(eth0);
	arp_exchange(eth0);
	return check_summary("t_packet");
}
