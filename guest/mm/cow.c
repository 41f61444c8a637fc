/*
 * cow.c - copy-on-write: fork's copy of an address space, and the fault
 * that finally copies a shared page.
 *
 * mm_copy shares every present user page between parent and child: the
 * child's L1s are filled as ordinary memory with the parent's entries minus
 * the write bit; the parent's writable entries lose their write bit through
 * one batched vmi_mmu_update per L1; then all the new tables' aliases turn
 * read-only, one TLB flush covers all of that, and the tables are pinned -
 * all in lazy mode.  Each shared frame's reference count goes up.
 * The first write to such a page faults; cow_break copies it - or, when
 * the faulting space holds the last reference, just makes it writable.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define USER_SLOTS (VMI_KERNEL_BASE >> 22)
#define TABLE_FLAGS (VMI_PTE_P | VMI_PTE_W | VMI_PTE_U)

void vm_fill_kernel_slots(uint32_t l2);
void vm_put_l1_pages(uint32_t l1);

/* The parent's write-protections for one L1 (no sleeping: one user). */
static struct vmi_mmu_update batch[1024];

/* Shared anonymous areas of the parent: their pages stay writable. */
static struct { uint32_t start, end; } shared[NVMA];
static int nshared;

static int is_shared(uint32_t va)
{
	for (int i = 0; i < nshared; i++)
		if (va >= shared[i].start && va < shared[i].end)
			return 1;
	return 0;
}

/* The child's copy of parent L1 `src` (for the 4 MiB from `base`), as
 * ordinary memory, not yet pinned; VMI_INVALID_PFN without memory. */
static uint32_t copy_l1(uint32_t src, uint32_t base)
{
	const vmi_pte_t *s = pfn_to_va(src);
	uint32_t l1 = page_alloc(), n = 0;
	vmi_pte_t *d;

	if (l1 == VMI_INVALID_PFN)
		return l1;
	d = pfn_to_va(l1);
	for (uint32_t i = 0; i < 1024; i++) {
		vmi_pte_t e = s[i];
		uint32_t pfn;

		if (!(e & VMI_PTE_P))
			continue;
		pfn = vmi_pte_pfn(e);
		page_get(pfn);
		if (nshared && is_shared(base + i * PAGE_SIZE)) {
			d[i] = e;
			continue;
		}
		d[i] = pte_set_flags(e, e & ~VMI_PTE_W);
		if (e & VMI_PTE_W) {
			batch[n].ptr = (src << VMI_PAGE_SHIFT) | (i * 4) | VMI_MMU_NORMAL_PT_UPDATE;
			batch[n].val = d[i];
			n++;
		}
	}
	if (n && vmi_mmu_update(batch, n, NULL))
		panic("cow: write-protecting the parent failed");
	return l1;
}

/* An L1 of a child that did not come to be, pinned or not: unpin (refused
 * harmlessly if it never was), its alias writable again, references and
 * frame dropped. */
static void drop_l1(uint32_t l1)
{
	vmi_pt_unpin(l1);
	pt_set_alias_writable(l1, 1);
	vm_put_l1_pages(l1);
	page_put(l1);
}

/* Undo a half-built child L2: unpinned, its L1s dropped. */
static void drop_child(uint32_t l2)
{
	const vmi_pte_t *d = pfn_to_va(l2);

	vmi_pt_unpin(l2);
	pt_set_alias_writable(l2, 1);
	for (uint32_t slot = 0; slot < USER_SLOTS; slot++)
		if (d[slot] & VMI_PTE_P)
			drop_l1(vmi_pte_pfn(d[slot]));
	page_put(l2);
}

/*
 * Every new table's alias read-only, then ONE flush - it also takes the
 * parent's lost write bits - then the pins.  Pinning straight after each
 * alias change would cost a single-page flush per table and, on a
 * validating backend, a full flush per pin (a writable mapping went away
 * since the last one); this way no pin needs one.  0 or -ENOMEM.
 */
