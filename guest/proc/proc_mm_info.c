/*
 * proc_mm_info.c - what /proc says about an address space, in Linux's
 * formats (fs/proc/task_mmu.c): /proc/<pid>/maps, smaps (the maps line of
 * each area and what its page tables hold), smaps_rollup (the same summed
 * over all areas) and pagemap (one 64-bit entry per virtual page).
 *
 * The figures come from the page tables as they are: a present entry is
 * resident, its D bit dirty, its A bit referenced.  How many address
 * spaces map a frame (Linux's mapcount: shared or private, the Pss share,
 * pagemap's exclusive bit) is its reference count less the owner's
 * reference - a RAM-filesystem file and a System V segment hold one of
 * their own.  A page is anonymous as Linux would have it: in a private
 * area without a file, or written (D) in a private file area (Linux's
 * copy-on-write copy); pages of shared anonymous memory, segments and
 * RAM-filesystem files are Linux's shmem (tmpfs), disk files' are file
 * pages.  Nothing is swapped, nothing is a huge page, and the kernel has
 * no soft-dirty tracking (like a kernel built without
 * CONFIG_MEM_SOFT_DIRTY: no "sd" flag, pagemap bit 55 clear).
 */
#include "proc/proc.h"
#include "lib/klib.h"

#define PSS_SHIFT 12                /* Pss kept in 1/4096 of a byte, as Linux */
#define RECORD_MAX 1536             /* one area's smaps text */

/* pagemap's bits (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PRESENT   (1ull << 63)
#define PM_FILE      (1ull << 61)   /* file page or shared anonymous */
#define PM_EXCLUSIVE (1ull << 56)   /* mapped once */
#define PM_PFN_MASK  ((1ull << 55) - 1)

enum page_kind { K_ANON, K_FILE, K_SHMEM };

/* What smaps counts for areas, in bytes (Pss ones << PSS_SHIFT). */
struct mem_stats {
	uint64_t resident, shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t referenced, anonymous, pss, pss_dirty, pss_anon, pss_file, pss_shmem;
	uint64_t pss_locked;
};

uint32_t mm_mapped_bytes(struct mm *mm)
{
	uint32_t n = 0;

	for (int i = 0; mm && i < mm->nvma; i++)
		n += mm->vma[i].end - mm->vma[i].start;
	return n;
}

uint32_t mm_rss_pages(struct mm *mm)
{
	uint32_t n = 0;

	for (int i = 0; mm && i < mm->nvma; i++)
		for (uint32_t va = mm->vma[i].start; va < mm->vma[i].end; va += PAGE_SIZE)
			n += (vm_pte(mm, va) & VMI_PTE_P) != 0;
	return n;
}

/* How many address spaces map the frame of area v (at least 1). */
static uint32_t map_count(const struct vma *v, uint32_t pfn)
{
	uint32_t refs = page_refs(pfn);
	uint32_t owner = (v->flags & VMA_SHM) || ((v->flags & VMA_SHARED) && v->ip);

	return refs > owner ? refs - owner : 1;
}

static enum page_kind page_kind(const struct vma *v, vmi_pte_t pte)
{
	if (v->flags & (VMA_SHM | VMA_SHARED))
		return K_SHMEM;
	if (v->flags & VMA_SHARED_FILE)
		return K_FILE;
	if (!v->ip || (pte & VMI_PTE_D))
		return K_ANON;
	return vfs_maps_pages(v->ip) ? K_SHMEM : K_FILE;
}

/* One present page of area v into st (Linux's smaps_account). */
static void account_page(struct mem_stats *st, const struct vma *v, vmi_pte_t pte)
{
	uint32_t mc = map_count(v, vmi_pte_pfn(pte));
	uint64_t pss = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / mc;
	int dirty = (pte & VMI_PTE_D) != 0;
	enum page_kind kind = page_kind(v, pte);

	st->resident += PAGE_SIZE;
	st->referenced += pte & VMI_PTE_A ? PAGE_SIZE : 0;
	st->anonymous += kind == K_ANON ? PAGE_SIZE : 0;
	if (mc >= 2)
		*(dirty ? &st->shared_dirty : &st->shared_clean) += PAGE_SIZE;
	else
		*(dirty ? &st->private_dirty : &st->private_clean) += PAGE_SIZE;
	st->pss += pss;
	st->pss_dirty += dirty ? pss : 0;
	*(kind == K_ANON ? &st->pss_anon : kind == K_FILE ? &st->pss_file : &st->pss_shmem) += pss;
	st->pss_locked += v->flags & VMA_LOCKED ? pss : 0;
}

