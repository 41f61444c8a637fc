/*
 * writeback.c - shared mappings of disk (ext2) files: what a process wrote
 * through MAP_SHARED goes back into the file.
 *
 * A RAM-filesystem file's shared mapping maps the file's own pages (vm.c);
 * a disk file has no page cache that mappings and read/write share, so its
 * mapping is filled page by page from the file.  For such a mapping the pages the process dirtied (the hardware's D bit) are copied
 * back at msync, munmap, exit and exec, and before fork (so parent and
 * child start from the file's content).  Only the part inside the file is
 * written: a mapping never makes a file longer, as on Linux.  So another
 * process's read sees a mapped write once it is synced - what POSIX
 * promises after msync - not at once, as Linux's page cache would show it.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

/* One dirty page of v at va back to the file; its D bit cleared if asked,
 * so that the next writeback copies only what was written since. */
static void page_writeback(struct mm *mm, struct vma *v, uint32_t va, int clean)
{
	vmi_pte_t pte = vm_pte(mm, va);
	uint32_t n = v->file_end - va < PAGE_SIZE ? v->file_end - va : PAGE_SIZE;

	if (!(pte & VMI_PTE_P) || !(pte & VMI_PTE_D))
		return;
	vfs_write_at(v->ip, (uint64_t)v->off + (va - v->start), pfn_to_va(vmi_pte_pfn(pte)), n);
	if (clean)
		vm_set_pte(mm, va, pte & ~(vmi_pte_t)VMI_PTE_D);
}

void vm_writeback(struct mm *mm, uint32_t start, uint32_t end, int clean)
{
	for (int i = 0; i < mm->nvma; i++) {
		struct vma *v = &mm->vma[i];
		uint32_t lo = v->start > start ? v->start : start;
		uint32_t hi = v->end < end ? v->end : end;

		if (!(v->flags & VMA_SHARED_FILE) || lo >= hi)
			continue;
		for (uint32_t va = lo; va < hi && va < v->file_end; va += PAGE_SIZE)
			page_writeback(mm, v, va, clean);
	}
}
