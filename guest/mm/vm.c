/*
 * vm.c - user address spaces: one pinned L2 per process, user L1s pinned
 * as they are needed, and the kernel half shared by all.
 *
 * Every L2 gets the kernel's L2 entries for the slots from VMI_KERNEL_BASE
 * up to the backend's first slot, so the direct map (whose L1s are pinned
 * once, by mm.c) is the same in every address space.  A table frame is
 * filled while it is still ordinary memory (plain stores through the direct
 * map), then its direct-map alias is made read-only and it is pinned -
 * which validates the contents once - and from then on it changes only
 * through vmi_pte_write / vmi_mmu_update.  Nothing is mapped up front:
 * vm_fault fills pages on first touch from the area (struct vma) that
 * covers them, zero-filled or read from a file.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define L2_SLOT(va)   ((uint32_t)(va) >> 22)
#define L1_INDEX(va)  (((uint32_t)(va) >> VMI_PAGE_SHIFT) & 1023u)
#define USER_SLOTS    L2_SLOT(VMI_KERNEL_BASE)
#define TABLE_FLAGS   (VMI_PTE_P | VMI_PTE_W | VMI_PTE_U)

uint32_t kernel_l2;                 /* the boot address space: no user half */
static uint32_t loaded_l2;          /* what the MMU uses now */

/* Called once, after mm.c switched to the kernel's own tables. */
static void vm_init_once(void)
{
	if (!kernel_l2)
		kernel_l2 = loaded_l2 = pt_current_l2;
}

int vm_loaded(struct mm *mm)
{
	return mm->l2 && mm->l2 == loaded_l2;
}

void mm_activate(struct mm *mm)
{
	uint32_t l2;
	int rc;

	vm_init_once();
	l2 = mm && mm->l2 ? mm->l2 : kernel_l2;
	if (l2 == loaded_l2)
		return;
	rc = vmi_set_pagetable(l2);
	if (rc)
		panic("vm: cannot load an address space (%d)", rc);
	loaded_l2 = l2;
}

/* Make a filled, unpinned frame a table of `level`. */
static int table_pin(uint32_t pfn, int level)
{
	int rc = pt_set_alias_writable(pfn, 0);

	if (rc == 0)
		rc = vmi_pt_pin(pfn, level);
	if (rc) {
		pt_set_alias_writable(pfn, 1);
		return -ENOMEM;
	}
	return 0;
}

/* A pinned table back to ordinary memory: unpinned, its alias writable
 * again - in the page tables; the caller flushes, then frees it. */
static void table_unpin(uint32_t pfn)
{
	int rc = vmi_pt_unpin(pfn);

	if (rc == 0)
		rc = pt_alias_set_w(pfn, 1);
	if (rc)
		panic("vm: cannot give table frame %u back (%d)", pfn, rc);
}

/* Drop the reference to every page an L1 maps (fork's undo uses it too). */
void vm_put_l1_pages(uint32_t l1)
{
	const vmi_pte_t *e = pfn_to_va(l1);

	for (uint32_t i = 0; i < 1024; i++)
		if (e[i] & VMI_PTE_P)
			page_put(vmi_pte_pfn(e[i]));
}

/* Drop every page an L1 maps, and unpin it (not yet freed). */
static void l1_unpin(uint32_t l1)
{
	vm_put_l1_pages(l1);
	table_unpin(l1);
}

/* Copy the kernel's slots into a new (unpinned) L2 frame. */
void vm_fill_kernel_slots(uint32_t l2)
{
	vmi_pte_t *d = pfn_to_va(l2);
	const vmi_pte_t *k;

	vm_init_once();
	k = pfn_to_va(kernel_l2);
	for (uint32_t slot = USER_SLOTS; slot < VMI_L2_HV_FIRST; slot++)
		d[slot] = k[slot];
}

int mm_create(struct mm *mm)
{
	uint32_t l2 = page_alloc();

	memset(mm, 0, sizeof(*mm));
	if (l2 == VMI_INVALID_PFN)
		return -ENOMEM;
	vm_fill_kernel_slots(l2);
	if (table_pin(l2, 2)) {
		page_put(l2);
		return -ENOMEM;
	}
	mm->l2 = l2;
	return 0;
}

void mm_destroy(struct mm *mm)
{
	const vmi_pte_t *l2;
	int rc;

	ldt_free(mm);
	if (mm->l2)
		vm_writeback(mm, 0, USER_TOP, 0);
	for (int i = 0; i < mm->nvma; i++) {
		if (mm->vma[i].ip)
			inode_put(mm->vma[i].ip);
		if (mm->vma[i].flags & VMA_SHM)
			shm_vma_close(&mm->vma[i]);
	}
	mm->nvma = 0;
	if (!mm->l2)
		return;
	if (mm->l2 == loaded_l2)
		panic("vm: destroying the loaded address space");
	l2 = pfn_to_va(mm->l2);
	vmi_lazy_begin();
	/* The L2 goes first: an L1 it still refers to cannot be unpinned. */
	table_unpin(mm->l2);
	for (uint32_t slot = 0; slot < USER_SLOTS; slot++)
		if (l2[slot] & VMI_PTE_P)
			l1_unpin(vmi_pte_pfn(l2[slot]));
	/* One flush for all the aliases made writable again, before any of
	 * the frames can be reused (a stale read-only entry would fault). */
	vmi_tlb_flush();
	rc = vmi_lazy_flush();
	if (rc)
		panic("vm: releasing an address space failed (%d)", rc);
	for (uint32_t slot = 0; slot < USER_SLOTS; slot++)
		if (l2[slot] & VMI_PTE_P)
			page_put(vmi_pte_pfn(l2[slot]));
	page_put(mm->l2);
	mm->l2 = 0;
}