static void area_stats(struct mm *mm, const struct vma *v, struct mem_stats *st)
{
	for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE) {
		vmi_pte_t pte = vm_pte(mm, va);

		if (pte & VMI_PTE_P)
			account_page(st, v, pte);
	}
}

/* The maps line of area v. */
static int maps_line(const struct vma *v, char *buf, uint32_t n)
{
	const char *what = v->flags & VMA_BRK ? "[heap]" : v->flags & VMA_STACK ? "[stack]" : "";
	char shm[32];

	if (v->flags & VMA_SHM)
		what = shm_vma_name(v, shm, sizeof(shm));
	return snprintf(buf, n, "%08x-%08x %c%c%c%c %08x 00:00 0 %s\n",
	                v->start, v->end, v->prot & PROT_READ ? 'r' : '-',
	                v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-',
	                v->flags & VMA_SHARED ? 's' : 'p',
	                v->ip || (v->flags & VMA_SHM) ? v->off : 0, what);
}

int mm_maps_text(struct mm *mm, char *buf, uint32_t n)
{
	uint32_t len = 0;

	for (int i = 0; mm && i < mm->nvma && len < n; i++)
		len += maps_line(&mm->vma[i], buf + len, n - len);
	return len < n ? (int)len : (int)n;
}

/* "Label:   <kB> kB" lines, Linux's widths: the value ends in column 24. */
static int kb_line(char *buf, uint32_t n, const char *label, uint64_t bytes)
{
	return snprintf(buf, n, "%-16s%8llu kB\n", label, (unsigned long long)(bytes >> 10));
}

/* The lines smaps and smaps_rollup share (Linux's __show_smap). */
static int stats_text(const struct mem_stats *st, int rollup, char *buf, uint32_t n)
{
	static const char *const zero[] = { "LazyFree:", "AnonHugePages:", "ShmemPmdMapped:",
	                                    "FilePmdMapped:", "Shared_Hugetlb:",
	                                    "Private_Hugetlb:", "Swap:", "SwapPss:" };
	int len = 0;

	len += kb_line(buf + len, n - len, "Rss:", st->resident);
	len += kb_line(buf + len, n - len, "Pss:", st->pss >> PSS_SHIFT);
	len += kb_line(buf + len, n - len, "Pss_Dirty:", st->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		len += kb_line(buf + len, n - len, "Pss_Anon:", st->pss_anon >> PSS_SHIFT);
		len += kb_line(buf + len, n - len, "Pss_File:", st->pss_file >> PSS_SHIFT);
		len += kb_line(buf + len, n - len, "Pss_Shmem:", st->pss_shmem >> PSS_SHIFT);
	}
	len += kb_line(buf + len, n - len, "Shared_Clean:", st->shared_clean);
	len += kb_line(buf + len, n - len, "Shared_Dirty:", st->shared_dirty);
	len += kb_line(buf + len, n - len, "Private_Clean:", st->private_clean);
	len += kb_line(buf + len, n - len, "Private_Dirty:", st->private_dirty);
	len += kb_line(buf + len, n - len, "Referenced:", st->referenced);
	len += kb_line(buf + len, n - len, "Anonymous:", st->anonymous);
	for (uint32_t i = 0; i < ARRAY_SIZE(zero); i++)
		len += kb_line(buf + len, n - len, zero[i], 0);
	len += kb_line(buf + len, n - len, "Locked:", st->pss_locked >> PSS_SHIFT);
	return len;
}

/* Linux's VM_* flags of area v, as smaps' two-letter names, in Linux's
 * bit order: rd wr ex sh mr mw me ms gd lo lf ac. */
static int vmflags_text(const struct vma *v, char *buf, uint32_t n)
{
	int shared = (v->flags & (VMA_SHARED | VMA_SHARED_FILE | VMA_SHM)) != 0;
	int private_w = !shared && (v->prot & PROT_WRITE);   /* VM_ACCOUNT */
	const struct { int on; const char *name; } f[] = {
		{ v->prot & PROT_READ, "rd" }, { v->prot & PROT_WRITE, "wr" },
		{ v->prot & PROT_EXEC, "ex" },
		/* a shared file mapping opened read-only is "may share" only */
		{ shared && !(v->flags & VMA_NOWRITE), "sh" },
		{ 1, "mr" }, { !(v->flags & VMA_NOWRITE), "mw" }, { 1, "me" }, { shared, "ms" },
		{ v->flags & VMA_GROWSDOWN, "gd" }, { v->flags & VMA_LOCKED, "lo" },
		{ v->flags & VMA_LOCKONFAULT, "lf" }, { private_w, "ac" },
	};
	int len = snprintf(buf, n, "VmFlags: ");

	for (uint32_t i = 0; i < ARRAY_SIZE(f); i++)
		if (f[i].on)
			len += snprintf(buf + len, n - len, "%s ", f[i].name);
	return len + snprintf(buf + len, n - len, "\n");
}

