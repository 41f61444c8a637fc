/*
 * net_tx_errors - transmit requests the backend must refuse, each with its
 * own response: -VMI_EINVAL for a length of 0, 13 (shorter than an
 * Ethernet header) or mtu + 15, a frame reaching past its page, flags not
 * 0, a frame that is not the guest's, a pinned page table, the transmit
 * ring itself; the bounds themselves (14 and
 * mtu + 14 bytes, a frame ending at the page's last byte) are sent.  A
 * refused request leaves the ring usable, also in a batch mixing good and
 * bad requests (each id answered once), and the counters add up.
 */
#include "net.h"

const char test_title[] = "network interfaces: bad transmit requests";

/* A harmless frame: broadcast, from us, a local experimental ethertype
 * that QEMU's user network ignores. */
static uint32_t junk_frame(void)
{
	uint32_t pfn = frame_alloc();
	uint8_t *p = pfn_to_va(pfn);
	for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
		p[i] = 0;
	static const uint32_t at[] = { 0, 2048, VMI_PAGE_SIZE - 60 };
	for (uint32_t k = 0; k < 3; k++) {
		uint32_t off = at[k];
		for (int i = 0; i < 6; i++)
			p[off + i] = 0xFF;
		net_copy(p + off + 6, net_our_mac, 6);
		p[off + 12] = 0x88, p[off + 13] = 0xB5;
	}
	return pfn;
}

void test_main(void)
{
	struct net n;
	struct vmi_net_info info;

	if (!net_present())
		return;
	CHECK_RET(vmi_net_info(0, &info), 0);
	const uint16_t max = (uint16_t)(info.mtu + VMI_NET_ETH_HLEN);
	CHECK(net_open(&n, 0) > 0);
	uint32_t f = junk_frame();

	CHECK_RET(net_tx_sync(&n, f, 0, 0, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 0, 13, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 0, (uint16_t)(max + 1), 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 0, 0xFFFF, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 2048, 2049, 0), -VMI_EINVAL);   /* past the page */
	CHECK_RET(net_tx_sync(&n, f, 0xFFFF, 14, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 0, 60, 1), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, test_bi->nr_pages, 0, 60, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, 0xFFFFFu, 0, 60, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, test_bi->pt_base_pfn, 0, 60, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, n.side[NET_TX_RING].pfn, 0, 60, 0), -VMI_EINVAL);
	CHECK_RET(net_tx_sync(&n, f, 0, 14, 0), VMI_NET_OK);
	CHECK_RET(net_tx_sync(&n, f, 0, max, 0), VMI_NET_OK);
	CHECK_RET(net_tx_sync(&n, f, VMI_PAGE_SIZE - 60, 60, 0), VMI_NET_OK);  /* to the last byte */

	/* A batch: good, bad, good, bad - one response per id. */
	net_tx(&n, 100, f, 0, 60, 0);
	net_tx(&n, 101, f, 0, 0, 0);
	net_tx(&n, 102, f, 2048, 60, 0);
	net_tx(&n, 103, f, 0, 60, 2);
	net_push(&n);
	int32_t status[4] = { 1, 1, 1, 1 };
	uint32_t bad = 0;
	for (int i = 0; i < 4; i++) {
		struct vmi_net_response r = net_take(&n, NET_TX_RING);
		if (r.id < 100 || r.id > 103 || status[r.id - 100] != 1)
			bad++;
		else
			status[r.id - 100] = r.status;
	}
	CHECK_EQ(bad, 0);
	CHECK(status[0] == VMI_NET_OK && status[2] == VMI_NET_OK);
	CHECK(status[1] == -VMI_EINVAL && status[3] == -VMI_EINVAL);

	struct vmi_net_stats st = net_stats(0);
	CHECK_EQ(st.tx_errors, 13);
	CHECK_EQ(st.tx_packets, 5);
	CHECK_EQ(st.tx_bytes, 14u + max + 60 + 60 + 60);
	CHECK_EQ(st.tx_dropped, 0);
}
