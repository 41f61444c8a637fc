/*
 * block.c - the VMI block calls on pvhv: hypercalls (HC_BLKIF_OP) to the
 * hypervisor's virtual block devices (hypervisor/blkring.c).  The ring
 * page is the guest's own frame, named by pseudo-physical frame number;
 * the hypervisor checks every request on it and DMAs straight into and out
 * of the frames the segments name.  VMI_FEAT_BLOCK (info.c) is what the
 * hypervisor publishes in the shared page: set when the domain has a VBD;
 * without one every call answers -VMI_ENOSYS here as there.
 */
#include "backend.h"
#include "hypercall.h"

static int have_block(void)
{
	return (SHARED->features & VMI_FEAT_BLOCK) != 0;
}

int vmi_blk_count(void)
{
	return have_block() ? hc1(HC_BLKIF_OP, BLKOP_COUNT) : -VMI_ENOSYS;
}

int vmi_blk_info(uint32_t dev, struct vmi_blk_info *out)
{
	if (!have_block())
		return -VMI_ENOSYS;
	return hc3(HC_BLKIF_OP, BLKOP_INFO, dev, (uint32_t)out);
}

int vmi_blk_attach(uint32_t dev, uint32_t ring_pfn)
{
	if (!have_block())
		return -VMI_ENOSYS;
	return hc3(HC_BLKIF_OP, BLKOP_ATTACH, dev, ring_pfn);
}

int vmi_blk_notify(uint32_t dev)
{
	if (!have_block())
		return -VMI_ENOSYS;
	return hc2(HC_BLKIF_OP, BLKOP_NOTIFY, dev);
}
