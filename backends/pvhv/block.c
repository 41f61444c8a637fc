/*
 * block.c - the VMI block calls on pvhv: not yet.  The hypervisor has no
 * virtual block devices (VBDs) so far, so VMI_FEAT_BLOCK is clear and every
 * call answers -VMI_ENOSYS, as vmi.spec requires of a backend without the
 * feature (docs/DESIGN.md, "Block devices").
 */
#include "backend.h"

int vmi_blk_count(void)
{
	return -VMI_ENOSYS;
}

int vmi_blk_info(uint32_t dev, struct vmi_blk_info *out)
{
	(void)dev;
	(void)out;
	return -VMI_ENOSYS;
}

int vmi_blk_attach(uint32_t dev, uint32_t ring_pfn)
{
	(void)dev;
	(void)ring_pfn;
	return -VMI_ENOSYS;
}

int vmi_blk_notify(uint32_t dev)
{
	(void)dev;
	return -VMI_ENOSYS;
}
