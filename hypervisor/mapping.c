/*
 * mapping.c - how the hypervisor reaches memory it has no fixed mapping
 * for, and the processor operations of memory management.
 *
 * Domain frames lie above HV_RESERVED_TOP, outside the direct map, so the
 * hypervisor reads and writes them through HV_NR_WINDOWS one-page windows
 * at HV_WINDOW_BASE.  The windows' L1 (hv_window_l1, L2 slot 1023 of every
 * address space) maps itself at HV_WINDOW_L1_VA, which is where its entries
 * are written: that works whichever address space is loaded.  Every caller
 * runs with interrupts off (the hypervisor is never preempted), so bitmasks
 * need no lock.  A window that is not given back is a hypervisor bug, and
 * running out of them stops the machine.
 *
 * A window given back keeps its frame (a small map cache, as Xen's): the
 * next map of the same frame - a page fault's table update usually hits the
 * L1 the last one did - costs neither an entry write nor an invlpg.  A
 * frame's home window (mfn % HV_NR_WINDOWS) makes that hit one look.  Cached
 * windows live only until the next full flush: mm_load_cr3 and mm_flush_tlb
 * clear them first and the flush itself drops their TLB entries, so a
 * cached frame never outlives a domain switch or a domain's release, and a
 * domain frame is never reachable through a window after that.  (The
 * windows are supervisor pages above the guest segment limit, which ring 1
 * never passes on hardware or KVM, and no guest's view maps them in
 * address-space isolation: isolation.c.)
 */
#include "hv.h"
#include "mm.h"

#define HV_LOAD_OFFSET (HV_IMAGE_BASE - 0x100000u)   /* image: virtual - machine */
#define CR4_PGE 0x80u

static uint32_t windows_busy;    /* bit i: window i is lent out */
static uint32_t windows_mapped;  /* bit i: window i maps window_mfn[i] */
static uint32_t window_mfn[HV_NR_WINDOWS];
static uint32_t next_victim;     /* round robin over cached windows */

_Static_assert(HV_NR_WINDOWS <= 32 && HV_NR_WINDOWS < 1022, "windows fit the mask and L1");

