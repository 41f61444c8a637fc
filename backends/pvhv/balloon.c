/*
 * balloon.c - the VMI balloon group on pvhv: HC_MEMORY_OP.
 *
 * The hypervisor takes frames back by machine frame and says which frames
 * it gave for a populate; this file translates with the guest's P2M and
 * keeps it true: a released pfn maps to VMI_INVALID_PFN (make_pte then
 * yields an entry no table accepts), a populated one to its new frame.
 */
#include "backend.h"
#include "hypercall.h"

static int batch_ok(uint32_t count)
{
	return count > 0 && count <= VMI_BALLOON_BATCH;
}

int vmi_mem_release(const uint32_t *pfns, uint32_t count)
{
	uint32_t mfns[VMI_BALLOON_BATCH];
	int rc;

	if (!batch_ok(count))
		return -VMI_EINVAL;
	for (uint32_t i = 0; i < count; i++) {
		mfns[i] = vmi_pfn_to_mfn(pfns[i]);
		if (mfns[i] == VMI_INVALID_PFN)
			return -VMI_EINVAL;   /* out of range or without memory */
	}
	rc = hc3(HC_MEMORY_OP, MEMOP_RELEASE, (uint32_t)mfns, count);
	for (uint32_t i = 0; rc > 0 && i < count; i++)
		pvhv_p2m[pfns[i]] = VMI_INVALID_PFN;
	return rc;
}

int vmi_mem_populate(const uint32_t *pfns, uint32_t count)
{
	uint32_t mfns[VMI_BALLOON_BATCH];
	int rc;

	if (!batch_ok(count))
		return -VMI_EINVAL;
	rc = hc4(HC_MEMORY_OP, MEMOP_POPULATE, (uint32_t)pfns, count, (uint32_t)mfns);
	for (uint32_t i = 0; rc > 0 && i < count; i++)
		pvhv_p2m[pfns[i]] = mfns[i];
	return rc;
}

int vmi_mem_target(void)
{
	return hc1(HC_MEMORY_OP, MEMOP_TARGET);
}

int vmi_mem_set_target(uint32_t id, uint32_t pages)
{
	return hc3(HC_MEMORY_OP, MEMOP_SET_TARGET, id, pages);
}
