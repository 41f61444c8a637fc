/*
 * frames.c - who owns each machine frame: the hypervisor heap, the frame
 * table, the global M2P table, and the memory of each domain.
 *
 * Machine memory below HV_RESERVED_TOP belongs to the hypervisor.  What the
 * image and the boot modules leave of it is the heap: whole pages reached
 * through the direct map (HV_VA), handed out first-fit from a bitmap so
 * that multi-page tables (frame table, M2P, a domain's P2M) are contiguous.
 * Frames from HV_RESERVED_TOP up go to domains one by one, in deliberately
 * scattered order (see take_scattered), and are zeroed before a domain gets
 * them so nothing leaks from a previous owner.
 *
 * Every domain's address space sees the M2P read-only at PVHV_M2P_VA and
 * its own shared-info page at PVHV_SHARED_INFO_VA, both through one L1 per
 * domain that pinning an L2 installs in slot 1008 (pagetype.c).
 */
#include "hv.h"
#include "mm.h"
#include "lib/klib.h"

#define HEAP_PAGES   (HV_RESERVED_TOP >> VMI_PAGE_SHIFT)
#define FIRST_DOMAIN_FRAME (HV_RESERVED_TOP >> VMI_PAGE_SHIFT)
#define SHARED_SLOT  ((PVHV_SHARED_INFO_VA >> VMI_PAGE_SHIFT) & 1023)

struct frame *mm_frames;
uint32_t mm_top;
static uint32_t heap_map[HEAP_PAGES / 32];   /* bit set: page free */
static uint32_t *m2p;
static uint32_t m2p_pages;