static void invlpg(uint32_t va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static volatile uint32_t *window_pte(uint32_t i)
{
	return (volatile uint32_t *)HV_WINDOW_L1_VA + i;
}

static void *window_va(uint32_t i)
{
	return (void *)(HV_WINDOW_BASE + (i << VMI_PAGE_SHIFT));
}

/* A free window already mapping mfn, or HV_NR_WINDOWS. */
static uint32_t cached_window(uint32_t mfn)
{
	uint32_t idle = windows_mapped & ~windows_busy;

	for (uint32_t i = 0; idle; i++, idle >>= 1)
		if ((idle & 1) && window_mfn[i] == mfn)
			return i;
	return HV_NR_WINDOWS;
}

/* A window to remap: an empty one, else a cached one in turn. */
static uint32_t victim_window(void)
{
	for (uint32_t i = 0; i < HV_NR_WINDOWS; i++)
		if (!((windows_busy | windows_mapped) & (1u << i)))
			return i;
	for (uint32_t n = 0; n < HV_NR_WINDOWS; n++) {
		uint32_t i = (next_victim + n) % HV_NR_WINDOWS;

		if (!(windows_busy & (1u << i))) {
			next_victim = i + 1;
			return i;
		}
	}
	hv_panic("map_domain_page: all %u windows in use (a leak)", HV_NR_WINDOWS);
}

/* A fresh entry is not enough when the window mapped another frame: the
 * TLB may still hold that one, hence the invlpg. */
/* Window i maps mfn from now on (its old TLB entry dropped). */
static void map_window(uint32_t i, uint32_t mfn)
{
	*window_pte(i) = (mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
	if (windows_mapped & (1u << i))
		invlpg((uint32_t)window_va(i));
	windows_mapped |= 1u << i;
	window_mfn[i] = mfn;
}

/*
 * A frame goes to its home window, mfn % HV_NR_WINDOWS, whenever that one
 * is not lent out, so a cached frame is found with one look (the hot
 * paths map one or two frames per hypercall).  Only when the home window
 * is busy does the frame go through the cache search and the victim
 * choice; a frame cached in two windows is harmless (both are dropped
 * together at the next flush).
 */
/* The frame's home window is lent out: a cached one, else a victim. */
static __attribute__((noinline)) uint32_t map_away_from_home(uint32_t mfn)
{
	uint32_t i = cached_window(mfn);

	if (i == HV_NR_WINDOWS) {
		i = victim_window();
		map_window(i, mfn);
	}
	return i;
}

static __attribute__((noinline, noreturn)) void no_frame(uint32_t mfn)
{
	hv_panic("map_domain_page: no frame %#x", mfn);
}

static __attribute__((noinline, noreturn)) void not_a_window(void *va)
{
	hv_panic("unmap_domain_page: %p is not a mapped window", va);
}

void *map_domain_page(uint32_t mfn)
{
	uint32_t i;

	if (mfn >= (1u << (32 - VMI_PAGE_SHIFT)))
		no_frame(mfn);
	i = mfn % HV_NR_WINDOWS;
	if (windows_busy & (1u << i))
		i = map_away_from_home(mfn);
	else if (!(windows_mapped & (1u << i)) || window_mfn[i] != mfn)
		map_window(i, mfn);
	windows_busy |= 1u << i;
	return window_va(i);
}

void unmap_domain_page(void *va)
{
	uint32_t i = ((uint32_t)va - HV_WINDOW_BASE) >> VMI_PAGE_SHIFT;

	if ((uint32_t)va < HV_WINDOW_BASE || i >= HV_NR_WINDOWS || !(windows_busy & (1u << i)))
		not_a_window(va);
	windows_busy &= ~(1u << i);
}

/* Before a full flush: forget every cached window (the flush drops their
 * TLB entries).  Windows lent out stay. */
static void drop_cached_windows(void)
{
	uint32_t idle = windows_mapped & ~windows_busy;

	for (uint32_t i = 0; i < HV_NR_WINDOWS; i++)
		if (idle & (1u << i))
			*window_pte(i) = 0;
	windows_mapped &= windows_busy;
}

/* ---- fixed mappings: the frame table, the M2P, the module windows ----
 *
 * L2 slots 1010-1011 and 1016-1022 map machine frames above the direct map
 * that the hypervisor reaches through pointers (hv.h: HV_FRAMES_VA and
 * the others).  Their L1s are part of the image, linked into the idle L2
 * before any domain exists, so every L2 the hypervisor builds later
 * (mm_fill_hv_slots) shares them. */

#define FIXED_FIRST 1010u
#define FIXED_SLOTS (1023u - FIXED_FIRST)          /* 1010-1022 */

static uint32_t fixed_l1[FIXED_SLOTS][1024]
	__attribute__((aligned(4096), section(".bss.pagetables")));

static uint32_t *fixed_pte(uint32_t va)
{
	uint32_t slot = va >> 22;

	if (slot < FIXED_FIRST || slot >= FIXED_FIRST + FIXED_SLOTS ||
	    (slot >= HV_DIRECT_BASE >> 22 && slot < (HV_DIRECT_BASE >> 22) + 4))
		hv_panic("mm_map_fixed: %#x is no fixed-mapping address", va);
	static int linked;

	for (uint32_t s = FIXED_FIRST; !linked && s < FIXED_FIRST + FIXED_SLOTS; s++)
		if (s < HV_DIRECT_BASE >> 22 || s >= (HV_DIRECT_BASE >> 22) + 4)
			hv_idle_l2[s] = ((uint32_t)fixed_l1[s - FIXED_FIRST] - HV_LOAD_OFFSET) |
				VMI_PTE_P | VMI_PTE_W;   /* all at once, on first use */
	linked = 1;
	return &fixed_l1[slot - FIXED_FIRST][(va >> VMI_PAGE_SHIFT) & 1023];
}

/* Map pages frames from mfn at va (mfn 0: unmap them), then flush. */
void mm_map_fixed(uint32_t va, uint32_t mfn, uint32_t pages)
{
	for (uint32_t i = 0; i < pages; i++)
		*fixed_pte(va + (i << VMI_PAGE_SHIFT)) =
			mfn ? ((mfn + i) << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W : 0;
	mm_flush_tlb();
}

/* ---- CR3 and the TLB ---- */

uint32_t mm_idle_l2_pa(void)
{
	return (uint32_t)hv_idle_l2 - HV_LOAD_OFFSET;
}

uint32_t mm_read_cr3(void)
{
	uint32_t v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

uint32_t mm_tlb_clock = 1;       /* frames start stamped 0: not stale */

/* sw_hv_cr3: what entry.S loads on a trap in address-space mode, so a
 * trap always finds the tables the hypervisor last chose. */
extern uint32_t sw_hv_cr3, *sw_cr3_count;

void mm_load_cr3(uint32_t pa)
{
	drop_cached_windows();
	sw_hv_cr3 = pa;
	asm volatile("mov %0, %%cr3" : : "r"(pa) : "memory");
	mm_tlb_clock++;
	(*sw_cr3_count)++;
}

/* Reloading CR3 keeps global entries; if CR4.PGE is on, toggling it is
 * what drops them (guest L1 entries may carry G). */
void mm_flush_tlb(void)
{
	uint32_t cr4;

#ifdef VMI_COUNTERS
	if (current && current->shared)
		current->shared->counters.tlb_flush++;
#endif
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_PGE) {
		drop_cached_windows();
		asm volatile("mov %0, %%cr4" : : "r"(cr4 & ~CR4_PGE) : "memory");
		asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
		mm_tlb_clock++;
	} else {
		mm_load_cr3(mm_read_cr3());
	}
}