static int pin_child(uint32_t l2)
{
	const vmi_pte_t *d = pfn_to_va(l2);
	int rc = 0;

	for (uint32_t slot = 0; slot < USER_SLOTS; slot++)
		if ((d[slot] & VMI_PTE_P) && pt_alias_set_w(vmi_pte_pfn(d[slot]), 0))
			rc = -ENOMEM;
	if (pt_alias_set_w(l2, 0))
		rc = -ENOMEM;
	vmi_tlb_flush();
	for (uint32_t slot = 0; slot < USER_SLOTS && rc == 0; slot++)
		if ((d[slot] & VMI_PTE_P) && vmi_pt_pin(vmi_pte_pfn(d[slot]), 1))
			rc = -ENOMEM;
	if (rc == 0 && vmi_pt_pin(l2, 2))
		rc = -ENOMEM;
	return rc;
}

/* The page tables: 0 or -ENOMEM. */
static int copy_tables(struct mm *dst, struct mm *src)
{
	const vmi_pte_t *s = pfn_to_va(src->l2);
	uint32_t l2 = page_alloc();
	vmi_pte_t *d;
	int rc = 0;

	if (l2 == VMI_INVALID_PFN)
		return -ENOMEM;
	d = pfn_to_va(l2);
	vm_fill_kernel_slots(l2);
	vmi_lazy_begin();
	for (uint32_t slot = 0; slot < USER_SLOTS && rc == 0; slot++) {
		uint32_t l1;

		if (!(s[slot] & VMI_PTE_P))
			continue;
		l1 = copy_l1(vmi_pte_pfn(s[slot]), slot << 22);
		if (l1 == VMI_INVALID_PFN)
			rc = -ENOMEM;
		else
			d[slot] = vmi_make_pte(l1, TABLE_FLAGS);
	}
	if (rc == 0)
		rc = pin_child(l2);
	else if (vm_loaded(src))
		vmi_tlb_flush();          /* the parent's entries lost their W bit */
	if (vmi_lazy_flush())
		panic("cow: fork's page-table updates failed");
	if (rc) {
		drop_child(l2);
		return rc;
	}
	dst->l2 = l2;
	return 0;
}

int mm_copy(struct mm *dst, struct mm *src)
{
	int rc;

	/* Both start from the file: the child's copies of dirty shared-file
	 * pages must not write the parent's old data back over later writes. */
	vm_writeback(src, 0, USER_TOP, 1);
	memset(dst, 0, sizeof(*dst));
	nshared = 0;
	for (int i = 0; i < src->nvma; i++)
		if (src->vma[i].flags & VMA_SHARED) {
			shared[nshared].start = src->vma[i].start;
			shared[nshared++].end = src->vma[i].end;
		}
	rc = copy_tables(dst, src);
	if (rc)
		return rc;
	dst->nvma = src->nvma;
	memcpy(dst->vma, src->vma, sizeof(src->vma[0]) * src->nvma);
	for (int i = 0; i < dst->nvma; i++) {
		dst->vma[i].flags &= ~VMA_LOCK_MASK;  /* locks are not inherited */
		if (dst->vma[i].ip)
			inode_get(dst->vma[i].ip);
		if (dst->vma[i].flags & VMA_SHM)
			shm_vma_open(&dst->vma[i]);      /* the child's attachment */
	}
	dst->brk_start = src->brk_start;
	dst->brk = src->brk;
	dst->arg_start = src->arg_start;
	dst->arg_end = src->arg_end;
	dst->auxv = src->auxv;
	dst->dumpable = src->dumpable;
	return 0;
}

int cow_break(struct mm *mm, uint32_t page, vmi_pte_t pte)
{
	uint32_t old = vmi_pte_pfn(pte), copy;
	uint32_t flags = VMI_PTE_P | VMI_PTE_U | VMI_PTE_W;
	int rc;

	if (page_refs(old) == 1)          /* the others have gone: ours alone */
		return vm_set_pte(mm, page, pte_set_flags(pte, flags));
	copy = page_alloc();
	if (copy == VMI_INVALID_PFN)
		return -ENOMEM;
	memcpy(pfn_to_va(copy), pfn_to_va(old), PAGE_SIZE);
	rc = vm_set_pte(mm, page, vmi_make_pte(copy, flags));
	if (rc) {
		page_put(copy);
		return rc;
	}
	page_put(old);
	return 0;
}
