/*
 * netsw.c - the VFR's switch: round-robin, credit-limited transmit from
 * the domains' VIFs, and delivery by destination MAC between the VIFs and
 * the physical NIC.
 *
 * Scheduling: one transmit request from each VIF in turn (the next run
 * starts where the last stopped), at most NET_TX_BUDGET frames and
 * NET_COPY_BUDGET deliveries to VIFs (a broadcast is one per receiver)
 * per run, so a hypercall or an interrupt does bounded work and a
 * flooding domain gets one frame per round like everyone else.  A VIF with a credit (bytes per
 * NET_CREDIT_PERIOD_NS) that has used it waits for the next period (a
 * frame larger than the whole credit goes at a period's start); a frame
 * for the NIC waits while the NIC has no room.  Runs happen at every
 * notify, every NIC interrupt, and at the deadline net_deadline gives
 * timer.c (a backlog left by the budget, or a credit period's end), so
 * nothing waits for a domain to act.
 *
 * Switching: a unicast frame goes to the attached VIF with that MAC, or
 * else to the NIC; broadcast and multicast go to every other VIF and the
 * NIC.  Every delivery passes the rules (vfr.c).  VIF to VIF is a copy
 * into the receiver's posted buffer (no buffer: dropped and counted at
 * the receiver); VIF to NIC is DMA from the guest's frame (netdev.c) and
 * its response waits for the NIC.  The sender hears -VMI_EPERM when the
 * rules refused every destination, VMI_NET_OK otherwise (delivery is not
 * guaranteed: a receiver without buffers loses the frame).
 */
#include "net.h"
#include "mm.h"
#include "lib/klib.h"

enum { IDLE, SENT, STALLED };

#define NO_DEADLINE 0xFFFFFFFFFFFFFFFFull

static uint32_t rr;                      /* the next VIF to serve, mod count */
static uint32_t copies;                  /* deliveries to VIFs in this run */
static uint64_t deadline = NO_DEADLINE;  /* when a run is due by itself */

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* May v send len bytes now?  Refills the credit at each period's end. */
static int credit_ok(struct vif *v, uint32_t len, uint64_t now)
{
	if (!v->credit)
		return 1;
	if (now >= v->period_end) {
		v->credit_left = v->credit;
		v->period_end = now + NET_CREDIT_PERIOD_NS;
	}
	if (v->credit_left >= len || v->credit_left == v->credit)
		return 1;
	if (v->period_end < deadline)
		deadline = v->period_end;
	return 0;
}

static void charge(struct vif *v, uint32_t len)
{
	if (v->credit)
		v->credit_left -= min32(len, v->credit_left);
}

static void answer(struct vif *v, uint32_t id, int32_t status, uint32_t len)
{
	if (status == VMI_NET_OK) {
		v->st.tx_packets++;
		v->st.tx_bytes += len;
	} else if (status == -VMI_EPERM) {
		v->st.tx_dropped++;
	} else {
		v->st.tx_errors++;
	}
	vif_respond(v, 1, id, status);
}

static int32_t check_request(const struct vif *v, const struct vmi_net_tx_request *q, uint32_t *mfn)
{
	*mfn = vif_mfn(v->dom, q->pfn);
	if (q->flags || q->len < VMI_NET_ETH_HLEN || q->len > NET_MAX_FRAME ||
	    (uint32_t)q->offset + q->len > VMI_PAGE_SIZE || !vif_io_frame_ok(v->dom, *mfn))
		return -VMI_EINVAL;
	return 0;
}

/* Copy the request at the head of v's transmit ring: 1, or 0 if none
 * (or the ring is insane: ignored).  An empty ring asks for a notification
 * of the next request only while none of v's frames is at the NIC: until
 * then the NIC's completion interrupt runs the scheduler, which looks here
 * again, so the backend is not idle and the guest need not notify (the
 * ring's rule, vmi/netring.h) - a sender the NIC keeps busy makes no
 * HC_NETIF_OP at all. */
static int peek(struct vif *v, struct vmi_net_tx_request *q)
{
	struct vmi_net_ring *page = map_domain_page(v->tx.mfn);
	uint32_t ahead = page->req_prod - v->tx.req_cons;
	int some = ahead != 0 && ahead <= VMI_NET_RING_SIZE;

	if (some) {
		asm volatile("" : : : "memory");
		*q = page->ring[v->tx.req_cons % VMI_NET_RING_SIZE].tx;
	} else if (!v->at_nic) {
		page->req_event = v->tx.req_cons + 1;   /* idle: notify me of more */
	}
	unmap_domain_page(page);
	return some;
}

/* Deliver to one VIF if the rules let it: 1 if delivered. */
static int to_vif(struct vif *w, const struct pkt *p, uint32_t from, const uint8_t *rest)
{
	if (!vfr_allows(p, from, w->dom->id))
		return 0;
	copies++;
	vif_deliver(w, p->h, p->hlen, rest, p->len - p->hlen);
	return 1;
}

/* Switch a checked frame of v's to the VIF to (NULL: none, or a
 * broadcast) and, if want_nic, the NIC; its status, or 1 if the NIC
 * answers later. */
