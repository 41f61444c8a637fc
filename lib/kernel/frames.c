/*
 * frames.c - the pseudo-physical frame allocator (frames.h).
 *
 * A bump allocator: frames are handed out upwards from the boot info's
 * first_free_pfn, skipping the reserved ranges of its memory map.  Frames
 * given back with frame_free (the process core's user pages and page tables)
 * go on a free list, linked through their first word, and are reused first.
 * Frames are zeroed through the direct map, so allocation stops at
 * the end of what the direct map covers (the boot info's mapped_pages until
 * the guest has built a bigger map and called frames_set_limit).
 */
#include "frames.h"
#include "lib/klib.h"
#include "pt.h"

static const struct vmi_boot_info *boot;
static uint32_t next_pfn;   /* lowest frame never handed out */
static uint32_t limit_pfn;  /* allocation stays below this */
static uint32_t free_head = VMI_INVALID_PFN;  /* freed frames, a stack */
static uint32_t nr_freed;

/* The reserved range containing pfn, or NULL if pfn is ordinary memory. */
static const struct vmi_mem_range *reserved_range(uint32_t pfn)
{
	for (uint32_t i = 0; i < boot->nr_mem_ranges && i < VMI_MAX_MEM_RANGES; i++) {
		const struct vmi_mem_range *m = &boot->mem[i];
		if (m->type == VMI_MEM_RESERVED &&
		    pfn >= m->start_pfn && pfn - m->start_pfn < m->nr_pages)
			return m;
	}
	return NULL;
}

/* Move next_pfn past any reserved ranges it points into. */
static void skip_reserved(void)
{
	const struct vmi_mem_range *m;

	while (next_pfn < limit_pfn && (m = reserved_range(next_pfn)) != NULL)
		next_pfn = m->start_pfn + m->nr_pages;
}

void frames_init(const struct vmi_boot_info *bi)
{
	boot = bi;
	next_pfn = bi->first_free_pfn;
	limit_pfn = bi->mapped_pages < bi->nr_pages ? bi->mapped_pages : bi->nr_pages;
	/* The direct map the allocator zeroes through is the boot address
	 * space; pt.h has no init call of its own, so record it here. */
	pt_current_l2 = bi->pt_base_pfn;
}

void frames_set_limit(uint32_t limit)
{
	limit_pfn = limit < boot->nr_pages ? limit : boot->nr_pages;
}

uint32_t frame_try_alloc(void)
{
	uint32_t pfn;

	if (free_head != VMI_INVALID_PFN) {
		pfn = free_head;
		free_head = *(uint32_t *)pfn_to_va(pfn);
		nr_freed--;
	} else {
		skip_reserved();
		if (next_pfn >= limit_pfn)
			return VMI_INVALID_PFN;
		pfn = next_pfn++;
	}
	memset(pfn_to_va(pfn), 0, VMI_PAGE_SIZE);
	return pfn;
}

uint32_t frame_alloc(void)
{
	uint32_t pfn = frame_try_alloc();

	if (pfn == VMI_INVALID_PFN)
		panic("frames: out of memory (limit pfn %u)", limit_pfn);
	return pfn;
}

void frame_free(uint32_t pfn)
{
	*(uint32_t *)pfn_to_va(pfn) = free_head;
	free_head = pfn;
	nr_freed++;
}

uint32_t frames_free(void)
{
	uint32_t n = nr_freed;

	/* Counting frame by frame is slow but only used for reporting. */
	for (uint32_t pfn = next_pfn; pfn < limit_pfn; pfn++)
		if (!reserved_range(pfn))
			n++;
	return n;
}
