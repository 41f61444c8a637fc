/*
 * frames.c - who owns each machine frame: the hypervisor heap, the frame
 * table, the global M2P table, and the memory of each domain.
 *
 * Machine memory below HV_RESERVED_TOP belongs to the hypervisor.  What the
 * image and the boot information leave of it is the heap (boot.c moves the
 * boot modules out first): whole pages reached through the direct map
 * (HV_VA), handed out first-fit from a bitmap so that multi-page tables (a
 * domain's P2M) are contiguous.  The frame table and the M2P take the top
 * of memory (mm_init).  Running out of heap is "hypervisor out of memory",
 * not a domain's shortage.
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
static uint32_t m2p_pages, m2p_mfn;  /* at HV_M2P_HV_VA, from machine frame m2p_mfn */
static uint32_t nr_free;             /* domain frames owned by nobody */

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

uint32_t mm_heap_free_pages(void)
{
	return heap_free_count();
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
		hv_panic("hypervisor out of memory: its heap (below %u MiB) is exhausted",
			 HV_RESERVED_TOP >> 20);
	return p;
}

void hv_free_page(void *va)
{
	heap_free_pages(va, 1);
}

/* ---- the frame table and the M2P ---- */

/*
 * The frame table and the M2P take the last frames of memory, mapped at
 * HV_FRAMES_VA and HV_M2P_HV_VA (mapping.c): with 3.5 GiB they need 17.5
 * MiB, more than the direct map holds beside the image and the heap.
 */
void mm_init(uint32_t top_frame)
{
	uint32_t ft_pages, tables;

	if (top_frame > PVHV_M2P_MAX_FRAMES) {
		hv_log("mm: memory above frame %#x ignored (the M2P ends there)",
		       PVHV_M2P_MAX_FRAMES);
		top_frame = PVHV_M2P_MAX_FRAMES;
	}
	ft_pages = pages_for(top_frame * sizeof(struct frame));
	m2p_pages = pages_for(top_frame * sizeof(uint32_t));
	if (top_frame < FIRST_DOMAIN_FRAME + ft_pages + m2p_pages)
		hv_panic("mm: out of hypervisor memory: %u KiB of RAM cannot hold the frame "
			 "table and M2P (%u KiB) above the first %u MiB", top_frame * 4,
			 (ft_pages + m2p_pages) * 4, HV_RESERVED_TOP >> 20);
	tables = top_frame - ft_pages - m2p_pages;
	mm_map_fixed(HV_FRAMES_VA, tables, ft_pages);
	mm_map_fixed(HV_M2P_HV_VA, tables + ft_pages, m2p_pages);
	mm_frames = (struct frame *)HV_FRAMES_VA;
	m2p = (uint32_t *)HV_M2P_HV_VA;
	m2p_mfn = tables + ft_pages;
	mm_top = top_frame;
	for (uint32_t f = 0; f < top_frame; f++)
		mm_frames[f] = (struct frame){
			.owner = f < FIRST_DOMAIN_FRAME || f >= tables ? OWNER_HV : OWNER_FREE };
	nr_free = tables - FIRST_DOMAIN_FRAME;
	/* The tail of the last M2P page is visible to guests too. */
	for (uint32_t i = 0; i < m2p_pages * (VMI_PAGE_SIZE / 4); i++)
		m2p[i] = VMI_INVALID_PFN;
	hv_log("mm: %u frames, %u for domains, frame table %u pages and M2P %u pages "
	       "at frame %#x", top_frame, nr_free, ft_pages, m2p_pages, tables);
}

/* Boot modules above the direct map: not domain memory until released. */
void mm_reserve_frames(uint32_t first, uint32_t n)
{
	for (uint32_t f = first; f < first + n; f++) {
		if (f < FIRST_DOMAIN_FRAME || f >= mm_top || mm_frames[f].owner != OWNER_FREE)
			hv_panic("mm: frame %#x cannot hold a boot module", f);
		mm_frames[f].owner = OWNER_HV;
		nr_free--;
	}
}

void mm_release_frames(uint32_t first, uint32_t n)
{
	for (uint32_t f = first; f < first + n; f++) {
		if (f < FIRST_DOMAIN_FRAME || f >= mm_top || mm_frames[f].owner != OWNER_HV)
			hv_panic("mm: frame %#x was not reserved", f);
		mm_frames[f].owner = OWNER_FREE;
		nr_free++;
	}
}

uint32_t mm_free_frames(void)
{
	return nr_free;
}