vmi_pte_t vm_pte(struct mm *mm, uint32_t va)
{
	const vmi_pte_t *l2 = pfn_to_va(mm->l2);
	vmi_pte_t e = l2[L2_SLOT(va)];

	if (!(e & VMI_PTE_P))
		return 0;
	return ((const vmi_pte_t *)pfn_to_va(vmi_pte_pfn(e)))[L1_INDEX(va)];
}

/* A new L1 for va's slot holding just `pte`, pinned and installed. */
static int new_l1(struct mm *mm, uint32_t va, vmi_pte_t pte)
{
	uint32_t l1 = page_alloc();
	int rc;

	if (l1 == VMI_INVALID_PFN)
		return -ENOMEM;
	((vmi_pte_t *)pfn_to_va(l1))[L1_INDEX(va)] = pte;
	if (table_pin(l1, 1)) {
		page_put(l1);
		return -ENOMEM;
	}
	rc = vmi_pte_write((mm->l2 << VMI_PAGE_SHIFT) | (L2_SLOT(va) * 4),
	                   vmi_make_pte(l1, TABLE_FLAGS));
	if (rc)
		panic("vm: cannot install an L1 (%d)", rc);
	return 0;
}

int vm_set_pte(struct mm *mm, uint32_t va, vmi_pte_t pte)
{
	const vmi_pte_t *l2 = pfn_to_va(mm->l2);
	vmi_pte_t e = l2[L2_SLOT(va)];
	int rc;

	if (!(e & VMI_PTE_P))
		return new_l1(mm, va, pte);      /* nothing there yet: no flush */
	uint32_t l1 = vmi_pte_pfn(e);        /* one translation: on pvhv an M2P look */
	vmi_pte_t old = ((const vmi_pte_t *)pfn_to_va(l1))[L1_INDEX(va)];
	rc = vmi_pte_write((l1 << VMI_PAGE_SHIFT) | (L1_INDEX(va) * 4), pte);
	if (rc)
		panic("vm: pte write at %#x failed (%d)", va, rc);
	/* x86 never caches a not-present translation (Intel SDM 4.10.4.3), so
	 * filling an empty slot needs no flush - on pvhv that is a hypercall
	 * saved on every demand-zero fault. */
	if (vm_loaded(mm) && (old & VMI_PTE_P))
		vmi_tlb_flush_one(va);
	return 0;
}

/* Leaf flags for an area's protection: PROT_NONE keeps a page present
 * but out of user reach, so its contents survive a later mprotect. */
uint32_t vm_prot_flags(uint32_t prot)
{
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return VMI_PTE_P;
	return VMI_PTE_P | VMI_PTE_U | (prot & PROT_WRITE ? VMI_PTE_W : 0);
}

/* Is page of file area v wholly past the end of its file?  Linux's
 * SIGBUS: a mapping may reach beyond the file, but only the last page that
 * holds file data is there (its part past the end reads zeros).  An ELF
 * segment's zero-filled tail (at or above file_end) is no file page. */
static int past_eof(const struct vma *v, uint32_t page)
{
	uint64_t off = (uint64_t)v->off + (page - v->start);

	return page < v->file_end &&
	       off >= ((vfs_size(v->ip) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1));
}

/* First touch of a shared mapping of a RAM-filesystem file: the file's
 * own page (vfs_map_page), so writes are the file's at once. */
static int fault_in_file_page(struct mm *mm, struct vma *v, uint32_t page)
{
	uint32_t pfn = vfs_map_page(v->ip, (uint64_t)v->off + (page - v->start));
	int rc;

	if (pfn == VMI_INVALID_PFN)
		return -ENOMEM;
	rc = vm_set_pte(mm, page, vmi_make_pte(pfn, vm_prot_flags(v->prot)));
	if (rc)
		page_put(pfn);
	return rc;
}

/* First touch: a zeroed frame, with the area's file data read in - or
 * the System V segment's own frame. */
