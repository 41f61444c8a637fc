/*
 * page.c - frames with reference counts, for user memory and user page
 * tables.
 *
 * Copy-on-write fork shares a frame between address spaces, so a frame is
 * free only when the last mapping goes: each frame handed out here has a
 * 16-bit count.  The counts live in pages of their own, allocated at boot
 * for the memory the direct map covers (one page counts 2048 frames), so no
 * large array sits in the kernel image.  Frames come from and go back to
 * the frame allocator (lib/frames.h); running out is an error the callers
 * turn into -ENOMEM or a killed process, never a panic.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define COUNTS_PER_PAGE (VMI_PAGE_SIZE / sizeof(uint16_t))
#define MAX_PFN ((VMI_HV_START - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT)
#define NR_COUNT_PAGES ((MAX_PFN + COUNTS_PER_PAGE - 1) / COUNTS_PER_PAGE)

static uint16_t *counts[NR_COUNT_PAGES];
static uint32_t nr_pfn;             /* frames with a count */
static uint32_t nr_allocated;

void page_init(const struct vmi_boot_info *bi)
{
	nr_pfn = bi->nr_pages < MAX_PFN ? bi->nr_pages : MAX_PFN;
	for (uint32_t i = 0; i * COUNTS_PER_PAGE < nr_pfn; i++)
		counts[i] = pfn_to_va(frame_alloc());
}

static uint16_t *count_of(uint32_t pfn)
{
	if (pfn >= nr_pfn)
		panic("page: frame %u has no reference count", pfn);
	return &counts[pfn / COUNTS_PER_PAGE][pfn % COUNTS_PER_PAGE];
}

uint32_t page_alloc(void)
{
	uint32_t pfn = frame_try_alloc();

	if (pfn == VMI_INVALID_PFN)
		return pfn;
	*count_of(pfn) = 1;
	nr_allocated++;
	return pfn;
}

void page_get(uint32_t pfn)
{
	uint16_t *c = count_of(pfn);

	if (*c == 0 || *c == 0xFFFF)
		panic("page_get: frame %u has count %u", pfn, *c);
	(*c)++;
}

void page_put(uint32_t pfn)
{
	uint16_t *c = count_of(pfn);

	if (*c == 0)
		panic("page_put: frame %u is free", pfn);
	if (--*c == 0) {
		nr_allocated--;
		frame_free(pfn);
	}
}

uint32_t page_refs(uint32_t pfn)
{
	return *count_of(pfn);
}

uint32_t pages_free(void)
{
	return frames_free();
}
