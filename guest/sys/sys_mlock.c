/*
 * sys_mlock.c - the memory-locking calls: mlock, mlock2, munlock, mlockall
 * and munlockall, with Linux's checks and accounting.
 *
 * Nothing is ever swapped out here, so a lock changes no page: it is the
 * area flag VMA_LOCKED (areas split and merge as mprotect's do, vma.c),
 * what Linux's locked_vm counts (vma_locked_bytes: /proc's VmLck, smaps'
 * Locked), and a population - a locked range gets all its pages at once,
 * unless locked "on fault" (MLOCK_ONFAULT, MCL_ONFAULT).  RLIMIT_MEMLOCK
 * bounds what a process without CAP_IPC_LOCK may lock: 0 forbids locking
 * (EPERM), more than the limit is ENOMEM (mmap's MAP_LOCKED: EAGAIN).
 * Locks are not inherited by fork (cow.c) nor kept across exec.
 */
#include "proc/proc.h"
#include "lib/klib.h"

static uint64_t memlock_limit(void)
{
	return curproc->leader->rlim[RLIMIT_MEMLOCK].cur;
}

int mlock_allowed(void)
{
	return memlock_limit() != 0 || capable(CAP_IPC_LOCK);
}

int mlock_future_ok(struct mm *mm, uint32_t vflags, uint32_t bytes)
{
	if (!(vflags & VMA_LOCKED) || capable(CAP_IPC_LOCK))
		return 1;
	return (uint64_t)vma_locked_bytes(mm) + bytes <= memlock_limit();
}

/* Bytes of [start, end) already locked (they count once, not twice). */
static uint32_t locked_in(struct mm *mm, uint32_t start, uint32_t end)
{
	uint32_t n = 0;

	for (int i = 0; i < mm->nvma; i++) {
		const struct vma *v = &mm->vma[i];
		uint32_t lo = v->start > start ? v->start : start;
		uint32_t hi = v->end < end ? v->end : end;

		if ((v->flags & VMA_LOCKED) && lo < hi)
			n += hi - lo;
	}
	return n;
}

/* The range a lock call names: its start page, and its length rounded
 * out to whole pages (which may wrap: then end < start). */
static void lock_range(uint32_t addr, uint32_t len, uint32_t *start, uint32_t *end)
{
	*start = PAGE_DOWN(addr);
	*end = *start + PAGE_UP(len + (addr - *start));
}

/* Lock [start, end) with vflags (VMA_LOCKED, maybe VMA_LOCKONFAULT), as
 * Linux's do_mlock. */
static long do_mlock(uint32_t addr, uint32_t len, uint32_t vflags)
{
	struct mm *mm = curproc->mm;
	uint32_t start, end;
	uint64_t locked;
	int rc;

	if (!mlock_allowed())
		return -EPERM;
	lock_range(addr, len, &start, &end);
	locked = (uint64_t)vma_locked_bytes(mm) + (uint32_t)(end - start);
	if (!capable(CAP_IPC_LOCK) && locked > memlock_limit() &&
	    locked - locked_in(mm, start, end) > memlock_limit())
		return -ENOMEM;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	rc = vma_set_lock(mm, start, end, vflags);
	if (rc)
		return rc;
	/* A page that cannot be had (past the end of its file) is ENOMEM;
	 * no memory for it, EAGAIN (Linux's __mlock_posix_error_return). */
	rc = vm_populate_range(mm, start, end, 0);
	return rc == -EFAULT ? -ENOMEM : rc == -ENOMEM ? -EAGAIN : rc;
}

long sys_mlock(uint32_t addr, uint32_t len)
{
	return do_mlock(addr, len, VMA_LOCKED);
}

long sys_mlock2(uint32_t addr, uint32_t len, uint32_t flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(addr, len, VMA_LOCKED | (flags & MLOCK_ONFAULT ? VMA_LOCKONFAULT : 0));
}

long sys_munlock(uint32_t addr, uint32_t len)
{
	uint32_t start, end;

	lock_range(addr, len, &start, &end);
	if (end < start)
		return -EINVAL;
	return end == start ? 0 : vma_set_lock(curproc->mm, start, end, 0);
}

/* Linux's apply_mlockall_flags: what future areas get, and unless only
 * MCL_FUTURE is asked, every present area locked (MCL_CURRENT) or
 * unlocked. */
static void mlockall_flags(struct mm *mm, uint32_t flags)
{
	uint32_t onfault = flags & MCL_ONFAULT ? VMA_LOCKONFAULT : 0;

	mm->def_flags = flags & MCL_FUTURE ? VMA_LOCKED | onfault : 0;
	if ((flags & MCL_FUTURE) && !(flags & MCL_CURRENT))
		return;
	vma_set_lock_all(mm, flags & MCL_CURRENT ? VMA_LOCKED | onfault : 0);
}

/* Every byte mapped (Linux's total_vm). */
static uint64_t mapped_bytes(struct mm *mm)
{
	uint64_t n = 0;

	for (int i = 0; i < mm->nvma; i++)
		n += mm->vma[i].end - mm->vma[i].start;
	return n;
}

long sys_mlockall(uint32_t flags)
{
	struct mm *mm = curproc->mm;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!mlock_allowed())
		return -EPERM;
	if ((flags & MCL_CURRENT) && !capable(CAP_IPC_LOCK) && mapped_bytes(mm) > memlock_limit())
		return -ENOMEM;
	mlockall_flags(mm, flags);
	if (flags & MCL_CURRENT)
		vm_populate_range(mm, 0, USER_TOP, 1);
	return 0;
}

long sys_munlockall(void)
{
	mlockall_flags(curproc->mm, 0);
	return 0;
}
