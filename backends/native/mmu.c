/*
 * mmu.c - page tables natively, under the rules pvhv enforces.
 *
 * The native backend keeps the same bookkeeping a validating hypervisor
 * does, so a guest that breaks a VMI page-table rule fails here too instead
 * of only under pvhv: per frame a type (none, pinned L1, pinned L2), the
 * number of writable mappings from pinned L1s, and the number of references
 * from pinned L2s.  Natively pfn == mfn.
 *
 * The backend reads and writes page-table frames through a private window
 * in L2 slot 1023 (above hv_start, so every guest L2 has it): one L1 of the
 * backend's, mapped onto itself at WINDOW_L1_VA, whose last entry maps the
 * frame being worked on at WINDOW_VA.  Nothing depends on how the guest maps
 * its own memory.  All of it runs with interrupts off: an event callback
 * that itself updates page tables would move the window.
 */
#include "native.h"
#include "drivers/x86.h"

enum { T_NONE, T_L1, T_L2 };
#define WINDOW_SLOT 1023
#define WINDOW_SELF 1022
#define L2_GUEST_SLOTS VMI_L2_HV_FIRST
#define LAZY_QUEUE 128

static uint32_t window_l1[1024] __attribute__((aligned(4096), section(".bss.pagetables")));
static uint8_t *type;
static uint16_t *wcount, *l2refs;
static uint32_t nr_pages, current_l2, window_pfn = VMI_INVALID_PFN;
static struct vmi_mmu_update queue[LAZY_QUEUE];
static uint32_t qlen;
static int lazy, lazy_err;

