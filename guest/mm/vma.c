/*
 * vma.c - the memory areas of an address space: what each user address
 * range is (zero-filled or a private view of a file), its protection, and
 * the operations mmap, munmap, mprotect and brk need: find, insert, split,
 * unmap, re-protect, find a gap.
 *
 * Areas live in a small array sorted by address.  Unmapping clears the
 * page-table entries of the range in lazy mode - one vmi_mmu_update batch
 * per L1 - and flushes the TLB once.  mlock's flags (VMA_LOCKED) split
 * areas as mprotect does, and neighbours that become alike again merge, as
 * Linux merges them.  A MAP_GROWSDOWN area grows down on a fault below it
 * (vma_grow_down) but never closer than Linux's stack_guard_gap to the
 * area under it, and mmap leaves that gap free too (vma_find_gap).
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define L2_SLOT(va)   ((uint32_t)(va) >> 22)
#define L1_INDEX(va)  (((uint32_t)(va) >> VMI_PAGE_SHIFT) & 1023u)
/* Linux's default stack_guard_gap (a boot parameter there): 256 pages. */
#define STACK_GUARD_GAP (256u * PAGE_SIZE)
/* Linux's default vm.mmap_min_addr: no stack grows below it. */
#define MMAP_MIN_ADDR   65536u

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

/* Area i overlaps [start, end): cut it to the range.  1 when it was cut
 * at start (the part inside is area i + 1, the caller's next), 0 when
 * area i now lies inside, or -ENOMEM. */
static int clip(struct mm *mm, int i, uint32_t start, uint32_t end)
{
	struct vma *v = &mm->vma[i];

	if (v->start < start)
		return vma_split(mm, i, start) ? -ENOMEM : 1;
	if (v->end > end && vma_split(mm, i, end))
		return -ENOMEM;
	return 0;
}

int vma_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t prot)
{
	if (!covered(mm, start, end))
		return -ENOMEM;
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];
		int rc;

		if (v->end <= start || v->start >= end)
			continue;
		if ((rc = clip(mm, i, start, end)) < 0)
			return rc;
		if (rc)
			continue;
		v = &mm->vma[i];
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

/* Where area v's room starts for a new mapping: a growing stack keeps
 * the guard gap below it free (Linux's vm_start_gap). */
static uint32_t start_gap(const struct vma *v)
{
	if (!(v->flags & VMA_GROWSDOWN))
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

/* First fit from MMAP_BASE up to the stack area; 0 if nothing fits. */
uint32_t vma_find_gap(struct mm *mm, uint32_t len)
{
	uint32_t limit = USER_TOP - STACK_SIZE, va = MMAP_BASE;

	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];
		uint32_t lo = start_gap(v);

		if (v->end <= va)
			continue;
		if (lo >= va && lo - va >= len)
			break;
		va = v->end;
	}
	if (va >= limit || limit - va < len)
		return 0;
	return va;
}

/* Index of the first area above va (mm->nvma if none). */
static int area_above(struct mm *mm, uint32_t va)
{
	int i = 0;

	while (i < mm->nvma && mm->vma[i].start <= va)
		i++;
	return i;
}

/* May area v (locked or not) grow to `bytes`?  RLIMIT_STACK for every
 * growing area, RLIMIT_MEMLOCK for a locked one, as Linux's
 * acct_stack_growth checks them. */
static int growth_allowed(struct mm *mm, const struct vma *v, uint32_t bytes)
{
	const struct linux_rlimit64 *rl = curproc->leader->rlim;

	if (bytes > rl[RLIMIT_STACK].cur)
		return 0;
	if ((v->flags & VMA_LOCKED) && !capable(CAP_IPC_LOCK) &&
	    (uint64_t)vma_locked_bytes(mm) + bytes - (v->end - v->start) > rl[RLIMIT_MEMLOCK].cur)
		return 0;
	return 1;
}

struct vma *vma_grow_down(struct mm *mm, uint32_t va)
{
	uint32_t page = PAGE_DOWN(va);
	int i = area_above(mm, va);
	struct vma *v = i < mm->nvma ? &mm->vma[i] : 0, *prev = i ? &mm->vma[i - 1] : 0;

	if (!v || !(v->flags & VMA_GROWSDOWN) || page < MMAP_MIN_ADDR)
		return 0;
	if (prev && prev->end > page)
		return 0;                         /* va is inside prev */
	/* An accessible area below keeps the guard gap; a PROT_NONE one or
	 * another growing stack does not need it (Linux's expand_downwards). */
	if (prev && !(prev->flags & VMA_GROWSDOWN) &&
	    (prev->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) &&
	    page - prev->end < STACK_GUARD_GAP)
		return 0;
	if (!growth_allowed(mm, v, v->end - page))
		return 0;
	if (v->ip)
		v->off -= v->start - page;
	v->start = page;
	return v;
}

/* Can a and b (a just below b) be one area?  Whether a write met them
 * (VMA_WRITTEN) does not keep them apart, as Linux merges an area without
 * an anon_vma into one with. */
static int mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot ||
	    ((a->flags ^ b->flags) & ~VMA_WRITTEN) ||
	    a->ip != b->ip || (a->flags & (VMA_SHM | VMA_BRK | VMA_STACK)))
		return 0;
	return !a->ip || (a->off + (a->end - a->start) == b->off && a->file_end == b->file_end);
}

/* Merge area i into area i - 1 when alike. */
static void merge_down(struct mm *mm, int i)
{
	if (i <= 0 || i >= mm->nvma || !mergeable(&mm->vma[i - 1], &mm->vma[i]))
		return;
	mm->vma[i - 1].end = mm->vma[i].end;
	mm->vma[i - 1].flags |= mm->vma[i].flags & VMA_WRITTEN;
	vma_remove(mm, i);
}

int vma_set_lock(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags)
{
	int first = -1, last = -1, rc;

	if (!covered(mm, start, end))
		return -ENOMEM;
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];

		if (v->end <= start || v->start >= end)
			continue;
		if ((v->flags & VMA_LOCK_MASK) == flags) {
			first = first < 0 ? i : first;
			last = i;
			continue;
		}
		if ((rc = clip(mm, i, start, end)) < 0)
			return rc;
		if (rc)
			continue;
		v = &mm->vma[i];
		v->flags = (v->flags & ~VMA_LOCK_MASK) | flags;
		first = first < 0 ? i : first;
		last = i;
	}
	/* From the top down, so that the indexes below stay valid. */
	for (int i = last + 1; first >= 0 && i >= first; i--)
		merge_down(mm, i);
	return 0;
}

void vma_set_lock_all(struct mm *mm, uint32_t flags)
{
	for (int i = 0; i < mm->nvma; i++)
		mm->vma[i].flags = (mm->vma[i].flags & ~VMA_LOCK_MASK) | flags;
	for (int i = mm->nvma - 1; i > 0; i--)
		merge_down(mm, i);
}

uint32_t vma_locked_bytes(struct mm *mm)
{
	uint32_t n = 0;

	for (int i = 0; mm && i < mm->nvma; i++)
		if (mm->vma[i].flags & VMA_LOCKED)
			n += mm->vma[i].end - mm->vma[i].start;
	return n;
}
