/*
 * sys_mem.c - memory system calls: brk, mmap2 (and the old mmap), munmap,
 * mprotect, and the advice calls that need no action.
 *
 * Everything here only edits the memory areas (vma.c); pages come later,
 * on first touch (vm.c).  The heap is one area flagged VMA_BRK that grows
 * and shrinks with the break; mmap finds room from MMAP_BASE upwards.
 * Private file mappings are copies, filled from the file page by page.
 * MAP_SHARED of a RAM-filesystem file maps the file's own pages (vm.c), so
 * processes sharing it, and read and write, see one copy - LTP's
 * checkpoints and glibc's shared futexes live in such files; MAP_SHARED of
 * a disk file is a copy whose dirty pages go back at msync, munmap, exit,
 * exec and fork (mm/writeback.c).  The file's open mode is checked as
 * Linux does: a shared mapping of a file not open for writing can never be made
 * writable (EACCES).  A locked mapping (MAP_LOCKED, or any after mlockall's
 * MCL_FUTURE: mm->def_flags) and MAP_POPULATE get their pages at once; the
 * locking calls themselves are sys_mlock.c's.  MAP_GROWSDOWN makes an area
 * that grows down on a fault below it (vma.c).
 * Shared anonymous memory gets its frames at once, so that fork can share
 * them (cow.c leaves such pages writable in both processes).
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

long sys_brk(uint32_t newbrk)
{
	struct mm *mm = curproc->mm;
	uint32_t old_end = PAGE_UP(mm->brk), new_end = PAGE_UP(newbrk);

	if (newbrk < mm->brk_start || newbrk > USER_TOP - STACK_SIZE)
		return mm->brk;
	if (new_end > old_end) {
		struct vma *v = old_end > mm->brk_start ? vma_find(mm, old_end - 1) : 0;

		if (!vma_range_free(mm, old_end, new_end) ||
		    !mlock_future_ok(mm, mm->def_flags, new_end - old_end))
			return mm->brk;
		if (v && (v->flags & VMA_BRK) && v->end == old_end &&
		    (v->flags & VMA_LOCK_MASK) == mm->def_flags) {
			v->end = new_end;
		} else {
			struct vma heap = { .start = old_end, .end = new_end,
			                    .prot = PROT_READ | PROT_WRITE,
			                    .flags = VMA_BRK | mm->def_flags };
			if (vma_add(mm, &heap))
				return mm->brk;
		}
		if (mm->def_flags == VMA_LOCKED)  /* mlockall(MCL_FUTURE) */
			vm_populate_range(mm, old_end, new_end, 1);
	} else if (new_end < old_end) {
		vma_unmap(mm, new_end, old_end);
	}
	mm->brk = newbrk;
	return newbrk;
}

/* Where a new mapping of len bytes goes; 0 if nowhere. */
static uint32_t place(struct mm *mm, uint32_t hint, uint32_t len, uint32_t flags)
{
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
		return hint;
	if (hint && !(hint & (PAGE_SIZE - 1)) && hint >= PAGE_SIZE &&
	    hint <= USER_TOP - len && vma_range_free(mm, hint, hint + len))
		return hint;
	return vma_find_gap(mm, len);
}

/*
 * The mapping type, as Linux reads it: shared, private, or for a file
 * MAP_SHARED_VALIDATE - shared, but a flag outside the ones every file
 * knows is EOPNOTSUPP instead of ignored.  Anything else is EINVAL.
 */
static int map_type_ok(const struct file *f, uint32_t flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_PRIVATE:
		return 0;
	case MAP_SHARED_VALIDATE:
		if (!f)
			return -EINVAL;
		return (flags & ~MAP_LEGACY_MASK) ? -EOPNOTSUPP : 0;
	default:
		return -EINVAL;
	}
}

/*
 * What the open mode of a mapped file allows, as Linux checks it: reading
 * (every mapping), and for a shared mapping writing, now or later through
 * mprotect (*vflags gets VMA_NOWRITE when it may never be written).
 */
static int file_map_allowed(const struct file *f, uint32_t prot, uint32_t flags,
                            uint32_t *vflags)
{
	uint32_t mode = f->flags & O_ACCMODE;

	if (mode == O_WRONLY)
		return -EACCES;
	if (!(flags & MAP_SHARED) || mode == O_RDWR)
		return 0;
	if (prot & PROT_WRITE)
		return -EACCES;
	*vflags |= VMA_NOWRITE;
	return 0;
}