static int32_t route(struct vif *v, const struct vmi_net_tx_request *q, uint32_t mfn,
		     const struct pkt *p, struct vif *to, int want_nic, const uint8_t *frame)
{
	uint32_t id = v->dom->id, sent = 0, refused = 0;
	const uint8_t *rest = frame + q->offset + p->hlen;

	if (p->h[0] & 1) {
		for (uint32_t i = 0; i < vif_nr_active; i++)
			if (vif_active[i] != v)
				to_vif(vif_active[i], p, id, rest) ? sent++ : refused++;
	} else if (to) {
		to_vif(to, p, id, rest) ? sent++ : refused++;
	}
	if (want_nic) {
		if (!vfr_allows(p, id, EP_NIC))
			refused++;
		else if (nic_send(v, q->id, mfn, p->h, p->hlen,
				  (mfn << VMI_PAGE_SHIFT) + q->offset + p->hlen, p->len) == 0)
			return 1;
		else
			return -VMI_EIO;
	}
	return refused && !sent ? -VMI_EPERM : VMI_NET_OK;
}

/* Copy the frame's headers and judge them: 0, or the status refusing it. */
static int32_t judge(struct vif *v, const uint8_t *frame, const struct vmi_net_tx_request *q,
		     uint8_t *hdr, struct pkt *p)
{
	uint32_t hlen = min32(q->len, NET_HDR_COPY);

	memcpy(hdr, frame + q->offset, hlen);       /* what is checked is what is sent */
	if (vfr_parse(p, hdr, hlen, q->len))
		return -VMI_EINVAL;                     /* malformed: counted, dropped */
	if (vfr_spoofed(v, p)) {
		v->spoofed++;
		return -VMI_EPERM;
	}
	return 0;
}

/* Take, check and switch the request at the head of v's transmit ring. */
static int take_one(struct vif *v, uint64_t now)
{
	struct vmi_net_tx_request q;
	uint8_t hdr[NET_HDR_COPY];
	struct vif *to = NULL;
	uint32_t mfn;
	struct pkt p;
	int want_nic = 0;

	if (!peek(v, &q))
		return IDLE;
	int32_t st = check_request(v, &q, &mfn);
	if (st == 0 && !credit_ok(v, q.len, now))
		return STALLED;
	uint8_t *frame = st ? NULL : map_domain_page(mfn);
	if (frame && (st = judge(v, frame, &q, hdr, &p)) == 0) {
		int bcast = hdr[0] & 1;
		if (!bcast && (to = vif_by_mac(hdr)) == v)
			to = NULL;                          /* to itself: not looped back */
		want_nic = nic_present() && (bcast || !to);
		if (want_nic && nic_tx_room() == 0) {
			unmap_domain_page(frame);
			return STALLED;                     /* the NIC's interrupt runs us again */
		}
		/* nowhere to go (no NIC): fine, delivery is not guaranteed */
		st = bcast || to || want_nic ? route(v, &q, mfn, &p, to, want_nic, frame) : VMI_NET_OK;
		charge(v, q.len);
	}
	v->tx.req_cons++;
	if (frame)
		unmap_domain_page(frame);
	if (st != 1)
		answer(v, q.id, st, q.len);
	return SENT;
}

void netsw_run(void)
{
	uint64_t now = hv_now();
	uint32_t budget = NET_TX_BUDGET, idle = 0;

	deadline = NO_DEADLINE;
	copies = 0;
	while (budget && copies < NET_COPY_BUDGET && vif_nr_active && idle < vif_nr_active) {
		struct vif *v = vif_active[rr++ % vif_nr_active];
		if (take_one(v, now) == SENT) {
			budget--;
			idle = 0;
		} else {
			idle++;
		}
	}
	if (!budget || copies >= NET_COPY_BUDGET)
		deadline = now;                         /* a backlog: soon again */
	if (deadline != NO_DEADLINE)
		timer_reprogram();
}

uint64_t net_deadline(void)
{
	return deadline;
}

void net_timer(uint64_t now)
{
	if (deadline != NO_DEADLINE && now >= deadline)
		netsw_run();
}

void netsw_tx_done(struct vif *v, uint32_t id, uint32_t len, int ok)
{
	answer(v, id, ok ? VMI_NET_OK : -VMI_EIO, len);
}

void netsw_from_nic(const uint8_t *frame, uint32_t len)
{
	struct pkt p;

	if (len > NET_MAX_FRAME || vfr_parse(&p, frame, min32(len, NET_HDR_COPY), len))
		return;                                 /* malformed from outside: dropped */
	/* the whole frame is in hypervisor memory: the "copy" is all of it */
	p.hlen = len;
	if (frame[0] & 1) {
		for (uint32_t i = 0; i < vif_nr_active; i++)
			to_vif(vif_active[i], &p, EP_NIC, NULL);
		return;
	}
	struct vif *w = vif_by_mac(frame);
	if (w)                                      /* else for nobody here: dropped */
		to_vif(w, &p, EP_NIC, NULL);
}
