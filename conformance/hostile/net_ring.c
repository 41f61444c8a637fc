/*
 * hostile/net_ring - attack: a domain's own network rings used against
 * the hypervisor; containment: every bad request answered once, the
 * counters exact, the rings usable afterwards, the victim unharmed.
 *
 * Runs beside victim/checksum (the default domains).  The attacker sends
 * transmit requests naming frames it does not own (past its memory, or
 * numbers that would be the hypervisor's machine frames), its page
 * directory, a pinned page table, and its own ring pages; posts receive
 * buffers of the same kinds; reuses one id for a batch of requests; runs
 * req_prod of each ring far ahead (-VMI_EINVAL, nothing taken, sane again
 * afterwards); scribbles over the indexes the backend owns; notifies in a
 * tight loop with nothing queued; and never stocks its receive ring while
 * the gateway answers ARP requests (each reply dropped and counted, never
 * queued).  A good frame still goes out at the end.
 */
#include "../calls/net.h"
#include "lib/kernel/pt.h"

const char test_title[] = "a domain's network rings used against the hypervisor";

#define ARPS       16u
#define WAIT_NS    (20ull * 1000 * 1000 * 1000)   /* a generous bound for TCG */

static uint32_t bad_frames(struct net *n, uint32_t *pfn)
{
	uint32_t k = 0;
	pfn[k++] = test_bi->nr_pages;
	pfn[k++] = 0xFFFFFFFFu;
	pfn[k++] = 0x80000000u | 0x800;                  /* the hypervisor's frame 0x800, */
	                                                 /* were the top bit ignored */
	pfn[k++] = test_bi->pt_base_pfn;
	pfn[k++] = pt_new_table(1);
	pfn[k++] = n->side[NET_TX_RING].pfn;
	pfn[k++] = n->side[NET_RX_RING].pfn;
	return k;
}

static void bad_transmits(struct net *n)
{
	uint32_t pfn[8], k = bad_frames(n, pfn), refused = 0;

	for (uint32_t i = 0; i < k; i++)
		net_tx(n, 100 + i, pfn[i], 0, 60, 0);
	net_push(n);
	for (uint32_t i = 0; i < k; i++) {
		struct vmi_net_response r = net_take(n, NET_TX_RING);
		refused += r.id >= 100 && r.id < 100 + k && r.status == -VMI_EINVAL;
	}
	CHECK_EQ(refused, k);
}

static void bad_buffers(struct net *n)
{
	uint32_t pfn[8], k = bad_frames(n, pfn), refused = 0;

	for (uint32_t i = 0; i < k; i++)
		net_post(n, 200 + i, pfn[i]);
	net_push(n);                                     /* answered at the notify */
	for (uint32_t i = 0; i < k; i++) {
		struct vmi_net_response r = net_take(n, NET_RX_RING);
		refused += r.id >= 200 && r.id < 200 + k && r.status == -VMI_EINVAL;
	}
	CHECK_EQ(refused, k);
}

/* A harmless broadcast frame of ours (an ethertype nobody answers). */
static uint32_t junk(void)
{
	uint32_t f = frame_alloc();
	uint8_t *p = pfn_to_va(f);
	for (int i = 0; i < 6; i++)
		p[i] = 0xFF;
	net_copy(p + 6, net_our_mac, 6);
	p[12] = 0x88, p[13] = 0xB5;
	return f;
}

static void reused_ids(struct net *n, uint32_t f)
{
	uint32_t ok = 0;
	for (uint32_t i = 0; i < 8; i++)
		net_tx(n, 5, f, 0, 60, 0);
	net_push(n);
	for (uint32_t i = 0; i < 8; i++) {
		struct vmi_net_response r = net_take(n, NET_TX_RING);
		ok += r.id == 5 && r.status == VMI_NET_OK;
	}
	CHECK_EQ(ok, 8);
}

static void far_ahead(struct net *n)
{
	for (int i = 0; i < 2; i++) {
		struct net_side *s = &n->side[i];
		s->ring->req_prod = s->req_prod + VMI_NET_RING_SIZE + 1;
		CHECK_RET(vmi_net_notify(0), -VMI_EINVAL);
		s->ring->req_prod = s->req_prod + 0x80000000u;
		CHECK_RET(vmi_net_notify(0), -VMI_EINVAL);
		s->ring->req_prod = s->req_prod;
		CHECK_RET(vmi_net_notify(0), 0);
	}
}

static void scribble(struct net *n, uint32_t f)
{
	for (int i = 0; i < 2; i++) {
		n->side[i].ring->rsp_prod = 0xDEADBEEF;      /* the backend's: ignored */
		n->side[i].ring->req_event = 0x12345678;
		n->side[i].ring->magic = 0;
	}
	uint32_t failed = 0;
	for (uint32_t i = 0; i < 10000; i++)
		failed += vmi_net_notify(0) != 0;
	CHECK_EQ(failed, 0);
	n->side[NET_TX_RING].ring->rsp_prod = n->side[NET_TX_RING].rsp_cons;
	n->side[NET_RX_RING].ring->rsp_prod = n->side[NET_RX_RING].rsp_cons;
	CHECK_RET(net_tx_sync(n, f, 0, 60, 0), VMI_NET_OK);   /* still works */
}

static void never_stocked(struct net *n)
{
	uint32_t f = frame_alloc();
	net_arp_request(pfn_to_va(f));
	uint32_t sent = 0;
	for (uint32_t i = 0; i < ARPS; i++)
		sent += net_tx_sync(n, f, 0, NET_ARP_LEN, 0) == VMI_NET_OK;
	CHECK_EQ(sent, ARPS);
	uint64_t limit = vmi_time_ns() + WAIT_NS;
	struct vmi_net_stats st = net_stats(0);
	while (st.rx_dropped < ARPS && vmi_time_ns() < limit)
		st = net_stats(0);
	CHECK_EQ(st.rx_dropped, ARPS);
	CHECK_EQ(st.rx_packets, 0);
}

void test_main(void)
{
	struct net n;

	if (!net_present())
		return;
	CHECK(net_open(&n, 0) > 0);
	uint32_t f = junk();
	printf("attack: transmit requests naming frames that are not ordinary memory of ours\n");
	bad_transmits(&n);
	printf("attack: receive buffers of the same kinds\n");
	bad_buffers(&n);
	printf("attack: one id for many requests\n");
	reused_ids(&n, f);
	printf("attack: req_prod far ahead\n");
	far_ahead(&n);
	printf("attack: the backend's indexes overwritten, notify storm\n");
	scribble(&n, f);
	printf("attack: a receive ring never stocked\n");
	never_stocked(&n);
	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_errors, 7);
	CHECK_EQ(st.rx_errors, 7);
	CHECK_EQ(st.tx_packets, 8 + 1 + ARPS);
}
