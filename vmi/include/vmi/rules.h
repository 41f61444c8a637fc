/*
 * vmi/rules.h - rules and representations every implementation of the VMI
 * shares, written once as header-only functions: the descriptor rule of
 * vmi_write_gdt_entry and vmi_set_ldt, and the TSC-to-nanoseconds scale (a 32-bit
 * multiplier and a shift, Xen's representation) that the native backend
 * uses for itself and the hypervisor publishes to pvhv guests.
 * Also the descriptor encoding itself, which every user of
 * vmi_write_gdt_entry needs.  Freestanding; no backend-specific code.
 */
#ifndef VMI_RULES_H
#define VMI_RULES_H

#include <stdint.h>

/* A segment descriptor from its parts: access byte (P, DPL, S, type) and
 * flags nibble (G in bit 3, D/B in bit 2). */
static inline uint64_t vmi_seg_desc(uint32_t base, uint32_t limit, uint32_t access,
				    uint32_t flags)
{
	return (limit & 0xFFFFull) | ((uint64_t)(base & 0xFFFFFF) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xF) << 48) |
	       ((uint64_t)flags << 52) | ((uint64_t)(base >> 24) << 56);
}

/*
 * vmi_write_gdt_entry's rule: 0 (not present), or a present code/data
 * segment (S=1) of DPL 3, not expand-down, ending at or below seg_limit.
 */
static inline int vmi_desc_allowed(uint64_t desc, uint32_t seg_limit)
{
	uint32_t lo = (uint32_t)desc, hi = (uint32_t)(desc >> 32);
	uint32_t type = (hi >> 8) & 0xF, s = (hi >> 12) & 1, dpl = (hi >> 13) & 3;
	uint32_t present = (hi >> 15) & 1, gran = (hi >> 23) & 1;
	uint32_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
	uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
	if (desc == 0)
		return 1;
	if (!present || !s || dpl != 3)
		return 0;
	if (!(type & 0x8) && (type & 0x4))  /* expand-down data reaches 4 GiB */
		return 0;
	if (gran)
		limit = (limit << 12) | 0xFFF;
	return base <= seg_limit && limit <= seg_limit - base;
}

/*
 * vmi_set_ldt's rule: write_gdt_entry's, except that a not-present segment
 * may keep its fields (loading it raises #NP, as Linux's LDT entries do)
 * and conforming code is refused too (no LDT entry may ever be entered
 * from another privilege level).
 */
static inline int vmi_ldt_desc_allowed(uint64_t desc, uint32_t seg_limit)
{
	uint32_t type = (uint32_t)(desc >> 40) & 0xF;

	if (desc == 0)
		return 1;
	if ((type & 0xC) == 0xC)             /* conforming code */
		return 0;
	return vmi_desc_allowed(desc | (1ull << 47), seg_limit);
}

/* Choose mul/shift for a TSC of hz ticks per second (mul stays < 2^32). */
static inline void vmi_tsc_scale_init(uint64_t hz, uint32_t *mul, int32_t *shift)
{
	int32_t s = 0;
	if (hz == 0)
		hz = 1;
	while ((hz << s) <= 1000000000ull)
		s++;
	*shift = s;
	*mul = (uint32_t)((1000000000ull << 32) / (hz << s));
}

/* ns = ((delta << shift) * mul) >> 32 (shift may be negative), no 96-bit type. */
static inline uint64_t vmi_tsc_scale(uint64_t delta, uint32_t mul, int32_t shift)
{
	delta = shift >= 0 ? delta << shift : delta >> -shift;
	uint32_t lo = (uint32_t)delta, hi = (uint32_t)(delta >> 32);
	return (((uint64_t)lo * mul) >> 32) + (uint64_t)hi * mul;
}

#endif /* VMI_RULES_H */
