/*
 * frames.h - the guest's pseudo-physical frame allocator and direct map.
 *
 * Frames are handed out from the boot info's first_free_pfn upwards, skipping
 * reserved ranges of its memory map, up to the end of what the direct map
 * covers (frames_set_limit raises that once the guest maps more memory).
 */
#ifndef GUEST_FRAMES_H
#define GUEST_FRAMES_H

#include <stdint.h>
#include <vmi/vmi.h>

void frames_init(const struct vmi_boot_info *bi);
/* Allow allocation below pfn `limit` (the direct map now reaches it). */
void frames_set_limit(uint32_t limit);
/* A zeroed frame, or panic when memory is exhausted. */
uint32_t frame_alloc(void);
/* A zeroed frame, or VMI_INVALID_PFN when memory is exhausted. */
uint32_t frame_try_alloc(void);
/* Give back a frame (not mapped anywhere, not pinned) for reuse. */
void frame_free(uint32_t pfn);
/* Frames still free below the current limit. */
uint32_t frames_free(void);

static inline void *pfn_to_va(uint32_t pfn)
{
	return (void *)(VMI_KERNEL_BASE + (pfn << VMI_PAGE_SHIFT));
}

static inline uint32_t va_to_pfn(const void *va)
{
	return ((uint32_t)va - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT;
}

#endif /* GUEST_FRAMES_H */
