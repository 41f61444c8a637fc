/*
 * loopback.c - the loopback interface lo (127.0.0.1/8): what IP sends to
 * it, or to any of our own addresses, is queued and comes back in through
 * ip_input from the work loop, never from inside the sender's call (so a
 * protocol never re-enters itself).  The queue is bounded: past LO_QMAX
 * packets, sending fails with -ENOBUFS and the packet is counted dropped.
 */
#include "net/net.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define LO_MTU  1500
#define LO_QMAX 256

struct lo_pkt {
	struct lo_pkt *next;
	uint32_t len;
	uint8_t data[];
};

static struct netif *lo;
static struct lo_pkt *head, *tail;
static int queued;

/* Ethernet framing means nothing here: the payload is the IP packet. */
static int lo_xmit(struct netif *nif, const uint8_t *dst, uint16_t type,
		   const void *payload, uint32_t len)
{
	struct lo_pkt *p;

	(void)dst;
	if (type != ETH_P_IP || queued >= LO_QMAX || len > LO_MTU ||
	    !(p = kmalloc(sizeof(*p) + len))) {
		nif->st.tx_dropped++;
		return -ENOBUFS;
	}
	p->len = len;
	memcpy(p->data, payload, len);
	if (tail)
		tail->next = p;
	else
		head = p;
	tail = p;
	queued++;
	nif->st.tx_packets++;
	nif->st.tx_bytes += len;
	net_kick();
	return 0;
}

int loopback_work(int budget)
{
	while (head && budget-- > 0) {
		struct lo_pkt *p = head;

		if (!(head = p->next))
			tail = NULL;
		queued--;
		lo->st.rx_packets++;
		lo->st.rx_bytes += p->len;
		ip_input(lo, p->data, p->len);
		kfree(p);
	}
	return head != NULL;
}

void loopback_init(void)
{
	lo = netif_add("lo");
	if (!lo)
		return;
	lo->mtu = lo->mtu_max = LO_MTU;
	lo->flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	lo->xmit = lo_xmit;
	netif_set_addr(lo, 0x7F000001u, 0xFF000000u);
}
