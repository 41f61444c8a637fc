/*
 * pagetype.c - the page-table rules of vmi.spec (group mmu), enforced on
 * machine frames: pin, unpin, single entry updates and the base pointer.
 *
 * This is backends/native/mmu.c's bookkeeping - a type per frame (none,
 * pinned L1, pinned L2), the number of writable mappings from pinned L1s
 * and the number of references from pinned L2s, the same checks in the
 * same order with the same error codes - plus what only a hypervisor can
 * check: a frame belongs to exactly one domain, and a domain's tables may
 * name only its own frames (never the hypervisor's, never another
 * domain's).  Guest tables are real tables (direct paging): once pinned
 * they can never be mapped writable, so validating each change is enough.
 *
 * Slots 1008-1023 of every pinned L2 are the hypervisor's: pinning fills
 * them (the domain's M2P/shared-info L1, then the hypervisor's shared
 * slots from the idle L2) and the guest can never write them.
 *
 * Address-space isolation (isolation.c): the guest does not run on its L2
 * but on a view of it (a hypervisor page): the same slots 0-1007, slot
 * 1008, and the switcher in slot 1009 instead of the rest.  A domain has
 * HV_VIEWS of them, each mirroring one pinned L2, reused least recently
 * used first: switching back to an L2 with a view costs no copy, a miss
 * copies its 1008 guest slots.  Every update of an L2 with a view writes
 * both - here, in mm_update, the one path that changes a pinned L2's guest
 * slots - and unpinning an L2 forgets its view (unpinned, the guest may
 * write the frame).  The hypervisor itself runs on the full L2, so
 * everything else here is as in segment mode; a view is only loaded on
 * the way out, a full flush.
 *
 * TLB: pin and unpin flush it when a stale entry may exist (Xen learned
 * both the hard way, and keeps per-page flush timestamps for the same
 * reason).  Pin, because a guest may remove its last writable mapping of a
 * frame yet keep a stale writable TLB entry for it, then pin it and write
 * a validated table.  Unpin of an L1, because the processor may still
 * cache an L2 entry naming the L1 the guest just unlinked; once unpinned
 * the guest may write that frame, and a walk through the stale entry would
 * use whatever it wrote.  Both hazards start when a count goes down (a
 * writable mapping, an L2 link) and end at the next full flush, so the
 * frame's tlb_stamp records the TLB clock (mm.h) at that moment and only a
 * frame stamped since the last flush costs one.  Only the loaded L2's
 * links count (a CR3 load drops every cached walk), so an L2 never needs a
 * flush to be unpinned - it cannot be unpinned while loaded - and neither
 * do the L1s of an unloaded L2 that goes, as at a process's exit.
 */
#include <stddef.h>
#include "hv.h"
#include "mm.h"

#define L2_GUEST_SLOTS VMI_L2_HV_FIRST     /* slots below are the guest's */
#define SLOT_M2P       VMI_L2_HV_FIRST     /* the per-domain L1 */

static uint32_t pte_mfn(vmi_pte_t e)
{
	return e >> VMI_PAGE_SHIFT;
}

/* An L1 entry may map only d's frames, and a pinned one (or the table
 * itself, while it is being pinned) only read-only. */
static int l1e_ok(const struct domain *d, vmi_pte_t e, uint32_t self)
{
	uint32_t mfn = pte_mfn(e);

	if (!(e & VMI_PTE_P))
		return 1;
	if (!mm_owned_by(d, mfn))
		return 0;
	return !(e & VMI_PTE_W) || (mm_frames[mfn].type == PT_NONE && mfn != self);
}

/* An L2 entry may name only an L1 pinned by d (only the owner pins), and
 * no large page. */
static int l2e_ok(const struct domain *d, vmi_pte_t e)
{
	uint32_t mfn = pte_mfn(e);

	if (!(e & VMI_PTE_P))
		return 1;
	return !(e & VMI_PTE_PS) && mm_owned_by(d, mfn) && mm_frames[mfn].type == PT_L1;
}

static int entry_ok(const struct domain *d, int level, vmi_pte_t e, uint32_t self)
{
	return level == PT_L1 ? l1e_ok(d, e, self) : l2e_ok(d, e);
}

/* Count (+1) or uncount (-1) what one entry of a pinned table holds.  An
 * uncounted writable mapping may live on in the TLB until the next full
 * flush; an uncounted L2 link only if that L2 is loaded, because loading
 * another CR3 dropped every cached walk through it. */
static void entry_ref(int level, vmi_pte_t e, int delta, int loaded)
{
	struct frame *f;

	if (!(e & VMI_PTE_P))
		return;
	f = &mm_frames[pte_mfn(e)];   /* validated: a frame of the domain */
	if (level == PT_L1)
		f->maps += (uint32_t)delta;
	if (level == PT_L1 && (e & VMI_PTE_W))
		f->wcount += (uint32_t)delta;
	else if (level == PT_L2)
		f->l2refs += (uint32_t)delta;
	else
		return;
	if (delta < 0 && (level == PT_L1 || loaded))
		f->tlb_stamp = mm_tlb_clock;
}

