/*
 * ldt.c - each domain's local descriptor table (vmi_set_ldt, HC_SET_LDT).
 *
 * A guest hands over its whole table; it is copied into hypervisor memory
 * (heap pages of the domain's own, as many as it needs), every descriptor
 * checked by the TLS rule widened only for not-present segments
 * (vmi_ldt_desc_allowed: DPL 3 code/data, no system descriptor or gate,
 * no conforming code or expand-down data, nothing reaching the
 * hypervisor), and only then replaces the one before.  The processor reads
 * one table, ldt_area in the image, described by GDT slot PVHV_LDT_SLOT.
 * The current domain's table is copied there when it is switched in,
 * unless ldt_area already holds that very table (a generation per table
 * and its domain), and the table before is wiped; a domain without one
 * runs with the LDT register null - so no domain ever sees another's.
 * Address-space mode maps in the guest views (read-only, as the GDT) just
 * the pages of ldt_area the current table fills (isolation_map_ldt): the
 * switcher stays four pages, and a domain without a table sees nothing.
 * Switching between two domains of which one has a table therefore costs
 * a wipe and a copy of its entries; between domains without one, nothing.
 * Descriptors go in with their accessed bit set (the processor must not
 * write these pages while a guest runs; gdt.c).
 *
 * Why a copied table and not Xen's LDT in guest pages: Xen maps guest
 * frames typed "descriptor page" read-only and validates them per write,
 * which needs a page type of its own; LDTs are rare (DOS and Win16
 * emulators, LTP), so one checked copy per change and per switch between
 * domains that use one is simpler and costs nothing to everyone else.
 */
#include "hv.h"
#include "mm.h"
#include "lib/klib.h"
#include <vmi/rules.h>

#define LDT_PAGES(count) (((count) * 8u + VMI_PAGE_SIZE - 1) / VMI_PAGE_SIZE)

static uint64_t ldt_area[VMI_LDT_ENTRIES] __attribute__((aligned(4096)));
static const struct domain *area_owner;  /* whose table, with area_gen */
static uint32_t area_gen;           /* the table ldt_area holds; 0: none */
static uint32_t area_count;         /* its entries, which the LDT register
                                     * covers; 0: the register is null */
static uint32_t next_gen;

static uint32_t new_generation(void)
{
	if (++next_gen == 0)
		next_gen = 1;
	return next_gen;
}

static void lldt(uint32_t sel)
{
	__asm__ volatile("lldt %w0" : : "r"(sel) : "memory");
}

/* d's table becomes the processor's (d is being made current).  What
 * ldt_area held before is wiped first, and the views map only the pages
 * d's table fills. */
void ldt_load(struct domain *d)
{
	if (area_gen == d->ldt_gen && (area_owner == d || !area_gen))
		return;                     /* the same table, or none in both */
	if (area_count) {
		lldt(0);
		memset(ldt_area, 0, area_count * 8);
	}
	isolation_map_ldt((uint32_t)ldt_area, LDT_PAGES(d->ldt_count), LDT_PAGES(area_count));
	area_owner = d;
	area_gen = d->ldt_gen;
	area_count = d->ldt_count;
	if (area_count) {
		memcpy(ldt_area, d->ldt, area_count * 8);
		gdt_set_ldt_desc(vmi_seg_desc((uint32_t)ldt_area, area_count * 8 - 1, 0x82, 0));
		lldt(PVHV_LDT_SLOT << 3);
	}
}

static void ldt_free(struct domain *d)
{
	if (d->ldt)
		heap_free_pages(d->ldt, LDT_PAGES(d->ldt_count));
	d->ldt = 0;
	d->ldt_count = 0;
	d->ldt_gen = 0;
}

/* HC_SET_LDT: count descriptors at guest va become d's table. */
int ldt_set(struct domain *d, uint32_t va, uint32_t count)
{
	uint64_t *t = 0;

	if (count > VMI_LDT_ENTRIES)
		return -VMI_EINVAL;
	if (count) {
		if (!guest_range_ok(va, count * 8))
			return -VMI_EFAULT;
		if (!(t = heap_alloc_pages(LDT_PAGES(count))))
			return -VMI_ENOMEM;
		if (copy_from_guest(t, va, count * 8)) {
			heap_free_pages(t, LDT_PAGES(count));
			return -VMI_EFAULT;
		}
		for (uint32_t i = 0; i < count; i++) {
			if (!vmi_ldt_desc_allowed(t[i], PVHV_SEG_LIMIT)) {
				heap_free_pages(t, LDT_PAGES(count));
				return -VMI_EINVAL;
			}
			if (t[i])
				t[i] |= 1ull << 40;          /* accessed */
		}
	}
	ldt_free(d);
	d->ldt = t;
	d->ldt_count = count;
	d->ldt_gen = count ? new_generation() : 0;
	if (d == current) {
		ldt_load(d);
		gdt_segments_changed();   /* a remembered LDT selector may be gone */
	}
	return 0;
}

/* The domain ends: its table goes back to the heap. */
void ldt_release_domain(struct domain *d)
{
	ldt_free(d);
}

/* The type field of the loaded LDT entry sel names (RPL any), or -1 if
 * there is none or it is not present.  Only the current domain's table is
 * ever loaded, and the return path checks only its selectors. */
int ldt_type(uint32_t sel)
{
	uint32_t idx = sel >> 3;
	uint64_t desc;

	if (!(sel & 4) || idx >= area_count)
		return -1;
	desc = ldt_area[idx];
	if (!(desc & (1ull << 47)))
		return -1;
	return (int)((desc >> 40) & 0xF);
}

/* HC_IRET to ring 3 with sel as CS: a present code entry of the loaded
 * table, RPL 3, and eip within its limit - iret checks both in ring 0,
 * where a fault would be the hypervisor's. */
int ldt_user_code_ok(uint32_t sel, uint32_t eip)
{
	uint32_t idx = sel >> 3, hi, limit;

	if ((sel & 7) != 7 || idx >= area_count || !(ldt_area[idx] & (1ull << 47)))
		return 0;
	hi = (uint32_t)(ldt_area[idx] >> 32);
	if (!(hi & (1u << 11)))
		return 0;                   /* data, not code */
	limit = ((uint32_t)ldt_area[idx] & 0xFFFF) | (hi & 0xF0000);
	if (hi & (1u << 23))
		limit = (limit << 12) | 0xFFF;
	return eip <= limit;
}