static int fault_in(struct mm *mm, struct vma *v, uint32_t page)
{
	uint32_t pfn;
	int rc;

	if (v->ip && !(v->flags & VMA_SHM) && past_eof(v, page))
		return -EIO;
	if (v->ip && (v->flags & VMA_SHARED))
		return fault_in_file_page(mm, v, page);
	pfn = v->flags & VMA_SHM ? shm_vma_page(v, page) : page_alloc();
	if (pfn == VMI_INVALID_PFN)
		return -ENOMEM;
	if (v->ip && page < v->file_end) {
		uint32_t n = v->file_end - page < PAGE_SIZE ? v->file_end - page : PAGE_SIZE;

		rc = vfs_read_at(v->ip, (uint64_t)v->off + (page - v->start),
		                 pfn_to_va(pfn), n);
		if (rc < 0) {
			page_put(pfn);
			return -EIO;             /* an I/O error: Linux's SIGBUS too */
		}
	}
	rc = vm_set_pte(mm, page, vmi_make_pte(pfn, vm_prot_flags(v->prot)));
	if (rc)
		page_put(pfn);
	return rc;
}

/* A write to a present, read-only page of a writable area. */
int cow_break(struct mm *mm, uint32_t page, vmi_pte_t pte);

int vm_fault(struct mm *mm, uint32_t va, int write)
{
	uint32_t page = PAGE_DOWN(va);
	struct vma *v = mm->l2 ? vma_find(mm, va) : 0;
	vmi_pte_t pte;

	if (!v && mm->l2)
		v = vma_grow_down(mm, va);        /* a stack growing (rare) */
	if (!v || !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EFAULT;
	if (write && !(v->prot & PROT_WRITE))
		return -EFAULT;
	if (write)
		v->flags |= VMA_WRITTEN;
	pte = vm_pte(mm, page);
	if (!(pte & VMI_PTE_P))
		return fault_in(mm, v, page);
	if (write && !(pte & VMI_PTE_W) && (v->flags & VMA_SHARED))
		return vm_set_pte(mm, page, pte_set_flags(pte, vm_prot_flags(v->prot)));
	if (write && !(pte & VMI_PTE_W))
		return cow_break(mm, page, pte);
	if (!(pte & VMI_PTE_U))           /* PROT_NONE lifted since */
		return vm_set_pte(mm, page, pte_set_flags(pte, vm_prot_flags(v->prot) & ~VMI_PTE_W));
	if (vm_loaded(mm))                /* a stale TLB entry */
		vmi_tlb_flush_one(page);
	return 0;
}

int vm_write(struct mm *mm, uint32_t va, const void *src, uint32_t n)
{
	const char *s = src;

	while (n) {
		uint32_t off = va & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;
		vmi_pte_t pte = vm_pte(mm, va);
		int rc;

		if (chunk > n)
			chunk = n;
		if ((pte & (VMI_PTE_P | VMI_PTE_W)) != (VMI_PTE_P | VMI_PTE_W)) {
			rc = vm_fault(mm, va, 1);
			if (rc)
				return rc;
			pte = vm_pte(mm, va);
		}
		memcpy((char *)pfn_to_va(vmi_pte_pfn(pte)) + off, s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/* Give every page of [start, end) its frame now (shared memory must exist
 * before a fork shares it). */
int vm_populate(struct mm *mm, uint32_t start, uint32_t end)
{
	struct vma *v = vma_find(mm, start);

	for (uint32_t va = start; v && va < end; va += PAGE_SIZE) {
		int rc = vm_pte(mm, va) & VMI_PTE_P ? 0 : fault_in(mm, v, va);

		if (rc)
			return rc;
	}
	return v ? 0 : -EFAULT;
}

/* One area's part [lo, hi) of vm_populate_range: what a touch of each
 * page would do, a write for a private writable area (Linux's FOLL_WRITE:
 * copy-on-write is broken now, not at the first store). */
static int populate_area(struct mm *mm, const struct vma *v, uint32_t lo, uint32_t hi)
{
	int write = (v->prot & PROT_WRITE) && !(v->flags & (VMA_SHARED | VMA_SHARED_FILE));

	for (uint32_t va = lo; va < hi; va += PAGE_SIZE) {
		vmi_pte_t pte = vm_pte(mm, va);
		int rc;

		if ((pte & VMI_PTE_P) && (pte & VMI_PTE_U) && (!write || (pte & VMI_PTE_W)))
			continue;
		rc = vm_fault(mm, va, write);
		if (rc)
			return rc == -EIO ? -EFAULT : rc;
	}
	return 0;
}

int vm_populate_range(struct mm *mm, uint32_t start, uint32_t end, int ignore_errors)
{
	for (int i = 0; i < mm->nvma; i++) {
		struct vma v = mm->vma[i];        /* a copy: faults never move areas */
		uint32_t lo = v.start > start ? v.start : start;
		uint32_t hi = v.end < end ? v.end : end;
		int rc;

		/* PROT_NONE has nothing to fault; a lock "on fault" waits for
		 * the faults (Linux's populate_vma_page_range). */
		if (lo >= hi || !(v.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) ||
		    (v.flags & VMA_LOCKONFAULT))
			continue;
		rc = populate_area(mm, &v, lo, hi);
		if (rc && !ignore_errors)
			return rc;
	}
	return 0;
}