static uint32_t *map_frame(uint32_t pfn)
{
	if (window_pfn != pfn) {
		((volatile uint32_t *)WINDOW_L1_VA)[WINDOW_SLOT] =
			(pfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
		invlpg(WINDOW_VA);
		window_pfn = pfn;
	}
	return (uint32_t *)WINDOW_VA;
}

/* A frame of the guest's usable memory (block.c, net.c: rings, buffers)? */
int mmu_frame_usable(uint32_t pfn)
{
	for (uint32_t i = 0; i < native_bi.nr_mem_ranges; i++) {
		const struct vmi_mem_range *m = &native_bi.mem[i];
		if (m->type == VMI_MEM_USABLE && pfn >= m->start_pfn &&
		    pfn - m->start_pfn < m->nr_pages)
			return 1;
	}
	return 0;
}

/* Is pfn a pinned page table (block.c, net.c: no ring or DMA into one)? */
int mmu_frame_pinned(uint32_t pfn)
{
	return pfn < nr_pages && type[pfn] != T_NONE;
}

/*
 * Map pfn at the backend's fixed address of slot (0..1021) of the window
 * L1, in every address space, writable; returns it.  Slots in use:
 * block.c 0-3 (the rings), net.c 16-21 (rings, receive copy window).
 */
void *mmu_map_fixed(unsigned slot, uint32_t pfn)
{
	uint32_t va = 0xFFC00000u + (slot << VMI_PAGE_SHIFT);
	((volatile uint32_t *)WINDOW_L1_VA)[slot] = (pfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
	invlpg(va);
	return (void *)va;
}

/* ---- the rules (vmi.spec, pt_pin) ---- */
static int l1e_ok(vmi_pte_t e, uint32_t self)
{
	uint32_t pfn = e >> VMI_PAGE_SHIFT;
	if (!(e & VMI_PTE_P))
		return 1;
	if (pfn >= nr_pages)
		return 0;
	return !(e & VMI_PTE_W) || (type[pfn] == T_NONE && pfn != self);
}

static int l2e_ok(vmi_pte_t e)
{
	uint32_t pfn = e >> VMI_PAGE_SHIFT;
	if (!(e & VMI_PTE_P))
		return 1;
	return !(e & VMI_PTE_PS) && pfn < nr_pages && type[pfn] == T_L1;
}

/* Reference counting of what an entry points at (+1 get, -1 put). */
static void entry_ref(int level, vmi_pte_t e, int delta)
{
	if (!(e & VMI_PTE_P))
		return;
	if (level == 1 && (e & VMI_PTE_W))
		wcount[e >> VMI_PAGE_SHIFT] += delta;
	else if (level == 2)
		l2refs[e >> VMI_PAGE_SHIFT] += delta;
}

static uint32_t guest_slots(int level)
{
	return level == 1 ? 1024 : L2_GUEST_SLOTS;
}

static void table_refs(uint32_t pfn, int level, int delta)
{
	uint32_t *t = map_frame(pfn);
	for (uint32_t i = 0; i < guest_slots(level); i++)
		entry_ref(level, t[i], delta);
}

/* The backend's slots of an L2: nothing but the window natively. */
static void l2_set_backend_slots(uint32_t *t, int install)
{
	for (uint32_t i = L2_GUEST_SLOTS; i < 1024; i++)
		t[i] = 0;
	if (install)
		t[WINDOW_SLOT] = window_l1[WINDOW_SELF];
}

/* ---- single updates and the lazy queue ---- */
static int apply_update(uint32_t ptr, vmi_pte_t val)
{
	uint32_t pfn = ptr >> VMI_PAGE_SHIFT, idx = (ptr & 0xFFF) >> 2;
	if ((ptr & VMI_MMU_CMD_MASK) != VMI_MMU_NORMAL_PT_UPDATE)
		return -VMI_EINVAL;
	if (pfn >= nr_pages || type[pfn] == T_NONE)
		return -VMI_EINVAL;
	int level = type[pfn];
	if (level == T_L2 && idx >= L2_GUEST_SLOTS)
		return -VMI_EPERM;
	if (level == T_L1 ? !l1e_ok(val, pfn) : !l2e_ok(val))
		return -VMI_EINVAL;
	uint32_t *t = map_frame(pfn);
	entry_ref(level, t[idx], -1);
	entry_ref(level, val, +1);
	t[idx] = val;
	return 0;
}

/* Apply the queue; after the first failure the rest is discarded. */
static void drain(void)
{
	for (uint32_t i = 0; i < qlen; i++)
		if (!lazy_err)
			lazy_err = apply_update(queue[i].ptr, queue[i].val);
	qlen = 0;
}

static int update(uint32_t ptr, vmi_pte_t val)
{
	if (!lazy)
		return apply_update(ptr, val);
	if (qlen == LAZY_QUEUE)
		drain();
	queue[qlen++] = (struct vmi_mmu_update){ ptr, val };
	return 0;
}

/* ---- VMI calls ---- */
int vmi_pte_write(uint32_t entry_paddr, vmi_pte_t val)
{
	if (entry_paddr & 3)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	int r = update(entry_paddr, val);
	irq_restore_native(f);
	return r;
}

int vmi_mmu_update(const struct vmi_mmu_update *reqs, uint32_t count, uint32_t *done)
{
	uint32_t i = 0;
	int r = count > VMI_MMU_BATCH_MAX ? -VMI_EINVAL : 0;
	uint32_t f = irq_save_native();
	for (; r == 0 && i < count; i++) {
		if ((reqs[i].ptr & VMI_MMU_CMD_MASK) != VMI_MMU_NORMAL_PT_UPDATE)
			r = -VMI_EINVAL;
		else
			r = update(reqs[i].ptr, reqs[i].val);
		if (r)
			i--;                /* the failing one was not applied */
	}
	irq_restore_native(f);
	if (done)
		*done = i;
	return r;
}

int vmi_pt_pin(uint32_t pfn, int level)
{
	if ((level != 1 && level != 2) || pfn >= nr_pages)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	int r = 0;
	drain();
	if (type[pfn] != T_NONE || wcount[pfn] || block_owns_frame(pfn) || net_owns_frame(pfn))
		r = -VMI_EBUSY;     /* a device ring stays ordinary memory */
	uint32_t *t = map_frame(pfn);
	for (uint32_t i = 0; r == 0 && i < guest_slots(level); i++)
		if (level == 1 ? !l1e_ok(t[i], pfn) : !l2e_ok(t[i]))
			r = -VMI_EINVAL;
	if (r == 0) {
		if (level == 2)
			l2_set_backend_slots(t, 1);
		table_refs(pfn, level, +1);
		type[pfn] = (uint8_t)level;
	}
	irq_restore_native(f);
	return r;
}

int vmi_pt_unpin(uint32_t pfn)
{
	if (pfn >= nr_pages)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	int r = 0;
	drain();
	if (type[pfn] == T_NONE)
		r = -VMI_EINVAL;
	else if ((type[pfn] == T_L1 && l2refs[pfn]) || pfn == current_l2)
		r = -VMI_EBUSY;
	if (r == 0) {
		table_refs(pfn, type[pfn], -1);
		if (type[pfn] == T_L2)
			l2_set_backend_slots(map_frame(pfn), 0);
		type[pfn] = T_NONE;
	}
	irq_restore_native(f);
	return r;
}

#ifdef VMI_COUNTERS
/* VMI_COUNTERS=1 builds: what this backend did to the MMU for the guest,
 * for the guest's /proc/vmi_counters (make bench EVENTS=1).  Not a VMI
 * call: a link-time symbol like vmi_call_counts. */
static uint32_t n_cr3_loads, n_tlb_flush, n_tlb_flush_one;
#define COUNT(x) ((x)++)

uint32_t vmi_backend_counters(const char **names, uint32_t *vals, uint32_t max);
uint32_t vmi_backend_counters(const char **names, uint32_t *vals, uint32_t max)
{
	static const char *const n[] = { "cr3_loads", "tlb_flush", "tlb_flush_one" };
	uint32_t v[] = { n_cr3_loads, n_tlb_flush, n_tlb_flush_one };
	uint32_t i;

	for (i = 0; i < 3 && i < max; i++) {
		names[i] = n[i];
		vals[i] = v[i];
	}
	return i;
}
#else
#define COUNT(x) ((void)0)
#endif

int vmi_set_pagetable(uint32_t l2_pfn)
{
	uint32_t f = irq_save_native();
	int r = 0;
	drain();
	if (l2_pfn >= nr_pages || type[l2_pfn] != T_L2)
		r = -VMI_EINVAL;
	else {
		write_cr3(l2_pfn << VMI_PAGE_SHIFT);
		COUNT(n_cr3_loads);
		current_l2 = l2_pfn;
	}
	irq_restore_native(f);
	return r;
}

void vmi_tlb_flush(void)
{
	uint32_t f = irq_save_native();
	drain();
	write_cr3(read_cr3());
	COUNT(n_cr3_loads);
	COUNT(n_tlb_flush);
	irq_restore_native(f);
}

void vmi_tlb_flush_one(uint32_t va)
{
	uint32_t f = irq_save_native();
	drain();
	invlpg(va);
	COUNT(n_tlb_flush_one);
	irq_restore_native(f);
}

void vmi_lazy_begin(void)
{
	lazy = 1;
}

int vmi_lazy_flush(void)
{
	uint32_t f = irq_save_native();
	drain();
	int r = lazy_err;
	lazy = 0;
	lazy_err = 0;
	irq_restore_native(f);
	return r;
}

/* ---- frame translation: the identity natively ----
 * Leaves called hundreds of times per fork (every entry copied or torn
 * down: vmi_pte_pfn twice per page of a fork+exit): built without a frame
 * pointer, whose push, move and pop would be most of one - a cost only
 * the call has, not the translation (pvhv's leaves are built so too). */
#ifdef VMI_BACKEND_INLINED
#define LEAF                /* NATIVE_LTO=1 (Makefile): inlined, no frame */
#else
#define LEAF __attribute__((optimize("omit-frame-pointer")))
#endif

LEAF vmi_pte_t vmi_make_pte(uint32_t pfn, uint32_t flags)
{
	return (pfn << VMI_PAGE_SHIFT) | (flags & VMI_PTE_FLAGS);
}

LEAF uint32_t vmi_pte_pfn(vmi_pte_t pte)
{
	uint32_t pfn = pte >> VMI_PAGE_SHIFT;
	return pfn < nr_pages ? pfn : VMI_INVALID_PFN;
}

LEAF uint32_t vmi_pfn_to_mfn(uint32_t pfn)
{
	return pfn < nr_pages ? pfn : VMI_INVALID_PFN;
}

LEAF uint32_t vmi_mfn_to_pfn(uint32_t mfn)
{
	return mfn < nr_pages ? mfn : VMI_INVALID_PFN;
}

/*
 * Adopt the boot stub's tables: drop the identity half, install the window,
 * make the table frames' own aliases read-only, count references, and mark
 * everything pinned - the state vmi_boot_info promises the guest.
 */
void mmu_init(uint32_t boot_l2_pfn, uint32_t nr_l1, uint32_t mapped)
{
	uint32_t *l2 = (uint32_t *)(VMI_KERNEL_BASE + (boot_l2_pfn << VMI_PAGE_SHIFT));
	uint32_t win = ((uint32_t)window_l1 - VMI_KERNEL_BASE) | VMI_PTE_P | VMI_PTE_W;
	nr_pages = native_bi.nr_pages;
	type = boot_alloc(nr_pages);
	wcount = boot_alloc(nr_pages * 2);
	l2refs = boot_alloc(nr_pages * 2);
	window_l1[WINDOW_SELF] = win;
	l2[WINDOW_SLOT] = win;
	for (uint32_t i = 0; i < nr_l1; i++)
		l2[i] = 0;                  /* the identity map is gone */
	write_cr3(boot_l2_pfn << VMI_PAGE_SHIFT);
	for (uint32_t i = 0; i < nr_l1; i++) {
		uint32_t l1pfn = l2[VMI_KERNEL_BASE / 0x400000 + i] >> VMI_PAGE_SHIFT;
		uint32_t *t = map_frame(l1pfn);
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t pfn = i * 1024 + j;
			if (pfn >= mapped)
				t[j] = 0;
			else if (pfn == boot_l2_pfn || (pfn >= (l2[768] >> 12) && pfn < (l2[768] >> 12) + nr_l1))
				t[j] &= ~VMI_PTE_W; /* table frames: read-only aliases */
		}
		table_refs(l1pfn, 1, +1);
		type[l1pfn] = T_L1;
		l2refs[l1pfn] = 1;
	}
	type[boot_l2_pfn] = T_L2;
	current_l2 = boot_l2_pfn;
	write_cr3(boot_l2_pfn << VMI_PAGE_SHIFT);
}
