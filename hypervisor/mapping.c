/*
 * mapping.c - how the hypervisor reaches memory it has no fixed mapping
 * for, and the processor operations of memory management.
 *
 * Domain frames lie above HV_RESERVED_TOP, outside the direct map, so the
 * hypervisor reads and writes them through HV_NR_WINDOWS one-page windows
 * at HV_WINDOW_BASE.  The windows' L1 (hv_window_l1, L2 slot 1023 of every
 * address space) maps itself at HV_WINDOW_L1_VA, which is where its entries
 * are written: that works whichever address space is loaded.  Every caller
 * runs with interrupts off (the hypervisor is never preempted), so a
 * bitmask of busy windows needs no lock.  A window that is not given back
 * is a hypervisor bug, and running out of them stops the machine.
 */
#include "hv.h"
#include "mm.h"

#define HV_LOAD_OFFSET (HV_IMAGE_BASE - 0x100000u)   /* image: virtual - machine */
#define CR4_PGE 0x80u

static uint32_t windows_busy;   /* bit i: window i maps a frame */

_Static_assert(HV_NR_WINDOWS <= 32 && HV_NR_WINDOWS < 1022, "windows fit the mask and L1");

static void invlpg(uint32_t va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static volatile uint32_t *window_pte(uint32_t i)
{
	return (volatile uint32_t *)HV_WINDOW_L1_VA + i;
}

/* A fresh entry is not enough: the TLB may still hold the window's last
 * frame, hence the invlpg on every map. */
void *map_domain_page(uint32_t mfn)
{
	if (mfn >= (1u << (32 - VMI_PAGE_SHIFT)))
		hv_panic("map_domain_page: no frame %#x", mfn);
	for (uint32_t i = 0; i < HV_NR_WINDOWS; i++) {
		uint32_t va = HV_WINDOW_BASE + (i << VMI_PAGE_SHIFT);

		if (windows_busy & (1u << i))
			continue;
		windows_busy |= 1u << i;
		*window_pte(i) = (mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
		invlpg(va);
		return (void *)va;
	}
	hv_panic("map_domain_page: all %u windows in use (a leak)", HV_NR_WINDOWS);
}

/* Takes any address inside the window.  The entry is cleared so that a
 * domain frame is never reachable through a window nobody owns. */
void unmap_domain_page(void *va)
{
	uint32_t i = ((uint32_t)va - HV_WINDOW_BASE) >> VMI_PAGE_SHIFT;

	if ((uint32_t)va < HV_WINDOW_BASE || i >= HV_NR_WINDOWS || !(windows_busy & (1u << i)))
		hv_panic("unmap_domain_page: %p is not a mapped window", va);
	*window_pte(i) = 0;
	invlpg(HV_WINDOW_BASE + (i << VMI_PAGE_SHIFT));
	windows_busy &= ~(1u << i);
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

void mm_load_cr3(uint32_t pa)
{
	asm volatile("mov %0, %%cr3" : : "r"(pa) : "memory");
	mm_tlb_clock++;
}

/* Reloading CR3 keeps global entries; if CR4.PGE is on, toggling it is
 * what drops them (guest L1 entries may carry G). */
void mm_flush_tlb(void)
{
	uint32_t cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_PGE) {
		asm volatile("mov %0, %%cr4" : : "r"(cr4 & ~CR4_PGE) : "memory");
		asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
		mm_tlb_clock++;
	} else {
		mm_load_cr3(mm_read_cr3());
	}
}
