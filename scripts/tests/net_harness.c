/*
 * net_harness.c - the guest's checksum, routing table and ARP cache
 * (guest/net/checksum.c, route.c, arp.c, netif.c) as a 32-bit host
 * program for scripts/tests/test_net.py: a fake clock, a fake NIC whose
 * transmissions are recorded, and one scenario per name read from stdin.
 * Prints "ok" or "fail <check>" last.  No libc: Linux system calls only.
 */
#include <stdarg.h>
#include <stdint.h>
#include "net/net.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* ---- Linux ---- */
static int sys3(int n, int a, int b, int c)
{
	int r;
	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static __attribute__((noreturn)) void finish(int ok, const char *why)
{
	char buf[200];
	int n = snprintf(buf, sizeof buf, ok ? "ok\n" : "fail %s\n", why);

	sys3(4, 1, (int)buf, n);
	sys3(1, ok ? 0 : 1, 0, 0);
	for (;;)
		;
}

#define STR2(x) #x
#define STR(x) STR2(x)
#define CHECK(c) do { if (!(c)) finish(0, #c " @" STR(__LINE__)); } while (0)

/* ---- what the stack needs around these files ---- */
static uint8_t heap[64][4096];
static int heap_used[64], live;

void *kmalloc(uint32_t n)
{
	for (int i = 0; i < 64 && n <= 4096; i++)
		if (!heap_used[i]) {
			heap_used[i] = 1;
			live++;
			memset(heap[i], 0, n);
			return heap[i];
		}
	return 0;
}

void kfree(void *p)
{
	if (p) {
		heap_used[((uint8_t (*)[4096])p) - heap] = 0;
		live--;
	}
}

static uint64_t now;
uint64_t net_now_ms(void) { return now; }

/* The fake NIC's transmissions: the last frame, and counts by type. */
static uint8_t last_dst[ETH_ALEN], last[1600];
static uint32_t last_len;
static int sent_arp, sent_ip;

static int fake_xmit(struct netif *nif, const uint8_t *dst, uint16_t type,
		     const void *payload, uint32_t len)
{
	(void)nif;
	memcpy(last_dst, dst, ETH_ALEN);
	memcpy(last, payload, len);
	last_len = len;
	if (type == ETH_P_ARP)
		sent_arp++;
	else
		sent_ip++;
	return 0;
}

/* ---- scenarios ---- */

static void sc_checksum(void)
{
	/* RFC 1071's example words, and an IPv4 header whose sum is known. */
	static const uint8_t rfc[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t hdr[20] = { 0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0,
			    0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7 };
	uint8_t odd[3] = { 0x01, 0x02, 0x03 };
	uint8_t udp[9] = { 0x30, 0x39, 0x00, 0x35, 0x00, 0x09, 0, 0, 'x' };

	CHECK(inet_fold(inet_sum(rfc, 8, 0)) == (uint16_t)~0xddf2);
	CHECK(inet_checksum(hdr, 20) == 0xb861);
	put16(hdr + 10, 0xb861);
	CHECK(inet_checksum(hdr, 20) == 0);                  /* verifies to zero */
	CHECK(inet_checksum(odd, 3) == (uint16_t)~(0x0102 + 0x0300));
	/* The pseudo-header: filling the sum in makes the segment verify. */
	put16(udp + 6, inet_pseudo_checksum(0x0a00020f, 0x0a000202, 17, udp, 9));
	CHECK(inet_pseudo_checksum(0x0a00020f, 0x0a000202, 17, udp, 9) == 0);
	udp[8] ^= 1;                                          /* one bit flipped */
	CHECK(inet_pseudo_checksum(0x0a00020f, 0x0a000202, 17, udp, 9) != 0);
}

static struct netif *fake_nic(const char *name, uint32_t addr, uint32_t mask)
{
	struct netif *n = netif_add(name);

	CHECK(n);
	n->flags = IFF_UP | IFF_BROADCAST;
	n->mtu = 1500;
	n->xmit = fake_xmit;
	n->mac[5] = (uint8_t)n->index;
	netif_set_addr(n, addr, mask);
	return n;
}

static void sc_route(void)
{
	struct netif *lo = fake_nic("lo", 0x7f000001, 0xff000000);
	struct netif *e0 = fake_nic("eth0", 0x0a00020f, 0xffffff00);
	struct netif *e1 = fake_nic("eth1", 0xc0a80101, 0xffff0000);
	const struct route *r;

	CHECK(!route_lookup(0x08080808));                    /* no default yet */
	CHECK(route_add(0, 0, 0x0a000202, e0, 0) == 0);
	CHECK(route_add(0, 0, 0x0a000202, e0, 0) == -EEXIST);
	CHECK((r = route_lookup(0x08080808)) && r->nif == e0 && r->gw == 0x0a000202 &&
	      (r->flags & RTF_GATEWAY));
	CHECK((r = route_lookup(0x0a000203)) && r->nif == e0 && !r->gw);   /* connected */
	CHECK((r = route_lookup(0xc0a8fe01)) && r->nif == e1);
	CHECK((r = route_lookup(0x7f000005)) && r->nif == lo);
	/* Longest prefix wins over the connected /16; a host route over both. */
	CHECK(route_add(0xc0a80200, 0xffffff00, 0x0a000203, e0, 0) == 0);
	CHECK((r = route_lookup(0xc0a80207)) && r->nif == e0 && r->gw == 0x0a000203);
	CHECK(route_add(0xc0a80207, 0xffffffff, 0, e1, 0) == 0);
	CHECK((r = route_lookup(0xc0a80207)) && r->nif == e1 && (r->flags & RTF_HOST));
	CHECK(route_add(0xc0a80201, 0xffffff00, 0, e0, 0) == -EINVAL);   /* bits past mask */
	/* An interface that is down is not used; its routes come back with it. */
	e1->flags &= ~(uint32_t)IFF_UP;
	CHECK((r = route_lookup(0xc0a80207)) && r->nif == e0);
	e1->flags |= IFF_UP;
	/* A lower metric wins among equal prefixes. */
	CHECK(route_add(0x0d000000, 0xff000000, 0, e0, 5) == 0);
	CHECK(route_add(0x0d000000, 0xff000000, 0, e1, 1) == 0);
	CHECK((r = route_lookup(0x0d010203)) && r->nif == e1);
	CHECK(route_del(0x0d000000, 0xff000000, 0, e1) == 0);
	CHECK((r = route_lookup(0x0d010203)) && r->nif == e0);
	CHECK(route_del(0xc0a80200, 0xffffff00, 0, 0) == 0);
	CHECK(route_del(0xc0a80200, 0xffffff00, 0, 0) == -ESRCH);
	CHECK((r = route_lookup(0xc0a80209)) && r->nif == e1 && !r->gw);
	/* A new address replaces the connected route, not the others. */
	netif_set_addr(e0, 0x0a000a0f, 0xffffff00);
	CHECK(!route_lookup(0x0a000203) || route_lookup(0x0a000203)->gw);
	CHECK((r = route_lookup(0x0a000a01)) && r->nif == e0 && !r->gw);
	/* The table is bounded. */
	int added = 0;
	for (uint32_t i = 1; i <= ROUTE_MAX; i++)      /* some slots are taken */
		added += route_add(0x0b000000 + (i << 8), 0xffffff00, 0, e0, 0) == 0;
	CHECK(added < ROUTE_MAX && route_add(0x0c000000, 0xff000000, 0, e0, 0) == -ENOBUFS);
}

static void arp_frame(uint8_t *p, int op, const uint8_t *sha, uint32_t sip, uint32_t tip)
{
	memset(p, 0, 28);
	put16(p, 1);
	put16(p + 2, ETH_P_IP);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, (uint16_t)op);
	memcpy(p + 8, sha, 6);
	put32(p + 14, sip);
	put32(p + 24, tip);
}

static void sc_arp(void)
{
	struct netif *e0 = fake_nic("eth0", 0x0a00020f, 0xffffff00);
	static const uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0, 2, 2 };
	uint8_t mac[6], p[28], pkt[40] = { 0x45 };

	/* A miss queues the packet and asks once; retries come by the clock. */
	CHECK(!arp_resolve(e0, 0x0a000202, mac));
	CHECK(arp_queue(e0, 0x0a000202, pkt, sizeof pkt) == 0 && sent_arp == 1 && sent_ip == 0);
	CHECK(last_dst[0] == 0xff && get16(last + 6) == 1 && get32(last + 24) == 0x0a000202 &&
	      get32(last + 14) == 0x0a00020f);
	CHECK(arp_queue(e0, 0x0a000202, pkt, sizeof pkt) == 0 && sent_arp == 1);
	CHECK(arp_deadline() == 1000);
	now = 999;
	arp_timer(now);
	CHECK(sent_arp == 1);
	now = 1000;
	arp_timer(now);
	CHECK(sent_arp == 2 && arp_deadline() == 2000);
	/* The answer: both queued packets go out to the learnt MAC. */
	arp_frame(p, 2, gw_mac, 0x0a000202, 0x0a00020f);
	arp_input(e0, p, sizeof p);
	CHECK(sent_ip == 2 && !memcmp(last_dst, gw_mac, 6));
	CHECK(arp_resolve(e0, 0x0a000202, mac) && !memcmp(mac, gw_mac, 6));
	CHECK(arp_deadline() == 0);                          /* nothing pending */
	/* A request for our address is answered, its sender learnt. */
	static const uint8_t peer[6] = { 2, 0, 0, 0, 0, 9 };
	arp_frame(p, 1, peer, 0x0a000209, 0x0a00020f);
	arp_input(e0, p, sizeof p);
	CHECK(sent_arp == 3 && get16(last + 6) == 2 && !memcmp(last_dst, peer, 6) &&
	      get32(last + 24) == 0x0a000209 && !memcmp(last + 8, e0->mac, 6));
	CHECK(arp_resolve(e0, 0x0a000209, mac));
	/* A request for someone else: no answer, nothing learnt. */
	arp_frame(p, 1, peer, 0x0a000208, 0x0a000207);
	arp_input(e0, p, sizeof p);
	CHECK(sent_arp == 3 && !arp_resolve(e0, 0x0a000208, mac));
	/* Malformed: short, or not IPv4 over Ethernet. */
	arp_input(e0, p, 27);
	p[5] = 16;
	arp_input(e0, p, sizeof p);
	CHECK(e0->st.rx_errors == 2 && sent_arp == 3);
	/* Entries expire after their time to live. */
	now = 1000 + 60000;
	arp_timer(now);
	CHECK(!arp_resolve(e0, 0x0a000202, mac) && !arp_resolve(e0, 0x0a000209, mac));
	/* An address never answered: three requests, then the queue is dropped. */
	int before = live;
	CHECK(arp_queue(e0, 0x0a000299, pkt, sizeof pkt) == 0 && live == before + 1);
	for (int i = 1; i <= 3; i++) {
		now += 1000;
		arp_timer(now);
	}
	CHECK(live == before && arp_deadline() == 0 && e0->st.tx_dropped == 1);
	/* At most four packets wait per address. */
	for (int i = 0; i < 4; i++)
		CHECK(arp_queue(e0, 0x0a000298, pkt, sizeof pkt) == 0);
	CHECK(arp_queue(e0, 0x0a000298, pkt, sizeof pkt) == -ENOBUFS);
	/* A full cache recycles: 40 addresses fit in 32 entries without error. */
	for (uint32_t i = 0; i < 40; i++)
		CHECK(arp_queue(e0, 0x0a000300 + i, pkt, sizeof pkt) == 0);
}

static int harness_main(void)
{
	char name[32];
	int n = sys3(3, 0, (int)name, sizeof name - 1);

	if (n <= 0)
		finish(0, "no scenario");
	name[n] = 0;
	for (int i = 0; i < n; i++)
		if (name[i] == '\n' || name[i] == ' ')
			name[i] = 0;
	if (!strcmp(name, "checksum"))
		sc_checksum();
	else if (!strcmp(name, "route"))
		sc_route();
	else if (!strcmp(name, "arp"))
		sc_arp();
	else
		finish(0, "unknown scenario");
	finish(1, 0);
}

__attribute__((used)) static int start_main(void) { return harness_main(); }
asm(".globl _start\n_start:\n\txorl %ebp, %ebp\n\tandl $-16, %esp\n"
    "\tcall start_main\n\tmovl %eax, %ebx\n\tmovl $1, %eax\n\tint $0x80\n");