/* One area's smaps record (Linux's show_smap). */
static int smaps_record(struct mm *mm, const struct vma *v, char *buf, uint32_t n)
{
	struct mem_stats st = { 0 };
	int len = maps_line(v, buf, n);

	area_stats(mm, v, &st);
	len += kb_line(buf + len, n - len, "Size:", v->end - v->start);
	len += kb_line(buf + len, n - len, "KernelPageSize:", PAGE_SIZE);
	len += kb_line(buf + len, n - len, "MMUPageSize:", PAGE_SIZE);
	len += stats_text(&st, 0, buf + len, n - len);
	len += snprintf(buf + len, n - len, "THPeligible:    %8u\n", 0);
	return len + vmflags_text(v, buf + len, n - len);
}

int mm_smaps_rollup_text(struct mm *mm, char *buf, uint32_t n)
{
	struct mem_stats st = { 0 };
	int len;

	if (!mm || !mm->nvma)
		return 0;
	for (int i = 0; i < mm->nvma; i++)
		area_stats(mm, &mm->vma[i], &st);
	len = snprintf(buf, n, "%08x-%08x ---p 00000000 00:00 0 [rollup]\n",
	               mm->vma[0].start, mm->vma[mm->nvma - 1].end);
	return len + stats_text(&st, 1, buf + len, n - len);
}

/*
 * smaps from byte pos: whole records while they fit (a record longer than
 * the request is cut, and the next read finds its place by counting
 * bytes from the start).  A read that starts where the cursor says goes on
 * with the first area at or above the cursor's address.
 */
int mm_smaps_read(struct mm *mm, struct proc_cursor *c, uint64_t pos, char *buf, uint32_t n)
{
	static char rec[RECORD_MAX];      /* one reader at a time: no preemption */
	int resume = pos && c->pos == pos;
	uint64_t at = resume ? pos : 0;
	uint32_t from = resume ? c->next : 0, got = 0;

	for (int i = 0; mm && i < mm->nvma; i++) {
		const struct vma *v = &mm->vma[i];
		uint32_t len, skip;

		if (v->start < from)
			continue;
		len = (uint32_t)smaps_record(mm, v, rec, sizeof(rec));
		if (len >= sizeof(rec))
			len = sizeof(rec) - 1;
		if (at + len <= pos) {
			at += len;
			continue;
		}
		skip = pos > at ? (uint32_t)(pos - at) : 0;
		if (got + len - skip > n) {
			if (got == 0) {           /* a part of one record */
				memcpy(buf, rec + skip, n);
				got = n;
			}
			break;
		}
		memcpy(buf + got, rec + skip, len - skip);
		got += len - skip;
		at += len;
		c->pos = pos + got;
		c->next = v->end;
	}
	return (int)got;
}

/* pagemap's entry for page va (Linux's pte_to_pagemap_entry). */
static uint64_t pagemap_entry(struct mm *mm, const struct vma *v, uint32_t va, int show_pfn)
{
	vmi_pte_t pte = v ? vm_pte(mm, va) : 0;
	uint32_t pfn;
	uint64_t e;

	if (!(pte & VMI_PTE_P))
		return 0;
	/* The pseudo-physical frame, the only frame numbering the guest
	 * knows: on pvhv no machine frame (the hypervisor's) may leak. */
	pfn = vmi_pte_pfn(pte);
	e = PM_PRESENT | (show_pfn ? pfn & PM_PFN_MASK : 0);
	if (page_kind(v, pte) != K_ANON)
		e |= PM_FILE;
	if (map_count(v, pfn) == 1)
		e |= PM_EXCLUSIVE;
	return e;
}

/* pagemap from byte pos: whole 8-byte entries, Linux's EINVAL otherwise;
 * nothing past the user address space.  Frame numbers only for
 * CAP_SYS_ADMIN, as Linux shows them. */
int mm_pagemap_read(struct mm *mm, uint64_t pos, char *buf, uint32_t n)
{
	uint64_t vpage = pos / 8, top = USER_TOP / PAGE_SIZE;
	int show_pfn = capable(CAP_SYS_ADMIN);
	const struct vma *v = 0;
	uint32_t got = 0;

	if ((pos % 8) || (n % 8))
		return -EINVAL;
	for (; mm && vpage < top && got < n; vpage++, got += 8) {
		uint32_t va = (uint32_t)vpage * PAGE_SIZE;
		uint64_t e;

		if (!v || va < v->start || va >= v->end)
			v = vma_find(mm, va);
		e = pagemap_entry(mm, v, va, show_pfn);
		memcpy(buf + got, &e, 8);
	}
	return (int)got;
}