static uint32_t pages_for(uint32_t bytes)
{
	return (bytes + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
}

/* ---- the heap ---- */

static int heap_page_free(uint32_t i)
{
	return (heap_map[i / 32] >> (i % 32)) & 1;
}

static void heap_mark(uint32_t first, uint32_t n, int free)
{
	for (uint32_t i = first; i < first + n; i++) {
		if (free)
			heap_map[i / 32] |= 1u << (i % 32);
		else
			heap_map[i / 32] &= ~(1u << (i % 32));
	}
}

/* Called once per range of free hypervisor memory (boot.c: after the
 * image and the modules); partial pages at either end are not used. */
void heap_init(uint32_t start_pa, uint32_t end_pa)
{
	uint32_t first = (start_pa + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
	uint32_t end = (end_pa > HV_RESERVED_TOP ? HV_RESERVED_TOP : end_pa) >> VMI_PAGE_SHIFT;

	if (first < end)
		heap_mark(first, end - first, 1);
	hv_log("heap: %u KiB free", heap_free_count() * 4);
}

uint32_t heap_free_count(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < HEAP_PAGES; i++)
		n += heap_page_free(i);
	return n;
}

/* First fit: the lowest run of n free pages. */
void *heap_alloc_pages(uint32_t n)
{
	uint32_t run = 0;

	for (uint32_t i = 0; n && i < HEAP_PAGES; i++) {
		run = heap_page_free(i) ? run + 1 : 0;
		if (run == n) {
			uint32_t first = i + 1 - n;
			void *va = HV_VA(first << VMI_PAGE_SHIFT);

			heap_mark(first, n, 0);
			memset(va, 0, n << VMI_PAGE_SHIFT);
			return va;
		}
	}
	return NULL;
}

/* Freeing what the heap did not hand out is a hypervisor bug: stop. */
void heap_free_pages(void *va, uint32_t n)
{
	uint32_t pa = HV_PA(va), first = pa >> VMI_PAGE_SHIFT;

	if ((pa & (VMI_PAGE_SIZE - 1)) || pa >= HV_RESERVED_TOP || n > HEAP_PAGES - first)
		hv_panic("heap_free_pages: %p is not a heap page", va);
	for (uint32_t i = first; i < first + n; i++)
		if (heap_page_free(i))
			hv_panic("heap_free_pages: page %#x freed twice", i << VMI_PAGE_SHIFT);
	heap_mark(first, n, 1);
}

void *hv_alloc_page(void)
{
	void *p = heap_alloc_pages(1);

	if (!p)
		hv_panic("hypervisor heap exhausted");
	return p;
}

void hv_free_page(void *va)
{
	heap_free_pages(va, 1);
}

/* ---- the frame table and the M2P ---- */

void mm_init(uint32_t top_frame)
{
	if (top_frame > PVHV_M2P_MAX_FRAMES) {
		hv_log("mm: memory above frame %#x ignored (the M2P ends there)",
		       PVHV_M2P_MAX_FRAMES);
		top_frame = PVHV_M2P_MAX_FRAMES;
	}
	if (top_frame < FIRST_DOMAIN_FRAME)
		top_frame = FIRST_DOMAIN_FRAME;   /* no memory for domains at all */
	m2p_pages = pages_for(top_frame * sizeof(uint32_t));
	mm_frames = heap_alloc_pages(pages_for(top_frame * sizeof(struct frame)));
	m2p = heap_alloc_pages(m2p_pages);
	if (!mm_frames || !m2p)
		hv_panic("mm: no heap for the tables of %u frames", top_frame);
	mm_top = top_frame;
	for (uint32_t f = 0; f < top_frame; f++)
		mm_frames[f].owner = f < FIRST_DOMAIN_FRAME ? OWNER_HV : OWNER_FREE;
	/* The tail of the last M2P page is visible to guests too. */
	for (uint32_t i = 0; i < m2p_pages * (VMI_PAGE_SIZE / 4); i++)
		m2p[i] = VMI_INVALID_PFN;
	hv_log("mm: %u frames, %u for domains, M2P %u pages", top_frame,
	       top_frame - FIRST_DOMAIN_FRAME, m2p_pages);
}

uint32_t mm_nr_frames(void)
{
	return mm_top;
}

int mm_owned_by(const struct domain *d, uint32_t mfn)
{
	return mfn < mm_top && mm_frames[mfn].owner == d->id;
}

void m2p_set(uint32_t mfn, uint32_t pfn)
{
	if (mfn >= mm_top)
		hv_panic("m2p_set: frame %#x beyond memory", mfn);
	m2p[mfn] = pfn;
}

/* ---- per-domain hypervisor pages ---- */

static void free_if(void *page)
{
	if (page)
		hv_free_page(page);
}

/* Address-space isolation (a switcher L1 exists): the pages of the
 * domain's views of its tables (pagetype.c), with their own slots. */
static int alloc_views(struct domain *d)
{
	for (uint32_t i = 0; hv_switcher_l2e && i < HV_VIEWS; i++) {
		d->views[i].l2 = heap_alloc_pages(1);
		if (!d->views[i].l2)
			return -VMI_ENOMEM;
		mm_fill_view_slots(d, d->views[i].l2);
	}
	return 0;
}

static void free_views(struct domain *d)
{
	for (uint32_t i = 0; i < HV_VIEWS; i++) {
		free_if(d->views[i].l2);
		d->views[i].l2 = NULL;
	}
}

/* The slot-1008 L1: M2P pages read-only from index 0, then the shared page
 * writable at SHARED_SLOT.  No U bit: user space sees neither.  And the
 * views, in address-space isolation. */
int mm_domain_init(struct domain *d)
{
	uint32_t *l1 = heap_alloc_pages(1);
	void *shared = heap_alloc_pages(1);

	d->slot1008_l1_mfn = l1 ? HV_PA(l1) >> VMI_PAGE_SHIFT : 0;   /* the views name it */
	if (!l1 || !shared || alloc_views(d)) {
		free_if(l1);
		free_if(shared);
		free_views(d);
		d->slot1008_l1_mfn = 0;
		return -VMI_ENOMEM;
	}
	for (uint32_t i = 0; i < m2p_pages && i < SHARED_SLOT; i++)
		l1[i] = (HV_PA(m2p) + (i << VMI_PAGE_SHIFT)) | VMI_PTE_P;
	l1[SHARED_SLOT] = HV_PA(shared) | VMI_PTE_P | VMI_PTE_W;
	d->shared = shared;
	d->shared_mfn = HV_PA(shared) >> VMI_PAGE_SHIFT;
	return 0;
}

/* ---- domain memory ---- */

uint32_t mm_free_frames(void)
{
	uint32_t n = 0;

	for (uint32_t f = FIRST_DOMAIN_FRAME; f < mm_top; f++)
		n += mm_frames[f].owner == OWNER_FREE;
	return n;
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* An odd stride near 0.618 n, coprime to n so that stepping by it modulo
 * n visits every frame once; neighbours in the walk land far apart. */
static uint32_t scatter_stride(uint32_t n)
{
	uint32_t s = (n / 1000 * 618 + n % 1000 * 618 / 1000) | 1;

	while (gcd(s, n) != 1)
		s += 2;
	return s;
}

/*
 * Hand out n free frames in the order of a stride walk over all domain
 * frames (taken ones are skipped).  Consecutive pfns land far apart in
 * machine memory, so a guest that confuses pfn and mfn, or assumes
 * contiguity, fails at once instead of by luck later.
 */
static void take_scattered(uint32_t *mfns, uint32_t n)
{
	uint32_t span = mm_top - FIRST_DOMAIN_FRAME, stride = scatter_stride(span);
	uint32_t pos = 0, got = 0;

	for (uint32_t k = 0; got < n && k < span; k++) {
		pos = (pos + stride) % span;
		if (mm_frames[FIRST_DOMAIN_FRAME + pos].owner == OWNER_FREE)
			mfns[got++] = FIRST_DOMAIN_FRAME + pos;
	}
	if (got != n)
		hv_panic("take_scattered: %u of %u frames", got, n);
	/* pfn == mfn would hide exactly the bug scattering is meant to show:
	 * swap such a frame with its neighbour pfn (distinct frames, so
	 * neither ends up equal to its own pfn). */
	for (uint32_t pfn = 0; n > 1 && pfn < n; pfn++) {
		if (mfns[pfn] == pfn) {
			uint32_t other = (pfn ^ 1) < n ? pfn ^ 1 : pfn - 1;
			mfns[pfn] = mfns[other];
			mfns[other] = pfn;
		}
	}
}

void mm_scrub_frame(uint32_t mfn)
{
	void *p = map_domain_page(mfn);

	memset(p, 0, VMI_PAGE_SIZE);
	unmap_domain_page(p);
}

/* Owned by d, not yet scrubbed: the run-time builder scrubs them in
 * bounded steps before the domain first runs (domain_create.c). */
int mm_take_domain_frames(struct domain *d, uint32_t n)
{
	if (n == 0 || d->mfns)
		return (uint32_t)-VMI_EINVAL;
	if (n > mm_free_frames())
		return (uint32_t)-VMI_ENOMEM;
	d->mfns = heap_alloc_pages(pages_for(n * sizeof(uint32_t)));
	if (!d->mfns)
		return (uint32_t)-VMI_ENOMEM;
	take_scattered(d->mfns, n);
	for (uint32_t pfn = 0; pfn < n; pfn++) {
		mm_frames[d->mfns[pfn]].owner = d->id;
		m2p_set(d->mfns[pfn], pfn);
	}
	d->nr_pages = n;
	hv_log("domain %u: %u frames", d->id, n);
	return 0;
}

int mm_alloc_domain_frames(struct domain *d, uint32_t n)
{
	int rc = mm_take_domain_frames(d, n);

	for (uint32_t pfn = 0; rc == 0 && pfn < n; pfn++)
		mm_scrub_frame(d->mfns[pfn]);
	return rc;
}

/* A dead domain's slot is reused (domain_create.c): the hypervisor pages
 * mm_release_domain kept - shared page, slot-1008 L1, views - go too. */
void mm_forget_domain(struct domain *d)
{
	mm_release_domain(d);
	if (d->shared)
		hv_free_page(d->shared);
	if (d->slot1008_l1_mfn)
		hv_free_page(HV_VA(d->slot1008_l1_mfn << VMI_PAGE_SHIFT));
	free_views(d);
	d->shared = NULL;
	d->shared_mfn = 0;
	d->slot1008_l1_mfn = 0;
}

/*
 * Every frame of d back to free, with its type and counts: all references
 * to a domain's frames come from its own tables, so nothing else counts
 * them.  The shared-info page and the slot-1008 L1 stay (other code may
 * still look at d->shared of a dead domain); d->cr3_mfn is left as it was
 * and must not be loaded again.
 */
void mm_release_domain(struct domain *d)
{
	if (!d->mfns)
		return;
	/* Never keep running on tables that are about to be free memory. */
	if (mm_owned_by(d, mm_read_cr3() >> VMI_PAGE_SHIFT))
		mm_load_cr3(mm_idle_l2_pa());
	for (uint32_t pfn = 0; pfn < d->nr_pages; pfn++) {
		uint32_t mfn = d->mfns[pfn];

		if (!mm_owned_by(d, mfn))
			continue;
		mm_frames[mfn] = (struct frame){ .owner = OWNER_FREE };
		m2p[mfn] = VMI_INVALID_PFN;
	}
	heap_free_pages(d->mfns, pages_for(d->nr_pages * sizeof(uint32_t)));
	for (uint32_t i = 0; i < HV_VIEWS; i++) {  /* kept, like the shared page */
		d->views[i].of = 0;
		if (d->views[i].l2)
			memset(d->views[i].l2, 0, VMI_L2_HV_FIRST * sizeof(uint32_t));
	}
	d->mfns = NULL;
	d->nr_pages = 0;
	/* The frames were reset with their TLB stamps: whatever the dead
	 * domain's tables left in the TLB must go with them. */
	mm_flush_tlb();
}
