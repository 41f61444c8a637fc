/*
 * boot.c - the backend's first step: take in the boot information.
 *
 * pvhv_entry calls pvhv_boot before guest_main.  It checks that the builder
 * and the hypervisor speak our contract (the boot info's magic and ABI
 * major, the shared page's magic and version) and keeps copies of what the
 * hot MMU calls read on every use, so they never depend on the guest leaving
 * its boot info intact.  The boot info itself is never written.
 */
#include "backend.h"

const struct vmi_boot_info *pvhv_bi;
uint32_t pvhv_nr_pages;
uint32_t *pvhv_p2m;
uint32_t pvhv_mfn_limit;

/*
 * One past the highest machine frame the P2M names, and at most the M2P's
 * size: a frame at or above it cannot be ours, so mfn_to_pfn never has to
 * read the M2P there - which may not even be mapped that far.
 */
static uint32_t mfn_limit(const uint32_t *p2m, uint32_t nr_pages)
{
	uint32_t top = 0;

	for (uint32_t pfn = 0; pfn < nr_pages; pfn++)
		if (p2m[pfn] != VMI_INVALID_PFN && p2m[pfn] >= top)
			top = p2m[pfn] + 1;
	return top < PVHV_M2P_MAX_FRAMES ? top : PVHV_M2P_MAX_FRAMES;
}

void pvhv_boot(const struct vmi_boot_info *bi)
{
	if (SHARED->magic != PVHV_SHARED_MAGIC || SHARED->version != PVHV_SHARED_VERSION)
		pvhv_crash("pvhv: no shared-info page of our version\n");
	if (bi->magic != VMI_BOOT_INFO_MAGIC || (bi->abi_version >> 16) != VMI_ABI_MAJOR)
		pvhv_crash("pvhv: bad boot information\n");
	pvhv_bi = bi;
	pvhv_nr_pages = bi->nr_pages;
	pvhv_p2m = (uint32_t *)bi->p2m;   /* the guest's own frames */
	pvhv_mfn_limit = mfn_limit(bi->p2m, bi->nr_pages);
}