/* Is this table the L2 the processor walks right now? */
static int loaded_l2(uint32_t mfn)
{
	return mfn == mm_read_cr3() >> VMI_PAGE_SHIFT;
}

/* Flush unless a full flush has happened since the frame was stamped. */
static void flush_if_stale(uint32_t mfn)
{
	if (mm_frames[mfn].tlb_stamp == mm_tlb_clock)
		mm_flush_tlb();
}

static uint32_t guest_slots(int level)
{
	return level == PT_L1 ? 1024 : L2_GUEST_SLOTS;
}

/* Pin and unpin walk whole tables, mostly empty entries (a fork pins and
 * an exit unpins several): unrolled, the loop costs a fraction of an
 * instruction per entry beside the entry's own test. */
#define TABLE_LOOP __attribute__((optimize("unroll-loops")))

static TABLE_LOOP void table_refs(const uint32_t *t, int level, int delta, int loaded)
{
	for (uint32_t i = 0; i < guest_slots(level); i++)
		entry_ref(level, t[i], delta, loaded);
}

static TABLE_LOOP int table_ok(const struct domain *d, const uint32_t *t, int level, uint32_t self)
{
	for (uint32_t i = 0; i < guest_slots(level); i++)
		if (!entry_ok(d, level, t[i], self))
			return 0;
	return 1;
}

/* Slot 1008: this domain's M2P + shared-info L1, read-write for ring 0/1
 * (its own entries decide); 1009-1023: shared with every address space. */
