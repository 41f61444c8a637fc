/*
 * vma.c - the memory areas of an address space: what each user address
 * range is (zero-filled or a private view of a file), its protection, and
 * the operations mmap, munmap, mprotect and brk need: find, insert, split,
 * unmap, re-protect, find a gap.
 *
 * Areas live in a small array sorted by address.  Unmapping clears the
 * page-table entries of the range in lazy mode - one vmi_mmu_update batch
 * per L1 - and flushes the TLB once.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define L2_SLOT(va)   ((uint32_t)(va) >> 22)
#define L1_INDEX(va)  (((uint32_t)(va) >> VMI_PAGE_SHIFT) & 1023u)

uint32_t vm_prot_flags(uint32_t prot);

static struct vmi_mmu_update batch[1024];

struct vma *vma_find(struct mm *mm, uint32_t va)
{
	for (int i = 0; i < mm->nvma; i++)
		if (va >= mm->vma[i].start && va < mm->vma[i].end)
			return &mm->vma[i];
	return 0;
}

int vma_add(struct mm *mm, const struct vma *v)
{
	int i;

	if (mm->nvma == NVMA)
		return -ENOMEM;
	for (i = mm->nvma; i > 0 && mm->vma[i - 1].start > v->start; i--)
		mm->vma[i] = mm->vma[i - 1];
	mm->vma[i] = *v;
	mm->nvma++;
	return 0;
}

static void vma_remove(struct mm *mm, int i)
{
	if (mm->vma[i].ip)
		inode_put(mm->vma[i].ip);
	if (mm->vma[i].flags & VMA_SHM)
		shm_vma_close(&mm->vma[i]);
	memmove(&mm->vma[i], &mm->vma[i + 1], (mm->nvma - i - 1) * sizeof(mm->vma[0]));
	mm->nvma--;
}

/* Split area i at `at` (strictly inside it): two areas, same contents. */
static int vma_split(struct mm *mm, int i, uint32_t at)
{
	struct vma hi = mm->vma[i];

	if (mm->nvma == NVMA)
		return -ENOMEM;
	hi.off += at - hi.start;
	hi.start = at;
	if (hi.ip)
		inode_get(hi.ip);
	if (hi.flags & VMA_SHM)
		shm_vma_open(&hi);
	mm->vma[i].end = at;
	return vma_add(mm, &hi);
}

/* Clear the entries of [start, end) and drop the pages they held. */
static void clear_range(struct mm *mm, uint32_t start, uint32_t end)
{
	const vmi_pte_t *l2 = pfn_to_va(mm->l2);
	uint32_t va = start;

	vmi_lazy_begin();
	while (va < end) {
		uint32_t slot_end = (L2_SLOT(va) + 1) << 22, n = 0, l1;
		const vmi_pte_t *e;

		if (slot_end > end || slot_end == 0)
			slot_end = end;
		if (!(l2[L2_SLOT(va)] & VMI_PTE_P)) {
			va = slot_end;
			continue;
		}
		l1 = vmi_pte_pfn(l2[L2_SLOT(va)]);
		e = pfn_to_va(l1);
		for (; va < slot_end; va += PAGE_SIZE) {
			if (!(e[L1_INDEX(va)] & VMI_PTE_P))
				continue;
			page_put(vmi_pte_pfn(e[L1_INDEX(va)]));
			batch[n].ptr = (l1 << VMI_PAGE_SHIFT) | (L1_INDEX(va) * 4);
			batch[n].val = 0;
			n++;
		}
		if (n && vmi_mmu_update(batch, n, NULL))
			panic("vma: clearing entries failed");
	}
	if (vmi_lazy_flush())
		panic("vma: clearing entries failed");
	if (vm_loaded(mm))
		vmi_tlb_flush();
}

int vma_unmap(struct mm *mm, uint32_t start, uint32_t end)
{
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];
		int rc;

		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start && v->end > end) {  /* a hole in the middle */
			if (mm->nvma + 1 >= NVMA)
				return -ENOMEM;
			vma_split(mm, i, end);
			v = &mm->vma[i];
		}
		if (v->start < start) {
			rc = vma_split(mm, i, start);
			if (rc)
				return rc;
			continue;                 /* the upper half comes next */
		}
		if (v->end > end) {
			rc = vma_split(mm, i, end);
			if (rc)
				return rc;
			v = &mm->vma[i];
		}
		vm_writeback(mm, v->start, v->end, 0);
		clear_range(mm, v->start, v->end);
		vma_remove(mm, i);
		i--;
	}
	return 0;
}

/* New leaf flags after mprotect: write only if it was writable (a
 * copy-on-write page stays read-only until it faults). */
static void reprotect(struct mm *mm, struct vma *v)
{
	for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE) {
		vmi_pte_t pte = vm_pte(mm, va), flags;

		if (!(pte & VMI_PTE_P))
			continue;
		if (pte & (VMI_PTE_W | VMI_PTE_D))
			v->flags |= VMA_WRITTEN;     /* may have been: the D bit goes now */
		flags = vm_prot_flags(v->prot);
		if (!(pte & VMI_PTE_W))
			flags &= ~VMI_PTE_W;
		if ((pte & (VMI_PTE_P | VMI_PTE_U | VMI_PTE_W)) != flags)
			vm_set_pte(mm, va, pte_set_flags(pte, flags));
	}
}

/* Is [start, end) entirely covered by areas? */
static int covered(struct mm *mm, uint32_t start, uint32_t end)
{
	uint32_t va = start;

	for (int i = 0; i < mm->nvma && va < end; i++)
		if (mm->vma[i].start <= va && mm->vma[i].end > va)
			va = mm->vma[i].end;
	return va >= end;
}

int vma_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t prot)
{
	if (!covered(mm, start, end))
		return -ENOMEM;
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];

		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start) {
			if (vma_split(mm, i, start))
				return -ENOMEM;
			continue;
		}
		if (v->end > end) {
			if (vma_split(mm, i, end))
				return -ENOMEM;
			v = &mm->vma[i];
		}
		v->prot = prot;
		reprotect(mm, v);
	}
	return 0;
}

int vma_range_free(struct mm *mm, uint32_t start, uint32_t end)
{
	for (int i = 0; i < mm->nvma; i++)
		if (mm->vma[i].start < end && mm->vma[i].end > start)
			return 0;
	return 1;
}

/* First fit from MMAP_BASE up to the stack area; 0 if nothing fits. */
uint32_t vma_find_gap(struct mm *mm, uint32_t len)
{
	uint32_t limit = USER_TOP - STACK_SIZE, va = MMAP_BASE;

	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];

		if (v->end <= va)
			continue;
		if (v->start >= va && v->start - va >= len)
			break;
		va = v->end;
	}
	if (va >= limit || limit - va < len)
		return 0;
	return va;
}
