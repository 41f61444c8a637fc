/*
 * balloon.c - the VMI balloon group natively: there is no hypervisor to
 * give memory back to, so every call answers -VMI_ENOSYS (VMI_FEAT_BALLOON
 * is clear).
 */
#include <vmi/vmi.h>

int vmi_mem_release(const uint32_t *pfns, uint32_t count)
{
	(void)pfns; (void)count;
	return -VMI_ENOSYS;
}

int vmi_mem_populate(const uint32_t *pfns, uint32_t count)
{
	(void)pfns; (void)count;
	return -VMI_ENOSYS;
}

int vmi_mem_target(void)
{
	return -VMI_ENOSYS;
}

int vmi_mem_set_target(uint32_t id, uint32_t pages)
{
	(void)id; (void)pages;
	return -VMI_ENOSYS;
}
