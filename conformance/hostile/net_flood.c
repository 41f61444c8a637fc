/*
 * hostile/net_flood - attack: a domain floods the link and another
 * domain with broadcast frames, its transmit ring kept full; containment:
 * the target keeps its share of the link (its own frames go out between
 * the flooder's, round-robin, and the flooder is held to the credit the
 * target - domain 0 - gave it), and its data stays intact: every frame it
 * receives is either a whole, unaltered flood frame or the gateway's ARP
 * reply, and frames that find no buffer are dropped and counted, never
 * queued.
 *
 * Run with net_flood.domains.  The target sets the flooder's credit
 * (vif_set), offers an event channel, then does EXCHANGES ARP round trips
 * with QEMU's gateway, re-sending a request whose reply was crowded out
 * (at most RETRIES times in all - a bound on work, not on time).  Then it
 * tells the flooder to stop and checks the flooder's interface: credit
 * as set, frames sent.
 */
#include "../calls/net.h"

const char test_title[] = "a network flood: the target keeps its share and its data";

#define EXCHANGES  8u
#define RETRIES    200u
#define NBUF       64u
#define FLOOD_LEN  1000u
#define CREDIT     (8u * FLOOD_LEN)         /* bytes per 10 ms for the flooder */

static uint8_t flood_mac[6];
static volatile unsigned got;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	got++;
}

/* A flood frame: broadcast, from the flooder, ethertype 0x88B5, byte i of
 * the payload (i * 13 + 7). */
static void flood_frame(uint8_t *p)
{
	for (int i = 0; i < 6; i++)
		p[i] = 0xFF;
	net_copy(p + 6, flood_mac, 6);
	p[12] = 0x88, p[13] = 0xB5;
	for (uint32_t i = 14; i < FLOOD_LEN; i++)
		p[i] = (uint8_t)(i * 13 + 7);
}

static int is_flood_frame(const uint8_t *p, int32_t len)
{
	uint8_t want[FLOOD_LEN];
	flood_frame(want);
	return len == (int32_t)FLOOD_LEN && net_same(p, want, FLOOD_LEN);
}

static void flooder(struct net *n, int port)
{
	uint32_t f = frame_alloc(), sent = 0, refused = 0;
	flood_frame(pfn_to_va(f));
	CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);          /* flooding */
	printf("attack: broadcast flood, ring kept full\n");
	struct net_side *t = &n->side[NET_TX_RING];
	while (!got) {
		while (t->req_prod - t->rsp_cons < VMI_NET_RING_SIZE)
			net_tx(n, t->req_prod, f, 0, FLOOD_LEN, 0);
		net_push(n);
		vmi_net_notify(0);                               /* needed or not */
		while (t->ring->rsp_prod != t->rsp_cons) {
			struct vmi_net_response r = t->ring->ring[t->rsp_cons++ % VMI_NET_RING_SIZE].rsp;
			r.status == VMI_NET_OK ? sent++ : refused++;
		}
		vmi_sched_yield();
		vmi_irq_enable();                                /* "stop" may be pending */
		vmi_irq_disable();
	}
	CHECK_GT(sent, 0);
	CHECK_EQ(refused, 0);
}

struct target {
	struct net *n;
	uint32_t buf[NBUF];
	uint32_t arp, floods, bad, retries;
};

/* Take one received frame and post its buffer again: 1 if it was the
 * gateway's ARP reply. */
static int take_one(struct target *t)
{
	struct vmi_net_response r = net_take(t->n, NET_RX_RING);
	int reply = 0;
	if (r.id >= NBUF || r.status <= 0) {
		t->bad++;
		return 0;
	}
	const uint8_t *p = pfn_to_va(t->buf[r.id]);
	if (net_is_arp_reply(p, r.status))
		reply = 1;
	else if (is_flood_frame(p, r.status))
		t->floods++;
	else
		t->bad++;
	net_post(t->n, r.id, t->buf[r.id]);
	net_push(t->n);
	return reply;
}

static void target(struct net *n, int port)
{
	struct target t = { .n = n };
	uint32_t req = frame_alloc();
	struct vmi_vif_config c = { .mask = VMI_VIF_SET_CREDIT, .credit = CREDIT };
	struct vmi_vif_info i;
	int rc;

	CHECK_RET(vmi_vif_set(1, 0, &c), 0);
	for (uint32_t k = 0; k < NBUF; k++) {
		t.buf[k] = frame_alloc();
		net_post(n, k, t.buf[k]);
	}
	net_push(n);
	net_arp_request(pfn_to_va(req));
	vmi_irq_disable();
	while (!got) {                                           /* the flood is on */
		vmi_safe_halt();
		vmi_irq_disable();
	}
	/* ... and reaches us once its first frame is here (a state, not a
	 * time): only then are the exchanges made amid it. */
	while (!t.floods && !t.bad)
		take_one(&t);
	for (uint32_t x = 0; x < EXCHANGES && t.retries < RETRIES; x++) {
		int answered = 0;
		while (!answered && t.retries < RETRIES) {
			CHECK_RET(net_tx_sync(n, req, 0, NET_ARP_LEN, 0), VMI_NET_OK);
			for (uint32_t k = 0; k < NBUF && !answered; k++)
				answered = take_one(&t);
			t.retries += !answered;
		}
		t.arp += answered;
	}
	/* The flooder's interface is read while the flooder still lives: once
	 * told to stop it may end, and its interface with it. */
	CHECK_RET(vmi_vif_info(1, 0, &i), 0);
	while ((rc = vmi_evtchn_send((uint32_t)port)) != 0)
		CHECK_RET(rc, 0);                                    /* stop */
	CHECK_EQ(t.arp, EXCHANGES);
	CHECK_EQ(t.bad, 0);
	CHECK_GT(t.floods, 0);
	test_env("retries=%u floods=%u", t.retries, t.floods);
	CHECK_EQ(i.credit, CREDIT);
	CHECK_GT(i.st.tx_packets, 0);
	CHECK_EQ(i.st.tx_errors + i.st.tx_dropped, 0);
}

void test_main(void)
{
	struct net n;
	int me = test_has_word("name=flood"), port;

	if (!net_present())
		return;
	net_dom_mac(1, flood_mac);
	if (me == 0) {                      /* the target's first port: before the VIF's */
		port = vmi_evtchn_alloc_unbound(1);
	} else {
		while ((port = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
			vmi_sched_yield();          /* not offered yet */
	}
	CHECK(port > 0);
	event_set_handler((unsigned)port, on_event);
	CHECK(net_open(&n, 0) > 0);
	if (me == 0)
		target(&n, port);
	else
		flooder(&n, port);
	vmi_irq_disable();
}
