/*
 * net_enum - network interfaces: vmi_net_count, vmi_net_info, vmi_net_stats.
 *
 * The runner attaches one NIC on QEMU's user network (net.h).  Checks: the
 * count; the interface's magic, version, MAC address, MTU (1500), link up
 * and stable name "eth0"; the same answers a second time; fresh counters
 * with their magic and version, all zero (nothing was sent, nothing
 * arrives unasked); an interface number past the count is -VMI_ENOENT for
 * info and stats.  Without VMI_FEAT_NET every network call must answer
 * -VMI_ENOSYS (then SKIP).
 */
#include "net.h"

const char test_title[] = "network interfaces: enumeration, counters";

static int name_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void test_main(void)
{
	struct vmi_net_info a, b;
	struct vmi_net_stats st;

	if (!net_present())
		return;
	CHECK_RET(vmi_net_count(), 1);

	CHECK_RET(vmi_net_info(0, &a), 0);
	CHECK_EQ(a.magic, VMI_NET_INFO_MAGIC);
	CHECK_EQ(a.version, VMI_NET_VERSION);
	CHECK(net_same(a.mac, net_our_mac, 6));
	CHECK_EQ(a.mtu, 1500);
	CHECK_EQ(a.flags, VMI_NET_INFO_LINK_UP);
	CHECK(name_is(a.name, "eth0"));

	/* Stable: asking again gives the same description. */
	CHECK_RET(vmi_net_info(0, &b), 0);
	CHECK(name_is(b.name, a.name) && net_same(b.mac, a.mac, 6) && b.mtu == a.mtu &&
	      b.flags == a.flags);

	CHECK_RET(vmi_net_stats(0, &st), 0);
	CHECK_EQ(st.magic, VMI_NET_STATS_MAGIC);
	CHECK_EQ(st.version, VMI_NET_VERSION);
	CHECK_EQ(st.rx_packets + st.rx_bytes + st.rx_dropped + st.rx_errors, 0);
	CHECK_EQ(st.tx_packets + st.tx_bytes + st.tx_errors + st.tx_dropped, 0);

	CHECK_RET(vmi_net_info(1, &b), -VMI_ENOENT);
	CHECK_RET(vmi_net_info(0xFFFFFFFFu, &b), -VMI_ENOENT);
	CHECK_RET(vmi_net_stats(1, &st), -VMI_ENOENT);
}
