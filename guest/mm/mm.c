/*
 * mm.c - the guest kernel's own page tables.
 *
 * The backend boots us on a small map: the first mapped_pages frames at
 * VMI_KERNEL_BASE.  Here the guest builds its own address space through VMI
 * alone - a new L2 and enough L1s to direct-map ALL of pseudo-physical memory
 * - switches to it and releases the boot tables, exactly as a deprivileged
 * kernel must: every table pinned before use, written only through
 * vmi_mmu_update, and never mapped writable while pinned.
 *
 * The order matters on a validating backend:
 *   1. allocate and pin the new L1s, then the new (empty) L2;
 *   2. fill the L1s in lazy mode, one vmi_mmu_update batch per L1, mapping
 *      every page-table frame (boot and new) read-only - the new L2 is
 *      already pinned and an L1 may not map a pinned frame writable;
 *   3. point the new L2 at the (pinned) L1s, flush the lazy queue;
 *   4. switch, then unpin the boot L2 before the boot L1s it refers to.
 */
#include "kernel.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define PTES_PER_TABLE 1024u
#define L2_SLOT(va) ((uint32_t)(va) >> 22)
/* Slots between the kernel base and the hypervisor: at most this many L1s. */
#define MAX_L1 (L2_SLOT(VMI_HV_START) - L2_SLOT(VMI_KERNEL_BASE))
/* The boot map may use any slot below hv_start (it uses only the kernel's). */
#define MAX_BOOT_L1 L2_SLOT(VMI_HV_START)

static uint32_t dm_pages;               /* frames in the new direct map */
static uint32_t hv_slot;                /* first L2 slot of the backend */
static uint32_t new_l2, new_l1[MAX_L1], nr_new_l1;
static uint32_t boot_l2, boot_l1[MAX_BOOT_L1], nr_boot_l1;
static int boot_released;               /* boot tables unpinned */
static int dm_ok;                       /* the map read back as built */

/* One L1's worth of updates; too big for the stack, so static. */
static struct vmi_mmu_update batch[PTES_PER_TABLE];

/* Was pfn a page table at the time the direct map was built? */
static int is_table(uint32_t pfn)
{
	if (pfn == new_l2 || pfn == boot_l2)
		return 1;
	for (uint32_t i = 0; i < nr_new_l1; i++)
		if (new_l1[i] == pfn)
			return 1;
	for (uint32_t i = 0; i < nr_boot_l1; i++)
		if (boot_l1[i] == pfn)
			return 1;
	return 0;
}

/* Record the boot L2 and the L1s it refers to below the backend's slots. */
static void find_boot_tables(const struct vmi_boot_info *bi)
{
	const vmi_pte_t *l2 = pfn_to_va(bi->pt_base_pfn);

	boot_l2 = bi->pt_base_pfn;
	for (uint32_t slot = 0; slot < hv_slot; slot++) {
		if (!(l2[slot] & VMI_PTE_P))
			continue;
		if (l2[slot] & VMI_PTE_PS)
			panic("mm: boot L2 holds a large page");
		boot_l1[nr_boot_l1++] = vmi_pte_pfn(l2[slot]);
	}
}

/* Step 1: pinned, empty tables - the L1s first, as an L2 may only ever
 * refer to pinned L1s. */
static void alloc_tables(void)
{
	nr_new_l1 = (dm_pages + PTES_PER_TABLE - 1) / PTES_PER_TABLE;
	for (uint32_t i = 0; i < nr_new_l1; i++)
		new_l1[i] = pt_new_table(1);
	new_l2 = pt_new_table(2);
}

/* Queue one batch; in lazy mode errors surface at vmi_lazy_flush. */
static void submit(uint32_t count)
{
	int rc = vmi_mmu_update(batch, count, NULL);

	if (rc)
		panic("mm: vmi_mmu_update failed (%d)", rc);
}

/* The entry at index `index` of table frame `table`, as an update target. */
static uint32_t entry_ptr(uint32_t table, uint32_t index)
{
	return (table << VMI_PAGE_SHIFT) | (index * sizeof(vmi_pte_t)) |
	       VMI_MMU_NORMAL_PT_UPDATE;
}

/* Step 2: L1 number i maps frames [i * 1024, i * 1024 + 1024). */
static void fill_l1(uint32_t i)
{
	uint32_t base = i * PTES_PER_TABLE, n = 0;

	for (uint32_t pfn = base; pfn < dm_pages && pfn < base + PTES_PER_TABLE; pfn++) {
		uint32_t flags = VMI_PTE_P | (is_table(pfn) ? 0 : VMI_PTE_W);

		/* A frame the backend has no machine frame for stays unmapped. */
		if (vmi_pfn_to_mfn(pfn) == VMI_INVALID_PFN)
			continue;
		batch[n].ptr = entry_ptr(new_l1[i], pfn - base);
		batch[n].val = vmi_make_pte(pfn, flags);
		n++;
	}
	submit(n);
}