long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
               int fd, uint32_t pgoff)
{
	struct mm *mm = curproc->mm;
	struct inode *ip = 0;
	struct file *f = 0;
	uint32_t vflags = 0;
	struct vma v;
	int rc;

	/* Linux looks the file up first: a closed fd is EBADF whatever else. */
	if (!(flags & MAP_ANONYMOUS) && !(f = fd_get(fd)))
		return -EBADF;
	if (!len || len > USER_TOP)
		return -EINVAL;
	if ((rc = map_type_ok(f, flags)) != 0)
		return rc;
	if ((flags & MAP_SHARED) && (flags & MAP_GROWSDOWN))
		return -EINVAL;                   /* only a private area may grow */
	len = PAGE_UP(len);
	if (f) {
		if (!f->inode || vfs_is_dir(f->inode))
			return -ENODEV;
		if ((rc = file_map_allowed(f, prot, flags, &vflags)) != 0)
			return rc;
		ip = f->inode;
	}
	addr = place(mm, addr, len, flags);
	if (!addr || (addr & (PAGE_SIZE - 1)) || addr > USER_TOP - len)
		return (flags & MAP_FIXED) ? -EINVAL : -ENOMEM;
	if ((flags & MAP_FIXED_NOREPLACE) && !vma_range_free(mm, addr, addr + len))
		return -EEXIST;
	vflags |= mm->def_flags | (flags & MAP_LOCKED ? VMA_LOCKED : 0) |
	          (flags & MAP_GROWSDOWN ? VMA_GROWSDOWN : 0);
	if ((flags & MAP_LOCKED) && !mlock_allowed())
		return -EPERM;
	if (!mlock_future_ok(mm, vflags, len))
		return -EAGAIN;
	if ((flags & MAP_FIXED) && (rc = vma_unmap(mm, addr, addr + len)) != 0)
		return rc;
	v = (struct vma){ .start = addr, .end = addr + len, .prot = prot, .ip = ip,
	                  .off = pgoff << 12, .file_end = addr + len, .flags = vflags };
	if (ip)
		inode_get(ip);
	if ((flags & MAP_SHARED) && (!ip || vfs_maps_pages(ip)))
		v.flags |= VMA_SHARED;
	else if ((flags & MAP_SHARED) && ip)   /* disk files: copies, written back */
		v.flags |= VMA_SHARED_FILE;
	rc = vma_add(mm, &v);
	if (rc) {
		if (ip)
			inode_put(ip);
		return rc;
	}
	if ((v.flags & VMA_SHARED) && !ip && (rc = vm_populate(mm, addr, addr + len)) != 0) {
		vma_unmap(mm, addr, addr + len);
		return rc;
	}
	/* Linux populates, ignoring what cannot be had, a locked area and one
	 * asked for with MAP_POPULATE (MAP_NONBLOCK: not). */
	if ((vflags & VMA_LOCK_MASK) == VMA_LOCKED ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		vm_populate_range(mm, addr, addr + len, 1);
	return addr;
}

/* The old mmap: one pointer to six arguments, offset in bytes. */
long sys_old_mmap(uint32_t uargs)
{
	uint32_t a[6];

	if (copy_from_user(a, (void *)uargs, sizeof(a)))
		return -EFAULT;
	if (a[5] & (PAGE_SIZE - 1))
		return -EINVAL;
	return sys_mmap2(a[0], a[1], a[2], a[3], (int)a[4], a[5] >> 12);
}

long sys_munmap(uint32_t addr, uint32_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	return vma_unmap(curproc->mm, addr, PAGE_UP(addr + len));
}

/* Does [start, end) touch an area that may never be writable? */
static int never_writable(struct mm *mm, uint32_t start, uint32_t end)
{
	for (int i = 0; i < mm->nvma; i++) {
		const struct vma *v = &mm->vma[i];

		if (v->start < end && v->end > start && (v->flags & VMA_NOWRITE))
			return 1;
	}
	return 0;
}

long sys_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
	struct mm *mm = curproc->mm;

	if ((addr & (PAGE_SIZE - 1)) || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	if (!len)
		return 0;
	if ((prot & PROT_WRITE) && never_writable(mm, addr, PAGE_UP(addr + len)))
		return -EACCES;
	return vma_protect(mm, addr, PAGE_UP(addr + len), prot);
}

/* Is every page of [start, end) mapped? */
static int fully_mapped(struct mm *mm, uint32_t start, uint32_t end)
{
	while (start < end) {
		struct vma *v = vma_find(mm, start);

		if (!v || v->start > start)
			return 0;
		start = v->end;
	}
	return 1;
}

/* A range as msync takes it: aligned start, length rounded up; 0,
 * -EINVAL (unaligned) or -ENOMEM (wraps). */
static int user_range(uint32_t addr, uint32_t len, uint32_t *end)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	*end = PAGE_UP(addr + len);
	return *end < addr || (len && *end == 0) ? -ENOMEM : 0;
}

/* Does [start, end) touch a locked area?  MS_INVALIDATE may not drop
 * locked pages (EBUSY). */
static int any_locked(struct mm *mm, uint32_t start, uint32_t end)
{
	for (int i = 0; i < mm->nvma; i++) {
		const struct vma *v = &mm->vma[i];

		if (v->start < end && v->end > start && (v->flags & VMA_LOCKED))
			return 1;
	}
	return 0;
}

long sys_msync(uint32_t addr, uint32_t len, uint32_t flags)
{
	struct mm *mm = curproc->mm;
	uint32_t end;
	int rc = user_range(addr, len, &end);

	if (rc == -EINVAL || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	if (rc)
		return rc;
	if ((flags & MS_INVALIDATE) && any_locked(mm, addr, end))
		return -EBUSY;
	vm_writeback(mm, addr, end, 1);
	return fully_mapped(mm, addr, end) ? 0 : -ENOMEM;
}

long sys_mremap(void)
{
	return -ENOMEM;                       /* glibc falls back to copying */
}
