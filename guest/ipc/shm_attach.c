/*
 * shm_attach.c - segments in address spaces: shmat, shmdt, and what the
 * memory code calls for an area that maps a segment (struct vma's shm).
 *
 * An attachment is an ordinary area flagged VMA_SHARED, the flag of
 * MAP_SHARED|MAP_ANONYMOUS memory, so fork shares its pages writable in
 * both processes (cow.c) instead of copying them; its pages come from the
 * segment on first touch (vm.c asks shm_vma_page) rather than from a new
 * frame.  A SHM_RDONLY attachment is also VMA_NOWRITE: mprotect may not
 * make it writable.  The segment counts the areas that map it (shm_nattch)
 * as Linux counts them: each one made by shmat, fork or a split (mprotect,
 * munmap of a part) adds one, each one unmapped - by shmdt, munmap, exit or
 * exec - takes one away; the last one gone destroys a removed segment.
 */
#include "ipc/shm.h"
#include "proc/proc.h"
#include "lib/klib.h"

void shm_vma_open(struct vma *v)
{
	struct shm_seg *s = v->shm;

	s->nattch++;
	s->atime = ipc_now();
	s->lpid = ipc_tgid();
}

void shm_vma_close(struct vma *v)
{
	struct shm_seg *s = v->shm;

	s->nattch--;
	s->dtime = ipc_now();
	s->lpid = ipc_tgid();
	shm_maybe_destroy(s);
}

uint32_t shm_vma_page(struct vma *v, uint32_t va)
{
	struct shm_seg *s = v->shm;
	uint32_t i = (v->off + (va - v->start)) / PAGE_SIZE, pfn;

	if (i >= s->npages)
		return VMI_INVALID_PFN;
	pfn = shm_frame(s, i);
	if (pfn != VMI_INVALID_PFN)
		page_get(pfn);               /* the mapping's own reference */
	return pfn;
}

/* How /proc/<pid>/maps names the area, as Linux: the segment's key. */
const char *shm_vma_name(const struct vma *v, char *buf, uint32_t n)
{
	snprintf(buf, n, "/SYSV%08x (deleted)", (uint32_t)v->shm->o.key);
	return buf;
}

/* Where the attachment goes: addr checked as Linux does (SHM_RND rounds
 * down to SHMLBA, else it must be aligned; without SHM_REMAP it may not
 * overlap anything), or a free gap; 0 and *err if nowhere. */
static uint32_t place(struct mm *mm, uint32_t addr, uint32_t len, int flags, int *err)
{
	*err = -EINVAL;
	if (!addr) {
		uint32_t va = vma_find_gap(mm, len);

		*err = -ENOMEM;
		return va;
	}
	if (addr > USER_TOP || len > USER_TOP - addr) {
		*err = -ENOMEM;
		return 0;
	}
	if (flags & SHM_REMAP) {
		*err = vma_unmap(mm, addr, addr + len);
		return *err ? 0 : addr;
	}
	return vma_range_free(mm, addr, addr + len) ? addr : 0;
}

long shm_at(int id, uint32_t addr, int flags, uint32_t *raddr)
{
	struct mm *mm = curproc->mm;
	int access = flags & SHM_RDONLY ? IPC_R : IPC_R | IPC_W;
	uint32_t prot = flags & SHM_RDONLY ? PROT_READ : PROT_READ | PROT_WRITE;
	struct ipc_obj *o;
	struct shm_seg *s;
	struct vma v;
	int rc;

	if (addr & (SHMLBA - 1)) {
		if (!(flags & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1u);
		if (!addr)
			return -EINVAL;              /* rounded down to page 0 */
	} else if (!addr && (flags & SHM_REMAP)) {
		return -EINVAL;
	}
	if (flags & SHM_EXEC) {
		prot |= PROT_EXEC;
		access |= IPC_X;
	}
	o = ipc_lookup(&shm_table, id);
	if (!o)
		return -EINVAL;
	if ((rc = ipc_allowed(o, access)) != 0)
		return rc;
	s = (struct shm_seg *)o;
	addr = place(mm, addr, s->npages * PAGE_SIZE, flags, &rc);
	if (!addr)
		return rc;
	v = (struct vma){ .start = addr, .end = addr + s->npages * PAGE_SIZE, .prot = prot,
	                  .flags = VMA_SHARED | VMA_SHM | (flags & SHM_RDONLY ? VMA_NOWRITE : 0),
	                  .shm = s };
	if ((rc = vma_add(mm, &v)) != 0)
		return rc;
	shm_vma_open(&v);
	*raddr = addr;
	return 0;
}

/* The area of mm at or above `from` that maps a segment at its own
 * offset from addr (of segment `s`, or any if null). */
static struct vma *fragment(struct mm *mm, uint32_t addr, uint32_t from, struct shm_seg *s)
{
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];

		if (v->start >= from && (v->flags & VMA_SHM) && (!s || v->shm == s) &&
		    v->start - addr == v->off)
			return v;
	}
	return 0;
}

/*
 * Linux's rule: the first area at or above addr that maps a segment at
 * its offset from addr names the segment (its first page may have been
 * unmapped since); it and every other such fragment of that segment
 * within the segment's size from addr are unmapped.
 */
long shm_dt(uint32_t addr)
{
	struct mm *mm = curproc->mm;
	struct vma *v;
	struct shm_seg *s;
	uint32_t size;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	v = fragment(mm, addr, addr, 0);
	if (!v)
		return -EINVAL;
	s = v->shm;
	size = s->npages * PAGE_SIZE;      /* s may go with its last area */
	while (v && v->end - addr <= size) {
		uint32_t next = v->end;

		vma_unmap(mm, v->start, v->end);
		v = fragment(mm, addr, next, s);
	}
	return 0;
}