/* Step 3: the kernel's L2 slots point at the new L1s. */
static void fill_l2(void)
{
	for (uint32_t i = 0; i < nr_new_l1; i++) {
		batch[i].ptr = entry_ptr(new_l2, L2_SLOT(VMI_KERNEL_BASE) + i);
		batch[i].val = vmi_make_pte(new_l1[i], VMI_PTE_P | VMI_PTE_W);
	}
	submit(nr_new_l1);
}

/* Is pfn one of the boot tables? */
static int is_boot_table(uint32_t pfn)
{
	if (pfn == boot_l2)
		return 1;
	for (uint32_t i = 0; i < nr_boot_l1; i++)
		if (boot_l1[i] == pfn)
			return 1;
	return 0;
}

/* Step 4: the boot tables become ordinary memory again.  None of them may
 * be in use as a table by the new address space: read back the new L2
 * (after the flush, so nothing is stale) and look. */
static void release_boot_tables(void)
{
	const vmi_pte_t *l2 = pfn_to_va(new_l2);
	int rc;

	if (is_boot_table(new_l2))
		panic("mm: the new L2 is a boot table");
	for (uint32_t slot = 0; slot < hv_slot; slot++)
		if ((l2[slot] & VMI_PTE_P) && is_boot_table(vmi_pte_pfn(l2[slot])))
			panic("mm: the new L2 refers to a boot table");
	/* The L2 first: an L1 still referenced by a pinned L2 cannot go. */
	rc = vmi_pt_unpin(boot_l2);
	for (uint32_t i = 0; rc == 0 && i < nr_boot_l1; i++)
		rc = vmi_pt_unpin(boot_l1[i]);
	if (rc)
		panic("mm: cannot unpin the boot tables (%d)", rc);
	rc = pt_set_alias_writable(boot_l2, 1);
	for (uint32_t i = 0; rc == 0 && i < nr_boot_l1; i++)
		rc = pt_set_alias_writable(boot_l1[i], 1);
	if (rc)
		panic("mm: cannot make the old tables writable (%d)", rc);
	boot_released = 1;
}

/* The new direct map maps every frame to itself, writable unless it is one
 * of the new tables (the boot tables are ordinary memory again).  Judged
 * right after the switch: tables made later are read-only too. */
static int direct_map_ok(void)
{
	for (uint32_t pfn = 0; pfn < dm_pages; pfn++) {
		vmi_pte_t e = pt_get(pt_current_l2, (uint32_t)pfn_to_va(pfn));
		int table = is_table(pfn) && !is_boot_table(pfn);

		if (vmi_pfn_to_mfn(pfn) == VMI_INVALID_PFN)
			continue;
		if (!(e & VMI_PTE_P) || vmi_pte_pfn(e) != pfn)
			return 0;
		if (((e & VMI_PTE_W) == 0) != table)
			return 0;
	}
	/* The last frame, beyond the boot map, is really reachable. */
	(void)*(volatile uint32_t *)pfn_to_va(dm_pages - 1);
	return 1;
}

/* pt_map / pt_unmap on the live tables: a fresh frame seen at a second
 * address (which needs a new L1) shows what is written through the first. */
static int map_roundtrip_ok(void)
{
	const uint32_t va = 0x80000000u;  /* below the kernel: nothing there yet */
	uint32_t pfn = frame_alloc();
	volatile uint32_t *alias = (volatile uint32_t *)va;
	int ok;

	if (pt_get(pt_current_l2, va) & VMI_PTE_P)
		return 0;
	if (pt_map(pt_current_l2, va, pfn, VMI_PTE_P | VMI_PTE_W))
		return 0;
	alias[5] = 0xC0FFEE11u;
	ok = *(volatile uint32_t *)((char *)pfn_to_va(pfn) + 5 * 4) == 0xC0FFEE11u;
	ok = ok && vmi_pte_pfn(pt_get(pt_current_l2, va)) == pfn;
	ok = ok && pt_unmap(pt_current_l2, va) == 0 && pt_get(pt_current_l2, va) == 0;
	return ok;
}

void mm_init(const struct vmi_boot_info *bi)
{
	uint32_t room = (bi->hv_start - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT;
	int rc;

	dm_pages = bi->nr_pages < room ? bi->nr_pages : room;
	hv_slot = L2_SLOT(bi->hv_start) < MAX_BOOT_L1 ? L2_SLOT(bi->hv_start) : MAX_BOOT_L1;
	find_boot_tables(bi);
	alloc_tables();
	vmi_lazy_begin();
	for (uint32_t i = 0; i < nr_new_l1; i++)
		fill_l1(i);
	fill_l2();
	rc = vmi_lazy_flush();
	if (rc)
		panic("mm: building the direct map failed (%d)", rc);
	rc = vmi_set_pagetable(new_l2);
	if (rc)
		panic("mm: cannot switch to the new tables (%d)", rc);
	pt_current_l2 = new_l2;
	release_boot_tables();
	frames_set_limit(dm_pages);
	dm_ok = direct_map_ok();
	printf("mm: own page tables active, all memory direct-mapped\n");
}

int mm_check(void)
{
	return boot_released && dm_ok && pt_current_l2 == new_l2 &&
	       map_roundtrip_ok();
}