uint32_t mm_nr_frames(void)
{
	return mm_top;
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

/* Address-space isolation (a switcher L1 exists): a page for one more of
 * the domain's views of its tables (pagetype.c), with its own slots; 0 or
 * -VMI_ENOMEM.  A domain starts with one and gets more as it uses more
 * L2s, while the heap lasts (mm_view_select): a small domain costs one
 * page, not HV_VIEWS. */
int mm_view_add(struct domain *d, struct hv_view *v)
{
	v->l2 = heap_alloc_pages(1);
	if (!v->l2)
		return -VMI_ENOMEM;
	mm_fill_view_slots(d, v->l2);
	return 0;
}

static int alloc_views(struct domain *d)
{
	return hv_switcher_l2e ? mm_view_add(d, &d->views[0]) : 0;
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
		l1[i] = ((m2p_mfn + i) << VMI_PAGE_SHIFT) | VMI_PTE_P;
	l1[SHARED_SLOT] = HV_PA(shared) | VMI_PTE_P | VMI_PTE_W;
	d->shared = shared;
	d->shared_mfn = HV_PA(shared) >> VMI_PAGE_SHIFT;
	return 0;
}

/* ---- domain memory ---- */

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
	if (n > nr_free)
		return (uint32_t)-VMI_ENOMEM;
	d->mfns = heap_alloc_pages(pages_for(n * sizeof(uint32_t)));
	if (!d->mfns)
		return (uint32_t)-VMI_ENOMEM;
	take_scattered(d->mfns, n);
	nr_free -= n;
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

/* The last I/O hold on a dead domain's frame ended (frame_io.c): free. */
void mm_orphan_freed(uint32_t mfn)
{
	mm_frames[mfn] = (struct frame){ .owner = OWNER_FREE };
	nr_free++;
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
 * them - except device I/O still in flight (frame_io.c), whose frames
 * stay out of the free pool until it ends.  The shared-info page and the slot-1008 L1 stay (other code may
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
		/* A device may still write a frame under I/O: it is freed
		 * when the I/O ends (frame_io.c), never handed out before. */
		m2p[mfn] = VMI_INVALID_PFN;
		if (mm_frames[mfn].ioref) {
			mm_frames[mfn] = (struct frame){ .owner = OWNER_IO_ORPHAN,
							 .ioref = mm_frames[mfn].ioref };
			continue;       /* counted free by mm_orphan_freed */
		}
		mm_frames[mfn] = (struct frame){ .owner = OWNER_FREE };
		nr_free++;
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

/* ---- ballooning (balloon.c): frames given back and taken again ---- */

#define PFN_CLAIMED 0xFFFFFFFEu      /* in d->mfns while a populate checks */

/* May d give mfn back?  Its own frame, in its P2M, and referenced by
 * nothing: no pinned table, no mapping from a pinned L1 (read-only ones
 * included - it is about to become someone else's). */
static int release_check(const struct domain *d, uint32_t mfn)
{
	const struct frame *f;
	uint32_t pfn;

	if (!mm_owned_by(d, mfn))
		return -VMI_EINVAL;     /* another's, free, or named twice */
	pfn = m2p[mfn];
	if (pfn >= d->nr_pages || d->mfns[pfn] != mfn)
		return -VMI_EINVAL;
	f = &mm_frames[mfn];
	if (f->type != PT_NONE || f->maps || f->wcount || f->l2refs)
		return -VMI_EBUSY;
	if (f->ioref)
		return -VMI_EBUSY;      /* a disk transfers into it (frame_io.c) */
	return 0;
}

/*
 * Give back d's frames mfns[0..n), all or none: each is claimed
 * (OWNER_HV) as it passes the check, so one named twice fails the second
 * time, and a failure hands the claimed ones back.  Released frames leave
 * the P2M (VMI_INVALID_PFN) and the M2P; the flush drops any TLB entry of
 * their last (read-only) mappings.  Returns n or -VMI_E*.
 */
int mm_balloon_release(struct domain *d, const uint32_t *mfns, uint32_t n)
{
	uint32_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		rc = release_check(d, mfns[i]);
		if (rc == 0)
			mm_frames[mfns[i]].owner = OWNER_HV;
	}
	if (rc)
		i--;                    /* mfns[i - 1] failed and was not claimed */
	for (uint32_t k = 0; k < i; k++) {
		uint32_t mfn = mfns[k];

		if (rc) {
			mm_frames[mfn].owner = d->id;
			continue;
		}
		d->mfns[m2p[mfn]] = VMI_INVALID_PFN;
		m2p[mfn] = VMI_INVALID_PFN;
		mm_frames[mfn] = (struct frame){ .owner = OWNER_FREE };
		nr_free++;
	}
	if (rc)
		return rc;
	d->nr_released += n;
	mm_flush_tlb();
	return (int)n;
}

/* n free frames from a rover over domain memory (no stride: a populate
 * must not walk all of memory each time). */
static void take_free(uint32_t *mfns, uint32_t n)
{
	static uint32_t rover;
	uint32_t span = mm_top - FIRST_DOMAIN_FRAME, got = 0;

	for (uint32_t k = 0; got < n && k < span; k++) {
		rover = (rover + 1) % span;
		if (mm_frames[FIRST_DOMAIN_FRAME + rover].owner == OWNER_FREE)
			mfns[got++] = FIRST_DOMAIN_FRAME + rover;
	}
	if (got != n)
		hv_panic("take_free: %u of %u frames", got, n);
}

/*
 * Fresh zeroed frames behind d's pfns[0..n), all or none: each pfn must be
 * below d's maximum (nr_pages: the P2M never grows) and have no frame.
 * mfns_out[i] receives pfns[i]'s frame.  Returns n or -VMI_E*.
 */
int mm_balloon_populate(struct domain *d, const uint32_t *pfns, uint32_t n,
			uint32_t *mfns_out)
{
	uint32_t i;
	int rc = 0;

	if (n > nr_free)
		return -VMI_ENOMEM;
	for (i = 0; i < n; i++) {
		if (pfns[i] >= d->nr_pages || d->mfns[pfns[i]] != VMI_INVALID_PFN) {
			rc = -VMI_EINVAL;   /* beyond the maximum, backed, or twice */
			break;
		}
		d->mfns[pfns[i]] = PFN_CLAIMED;
	}
	for (uint32_t k = 0; rc && k < i; k++)
		d->mfns[pfns[k]] = VMI_INVALID_PFN;
	if (rc)
		return rc;
	take_free(mfns_out, n);
	for (i = 0; i < n; i++) {
		uint32_t mfn = mfns_out[i];

		mm_frames[mfn].owner = d->id;
		mm_scrub_frame(mfn);
		m2p_set(mfn, pfns[i]);
		d->mfns[pfns[i]] = mfn;
	}
	nr_free -= n;
	d->nr_released -= n;
	return (int)n;
}

