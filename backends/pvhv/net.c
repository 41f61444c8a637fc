/*
 * net.c - the VMI network calls on pvhv: hypercalls (HC_NETIF_OP) to the
 * domain's virtual interface in the hypervisor (hypervisor/vif.c).  Every
 * domain has one, eth0, switched by the hypervisor's virtual
 * firewall-router to other domains and to the physical NIC
 * (hypervisor/netsw.c), so VMI_FEAT_NET is always set (info.c).  The
 * rings are the guest's own frames, named by pseudo-physical frame
 * number; the hypervisor checks every request on them, sends to the NIC
 * by DMA from the guest's frames and copies received frames into the
 * buffers posted.
 */
#include "backend.h"
#include "hypercall.h"

int vmi_net_count(void)
{
	return hc1(HC_NETIF_OP, NETOP_COUNT);
}

int vmi_net_info(uint32_t dev, struct vmi_net_info *out)
{
	return hc3(HC_NETIF_OP, NETOP_INFO, dev, (uint32_t)out);
}

int vmi_net_attach(uint32_t dev, uint32_t tx_pfn, uint32_t rx_pfn)
{
	return hc4(HC_NETIF_OP, NETOP_ATTACH, dev, tx_pfn, rx_pfn);
}

int vmi_net_notify(uint32_t dev)
{
	return hc2(HC_NETIF_OP, NETOP_NOTIFY, dev);
}

int vmi_net_stats(uint32_t dev, struct vmi_net_stats *out)
{
	return hc3(HC_NETIF_OP, NETOP_STATS, dev, (uint32_t)out);
}
