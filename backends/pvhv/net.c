/*
 * net.c - the VMI network calls on pvhv: not yet.  The hypervisor has no
 * virtual interfaces (VIFs) or firewall-router so far, so VMI_FEAT_NET is
 * clear and every call answers -VMI_ENOSYS, as vmi.spec requires of a
 * backend without the feature (docs/DESIGN.md, "Network interfaces").
 */
#include "backend.h"

int vmi_net_count(void)
{
	return -VMI_ENOSYS;
}

int vmi_net_info(uint32_t dev, struct vmi_net_info *out)
{
	(void)dev;
	(void)out;
	return -VMI_ENOSYS;
}

int vmi_net_attach(uint32_t dev, uint32_t tx_pfn, uint32_t rx_pfn)
{
	(void)dev;
	(void)tx_pfn;
	(void)rx_pfn;
	return -VMI_ENOSYS;
}

int vmi_net_notify(uint32_t dev)
{
	(void)dev;
	return -VMI_ENOSYS;
}

int vmi_net_stats(uint32_t dev, struct vmi_net_stats *out)
{
	(void)dev;
	(void)out;
	return -VMI_ENOSYS;
}
