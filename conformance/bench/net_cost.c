/*
 * net_cost - the network path's cost per frame, for the measurements of
 * docs/DESIGN.md ("Virtual network interfaces and the VFR"); not a
 * conformance test (conformance/run.py never runs conformance/bench/).
 * Run under icount (VMI_QEMU_EXTRA='-icount shift=0,sleep=off': one
 * nanosecond of vmi_time_ns per instruction) with one NIC on QEMU's user
 * network, alone (native or pvhv: "to the NIC" rows) or on pvhv as two
 * domains "name=a" and "name=b" (a also measures "to a VIF" rows):
 *
 *   bench net_<path>_<bytes> per_frame_insns=<n>
 *
 * Each row times one notify that sends BATCH frames of that size: the
 * backend takes, checks and switches them in that call (to the NIC: queued
 * for DMA; to a VIF: copied into b's posted buffers), so the time over
 * BATCH is the backend's work per frame, guest ring writes excluded.
 * The completion path (the NIC's interrupt, responses) is in the
 * _round rows: from the notify to the last response, over BATCH.
 */
#include "../calls/net.h"

const char test_title[] = "bench: network cost per frame (not a test)";

#define BATCH 64u
#define NBUF  128u

static uint8_t mac[2][6], ip[2][4];
static volatile unsigned got;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	got++;
}

static void wait_event(void)
{
	vmi_irq_disable();
	while (!got) {
		vmi_safe_halt();
		vmi_irq_disable();
	}
}

/* Send BATCH copies of frame f (len bytes) in one notify; print both rows. */
static void measure(struct net *n, const char *path, uint32_t f, uint16_t len)
{
	struct net_side *s = &n->side[NET_TX_RING];
	for (uint32_t i = 0; i < BATCH; i++)
		net_tx(n, i, f, 0, len, 0);
	uint64_t t0 = vmi_time_ns();
	net_push(n);                                     /* one notify: the ring was idle */
	uint64_t t1 = vmi_time_ns();
	for (uint32_t i = 0; i < BATCH; i++)
		net_take(n, NET_TX_RING);
	uint64_t t2 = vmi_time_ns();
	printf("bench net_%s_%u per_frame_insns=%u\n", path, len, (uint32_t)((t1 - t0) / BATCH));
	printf("bench net_%s_%u_round per_frame_insns=%u\n", path, len,
	       (uint32_t)((t2 - t0) / BATCH));
	(void)s;
}

void test_main(void)
{
	struct net n;
	int b = test_has_word("name=b"), a = test_has_word("name=a"), port = 0;

	if (!net_present())
		return;
	for (int i = 0; i < 2; i++) {
		net_dom_mac((uint32_t)i, mac[i]);
		net_dom_ip((uint32_t)i, ip[i]);
	}
	if (a)
		port = vmi_evtchn_alloc_unbound(1);
	else if (b)
		while ((port = vmi_evtchn_bind_interdomain(0, 1)) == -VMI_EINVAL)
			vmi_sched_yield();
	if (port > 0)
		event_set_handler((unsigned)port, on_event);
	CHECK(net_open(&n, 0) > 0);
	if (b) {
		for (uint32_t i = 0; i < NBUF; i++)
			net_post(&n, i, frame_alloc());
		net_push(&n);
		CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);   /* ready */
		wait_event();                                    /* a is done */
		return;
	}
	uint32_t f = frame_alloc();
	uint8_t *p = pfn_to_va(f);
	static const uint16_t sizes[2] = { 60, 1514 };
	for (int k = 0; k < 2; k++) {
		uint16_t data = (uint16_t)(sizes[k] - 42);
		net_udp(p, net_gw_mac, mac[0], ip[0], net_gw_ip, 9, 9, data, 0);
		measure(&n, "to_nic", f, sizes[k]);
	}
	if (a) {
		wait_event();                                    /* b is ready */
		for (int k = 0; k < 2 && k * BATCH < NBUF; k++) {
			uint16_t data = (uint16_t)(sizes[k] - 42);
			net_udp(p, mac[1], mac[0], ip[0], ip[1], 9, 9, data, 0);
			measure(&n, "to_vif", f, sizes[k]);
		}
		CHECK_RET(vmi_evtchn_send((uint32_t)port), 0);   /* done */
	}
}
