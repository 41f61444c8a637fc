/*
 * arp.c - ARP for IPv4 over Ethernet (RFC 826): a cache of ARP_SLOTS
 * entries with timeouts, packets queued while an address is resolved, and
 * answers to requests for our own address.
 *
 * An entry is PENDING while we ask (a request every ARP_RETRY_MS, at most
 * ARP_TRIES, then the entry and its queued packets are dropped) and VALID
 * for ARP_TTL_MS after the last answer that confirmed it.  A full cache
 * recycles the entry that expires first.  Time comes from net_now_ms and
 * arp_timer runs from the work loop at arp_deadline.
 */
#include "net/net.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define ARP_SLOTS     32
#define ARP_QMAX      4               /* packets queued per pending entry */
#define ARP_TTL_MS    60000
#define ARP_RETRY_MS  1000
#define ARP_TRIES     3
#define ARP_LEN       28              /* IPv4 over Ethernet */

enum { A_FREE, A_PENDING, A_VALID };

struct arp_q {
	struct arp_q *next;
	uint32_t len;
	uint8_t data[];
};

struct arp_entry {
	int state;
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
	struct netif *nif;
	uint64_t when;                    /* VALID: expiry; PENDING: next retry */
	int tries, nq;
	struct arp_q *q;
};

static struct arp_entry cache[ARP_SLOTS];
static const uint8_t zero_mac[ETH_ALEN];
static const uint8_t bcast_mac[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

static struct arp_entry *find(struct netif *nif, uint32_t ip)
{
	for (int i = 0; i < ARP_SLOTS; i++)
		if (cache[i].state != A_FREE && cache[i].ip == ip && cache[i].nif == nif)
			return &cache[i];
	return NULL;
}

static void drop_queue(struct arp_entry *e)
{
	while (e->q) {
		struct arp_q *q = e->q;

		e->q = q->next;
		e->nif->st.tx_dropped++;
		kfree(q);
	}
	e->nq = 0;
}

static void entry_free(struct arp_entry *e)
{
	drop_queue(e);
	e->state = A_FREE;
}

/* A free entry, or the one that expires first. */
static struct arp_entry *entry_new(void)
{
	struct arp_entry *victim = &cache[0];

	for (int i = 0; i < ARP_SLOTS; i++) {
		if (cache[i].state == A_FREE)
			return &cache[i];
		if (cache[i].when < victim->when)
			victim = &cache[i];
	}
	entry_free(victim);
	return victim;
}

static void arp_send(struct netif *nif, int op, const uint8_t *tha, uint32_t tip,
		     const uint8_t *dst)
{
	uint8_t p[ARP_LEN];

	put16(p, 1);                       /* Ethernet */
	put16(p + 2, ETH_P_IP);
	p[4] = ETH_ALEN;
	p[5] = 4;
	put16(p + 6, (uint16_t)op);
	memcpy(p + 8, nif->mac, ETH_ALEN);
	put32(p + 14, nif->addr);
	memcpy(p + 18, tha, ETH_ALEN);
	put32(p + 24, tip);
	nif->xmit(nif, dst, ETH_P_ARP, p, ARP_LEN);
}

/* The entry now knows mac: valid again, and its queue goes out. */
static void entry_learn(struct arp_entry *e, const uint8_t *mac, uint64_t now)
{
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = A_VALID;
	e->when = now + ARP_TTL_MS;
	while (e->q) {
		struct arp_q *q = e->q;

		e->q = q->next;
		e->nif->xmit(e->nif, e->mac, ETH_P_IP, q->data, q->len);
		kfree(q);
	}
	e->nq = 0;
}

void arp_input(struct netif *nif, const uint8_t *p, uint32_t len)
{
	struct arp_entry *e;
	uint32_t sip, tip;
	uint16_t op;

	if (len < ARP_LEN || get16(p) != 1 || get16(p + 2) != ETH_P_IP || p[4] != ETH_ALEN ||
	    p[5] != 4) {
		nif->st.rx_errors++;
		return;
	}
	op = get16(p + 6);
	sip = get32(p + 14);
	tip = get32(p + 24);
	if (!nif->addr || sip == 0 || !memcmp(p + 8, bcast_mac, ETH_ALEN))
		return;
	/* RFC 826: update a known sender; learn it if the packet is for us. */
	e = find(nif, sip);
	if (!e && tip == nif->addr) {
		e = entry_new();
		*e = (struct arp_entry){ .state = A_PENDING, .ip = sip, .nif = nif };
	}
	if (e)
		entry_learn(e, p + 8, net_now_ms());
	if (op == 1 && tip == nif->addr)
		arp_send(nif, 2, p + 8, sip, p + 8);
}

int arp_resolve(struct netif *nif, uint32_t ip, uint8_t *mac)
{
	struct arp_entry *e = find(nif, ip);

	if (!e || e->state != A_VALID)
		return 0;
	memcpy(mac, e->mac, ETH_ALEN);
	return 1;
}

int arp_queue(struct netif *nif, uint32_t ip, const void *pkt, uint32_t len)
{
	struct arp_entry *e = find(nif, ip);
	struct arp_q *q, **pp;

	if (!e) {
		e = entry_new();
		*e = (struct arp_entry){ .state = A_PENDING, .ip = ip, .nif = nif,
					 .when = net_now_ms() + ARP_RETRY_MS, .tries = 1 };
		arp_send(nif, 1, zero_mac, ip, bcast_mac);
	}
	if (e->nq >= ARP_QMAX || !(q = kmalloc(sizeof(*q) + len))) {
		nif->st.tx_dropped++;
		return -ENOBUFS;
	}
	q->next = NULL;
	q->len = len;
	memcpy(q->data, pkt, len);
	for (pp = &e->q; *pp; pp = &(*pp)->next)
		;
	*pp = q;
	e->nq++;
	return 0;
}

void arp_timer(uint64_t now)
{
	for (int i = 0; i < ARP_SLOTS; i++) {
		struct arp_entry *e = &cache[i];

		if (e->state == A_FREE || e->when > now)
			continue;
		if (e->state == A_VALID || e->tries >= ARP_TRIES) {
			entry_free(e);
		} else {
			e->tries++;
			e->when = now + ARP_RETRY_MS;
			arp_send(e->nif, 1, zero_mac, e->ip, bcast_mac);
		}
	}
}

/* Only pending entries need the clock to move: valid ones are checked
 * lazily when the next pass runs for another reason. */
uint64_t arp_deadline(void)
{
	uint64_t best = 0;

	for (int i = 0; i < ARP_SLOTS; i++)
		if (cache[i].state == A_PENDING && (!best || cache[i].when < best))
			best = cache[i].when;
	return best;
}

void arp_flush_netif(struct netif *nif)
{
	for (int i = 0; i < ARP_SLOTS; i++)
		if (cache[i].state != A_FREE && cache[i].nif == nif)
			entry_free(&cache[i]);
}

int arp_at(int i, struct arp_view *v)
{
	const struct arp_entry *e;

	if (i < 0 || i >= ARP_SLOTS)
		return -1;
	if ((e = &cache[i])->state == A_FREE)
		return 0;
	v->ip = e->ip;
	memcpy(v->mac, e->mac, ETH_ALEN);
	v->nif = e->nif;
	v->valid = e->state == A_VALID;
	return 1;
}

int arp_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "IP address       HW type     Flags       HW address"
			   "            Mask     Device\n");

	for (int i = 0; i < ARP_SLOTS && (uint32_t)len < n; i++) {
		struct arp_entry *e = &cache[i];
		char ip[16];

		if (e->state == A_FREE)
			continue;
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", e->ip >> 24, (e->ip >> 16) & 255,
			 (e->ip >> 8) & 255, e->ip & 255);
		len += snprintf(buf + len, n - len,
				"%-16s 0x1         0x%x         %02x:%02x:%02x:%02x:%02x:%02x     *        %s\n",
				ip, e->state == A_VALID ? 2 : 0, e->mac[0], e->mac[1], e->mac[2],
				e->mac[3], e->mac[4], e->mac[5], e->nif->name);
	}
	return len;
}