void mm_fill_hv_slots(struct domain *d, uint32_t *l2)
{
	l2[SLOT_M2P] = (d->slot1008_l1_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
	for (uint32_t i = SLOT_M2P + 1; i < 1024; i++)
		l2[i] = hv_idle_l2[i];
}

/* A view's own slots: the domain's slot-1008 L1 as in its L2, the
 * switcher L1, nothing else of the hypervisor. */
void mm_fill_view_slots(struct domain *d, uint32_t *view)
{
	view[SLOT_M2P] = (d->slot1008_l1_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;
	view[HV_SWITCHER_SLOT] = hv_switcher_l2e;
}

/* ---- address-space isolation: the views ---- */

/* The view mirroring L2 mfn, or NULL. */
static struct hv_view *view_of(struct domain *d, uint32_t mfn)
{
	for (uint32_t i = 0; i < HV_VIEWS; i++)
		if (d->views[i].l2 && d->views[i].of == mfn)
			return &d->views[i];
	return NULL;
}

/* A view to reuse: a new one while fewer than HV_VIEWS exist and the heap
 * has a page, else the least recently used one (unused ones first: stamp
 * 0).  Views are added in order, so the first missing one ends the list. */
static struct hv_view *view_victim(struct domain *d)
{
	struct hv_view *v = &d->views[0];

	for (uint32_t i = 1; i < HV_VIEWS; i++) {
		if (!d->views[i].l2)
			return mm_view_add(d, &d->views[i]) == 0 ? &d->views[i] : v;
		if (d->views[i].used < v->used)
			v = &d->views[i];
	}
	return v;
}

static TABLE_LOOP void view_copy(struct hv_view *v, uint32_t mfn)
{
	const uint32_t *t = map_domain_page(mfn);

	for (uint32_t i = 0; i < L2_GUEST_SLOTS; i++)
		v->l2[i] = t[i];
	unmap_domain_page((void *)t);
	v->of = mfn;
}

/* d->view_l2 := the view of d->cr3_mfn, copied only if it has none. */
void mm_view_select(struct domain *d)
{
	struct hv_view *v;

	if (!d->views[0].l2)
		return;                     /* segment mode */
	v = view_of(d, d->cr3_mfn);
	if (!v) {
		v = view_victim(d);
		view_copy(v, d->cr3_mfn);
	}
	v->used = ++d->view_clock;
	d->view_l2 = v->l2;
	d->view_pa = HV_PA(v->l2);
}

static void clear_hv_slots(uint32_t *l2)
{
	for (uint32_t i = L2_GUEST_SLOTS; i < 1024; i++)
		l2[i] = 0;
}

int mm_pin(struct domain *d, uint32_t mfn, int level)
{
	struct frame *f;
	uint32_t *t;
	int r = 0;

	if ((level != PT_L1 && level != PT_L2) || !mm_owned_by(d, mfn))
		return -VMI_EINVAL;
	f = &mm_frames[mfn];
	if (f->type != PT_NONE || f->wcount || f->ioref)
		return -VMI_EBUSY;         /* a device may write a frame under I/O */
	flush_if_stale(mfn);       /* no stale writable entry outlives the check */
	t = map_domain_page(mfn);
	if (!table_ok(d, t, level, mfn))
		r = -VMI_EINVAL;
	if (r == 0) {
		if (level == PT_L2)
			mm_fill_hv_slots(d, t);
		table_refs(t, level, +1, 0);
		f->type = (uint8_t)level;
	}
	unmap_domain_page(t);
	return r;
}

/* The L2 in use may not go: d->cr3_mfn, or whatever CR3 holds right now
 * (the builder, say, may load tables before recording them). */
static int l2_in_use(const struct domain *d, uint32_t mfn)
{
	return mfn == d->cr3_mfn || loaded_l2(mfn);
}

int mm_unpin(struct domain *d, uint32_t mfn)
{
	struct frame *f;
	uint32_t *t;

	if (!mm_owned_by(d, mfn) || mm_frames[mfn].type == PT_NONE)
		return -VMI_EINVAL;
	f = &mm_frames[mfn];
	if ((f->type == PT_L1 && f->l2refs) || l2_in_use(d, mfn))
		return -VMI_EBUSY;
	t = map_domain_page(mfn);
	table_refs(t, f->type, -1, 0);   /* an L2 here is never loaded */
	if (f->type == PT_L2)
		clear_hv_slots(t);
	unmap_domain_page(t);
	if (f->type == PT_L2 && view_of(d, mfn))
		view_of(d, mfn)->of = 0;    /* the guest may write it now */
	if (f->type == PT_L1)
		flush_if_stale(mfn);   /* no cached walk through it survives */
	f->type = PT_NONE;
	return 0;
}

/* The table a batch is writing, kept mapped from one entry to the next:
 * consecutive entries of one table (a munmap, a fork's copy) cost one
 * map instead of one each.  Only a window is kept - every entry is still
 * checked in full - and it is given back before the hypercall returns. */
struct update_map {
	uint32_t mfn;
	uint32_t *t;              /* NULL: nothing mapped */
};

static uint32_t *update_map_get(struct update_map *m, uint32_t mfn)
{
	if (m->t && m->mfn != mfn) {
		unmap_domain_page(m->t);
		m->t = NULL;
	}
	if (!m->t) {
		m->t = map_domain_page(mfn);
		m->mfn = mfn;
	}
	return m->t;
}

static void update_map_put(struct update_map *m)
{
	if (m->t)
		unmap_domain_page(m->t);
	m->t = NULL;
}

/* ptr = machine address of the entry | command (the low two bits, so an
 * entry address is aligned by construction). */
static int update_one(struct domain *d, uint32_t ptr, uint32_t val, struct update_map *m)
{
	uint32_t mfn = ptr >> VMI_PAGE_SHIFT, idx = (ptr & (VMI_PAGE_SIZE - 1)) >> 2;
	struct hv_view *v;
	uint32_t *t;
	int level;

	if ((ptr & VMI_MMU_CMD_MASK) != VMI_MMU_NORMAL_PT_UPDATE)
		return -VMI_EINVAL;
	if (!mm_owned_by(d, mfn) || mm_frames[mfn].type == PT_NONE)
		return -VMI_EINVAL;
	level = mm_frames[mfn].type;
	if (level == PT_L2 && idx >= L2_GUEST_SLOTS)
		return -VMI_EPERM;
	if (!entry_ok(d, level, val, mfn))
		return -VMI_EINVAL;
	v = level == PT_L2 ? view_of(d, mfn) : NULL;
	t = update_map_get(m, mfn);
	entry_ref(level, t[idx], -1, level == PT_L2 && loaded_l2(mfn));
	entry_ref(level, val, +1, 0);
	t[idx] = val;
	if (v)
		v->l2[idx] = val;           /* the guest runs on this copy */
	return 0;
}

/* flatten (here and in mm_update_batch): the entry checks and counts
 * inline, a single update (every demand fault's) knowing nothing is
 * mapped yet - without forcing them inline into the whole-table walks,
 * where the compiler's own choice (the empty-entry test inline) is best. */
__attribute__((flatten)) int mm_update(struct domain *d, uint32_t ptr, uint32_t val)
{
	struct update_map m = { 0, NULL };
	int r = update_one(d, ptr, val, &m);

	update_map_put(&m);
	return r;
}

/* u[0..n) in order, stopping at the first failure; *done = entries applied. */
__attribute__((flatten))
int mm_update_batch(struct domain *d, const struct vmi_mmu_update *u, uint32_t n, uint32_t *done)
{
	struct update_map m = { 0, NULL };
	uint32_t i;
	int r = 0;

	for (i = 0; i < n; i++) {
		r = update_one(d, u[i].ptr, u[i].val, &m);
		if (r)
			break;
	}
	update_map_put(&m);
	*done = i;
	return r;
}

int mm_new_baseptr(struct domain *d, uint32_t mfn)
{
	if (!mm_owned_by(d, mfn) || mm_frames[mfn].type != PT_L2)
		return -VMI_EINVAL;
	d->cr3_mfn = mfn;
	mm_view_select(d);
	mm_load_cr3(mfn << VMI_PAGE_SHIFT);
	return 0;
}
