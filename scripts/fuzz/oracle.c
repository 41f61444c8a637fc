/*
 * oracle.c - see oracle.h.  Deliberately independent of pagetype.c: it
 * reads only the frame table, the tables' contents through the harness's
 * own view (no windows) and the domains' P2M, and recomputes every count.
 */
#include "oracle.h"

#include <stdlib.h>
#include <string.h>

#define FLAG_P   0x001u
#define FLAG_W   0x002u
#define FLAG_PS  0x080u
#define GUEST_L2_SLOTS 1008u            /* 0xFC000000 >> 22 */

static uint32_t *want_w, *want_r;       /* recount, by mfn - FIRST_DOMAIN_MFN */
static uint32_t span;

static const struct domain *owner_of(struct domain *const *doms, int n, uint32_t mfn)
{
	uint16_t o = mm_frames[mfn].owner;

	for (int i = 0; i < n; i++)
		if (doms[i]->mfns && doms[i]->id == o)
			return doms[i];
	return NULL;
}

static int in_domain_range(uint32_t mfn)
{
	return mfn >= FIRST_DOMAIN_MFN && mfn < mm_top;
}

static void check_l1(struct domain *const *doms, int n, const struct domain *d,
		     uint32_t mfn, const char *what)
{
	const uint32_t *t = hvhost_frame(mfn);

	for (uint32_t i = 0; i < 1024; i++) {
		uint32_t e = t[i], target = e >> 12;

		if (!(e & FLAG_P))
			continue;
		if (!in_domain_range(target) || owner_of(doms, n, target) != d)
			hvhost_fail("I2 after %s: L1 %#x (dom %u) entry %u = %#x maps frame "
				    "%#x, not its domain's", what, mfn, d->id, i, e, target);
		if (!(e & FLAG_W))
			continue;
		if (mm_frames[target].type != PT_NONE)
			hvhost_fail("I1 after %s: L1 %#x (dom %u) entry %u = %#x maps the "
				    "page table %#x (type %u) writable", what, mfn, d->id, i, e,
				    target, mm_frames[target].type);
		want_w[target - FIRST_DOMAIN_MFN]++;
	}
}

static void check_l2(struct domain *const *doms, int n, const struct domain *d,
		     uint32_t mfn, const char *what)
{
	const uint32_t *t = hvhost_frame(mfn);

	for (uint32_t i = 0; i < GUEST_L2_SLOTS; i++) {
		uint32_t e = t[i], target = e >> 12;

		if (!(e & FLAG_P))
			continue;
		if (e & FLAG_PS)
			hvhost_fail("I3 after %s: L2 %#x (dom %u) slot %u = %#x is a large "
				    "page", what, mfn, d->id, i, e);
		if (!in_domain_range(target) || owner_of(doms, n, target) != d ||
		    mm_frames[target].type != PT_L1)
			hvhost_fail("I3 after %s: L2 %#x (dom %u) slot %u = %#x names frame "
				    "%#x, not an L1 pinned by its domain", what, mfn, d->id, i, e,
				    target);
		want_r[target - FIRST_DOMAIN_MFN]++;
	}
	uint32_t slot1008 = (d->slot1008_l1_mfn << 12) | FLAG_P | FLAG_W;
	if (t[GUEST_L2_SLOTS] != slot1008)
		hvhost_fail("I5 after %s: L2 %#x (dom %u) slot 1008 = %#x, expected %#x",
			    what, mfn, d->id, t[GUEST_L2_SLOTS], slot1008);
	for (uint32_t i = GUEST_L2_SLOTS + 1; i < 1024; i++)
		if (t[i] != hv_idle_l2[i])
			hvhost_fail("I5 after %s: L2 %#x (dom %u) slot %u = %#x, expected the "
				    "idle L2's %#x", what, mfn, d->id, i, t[i], hv_idle_l2[i]);
}

static void check_ownership(struct domain *const *doms, int n, const char *what)
{
	const uint32_t *m2p = hvhost_m2p();
	uint32_t owned = 0;

	for (int k = 0; k < n; k++) {
		const struct domain *d = doms[k];

		if (!d->mfns) {
			if (d->nr_pages)
				hvhost_fail("I6 after %s: dom %u has %u pages but no P2M", what,
					    d->id, d->nr_pages);
			continue;
		}
		for (uint32_t pfn = 0; pfn < d->nr_pages; pfn++) {
			uint32_t mfn = d->mfns[pfn];

			if (!in_domain_range(mfn) || mm_frames[mfn].owner != d->id)
				hvhost_fail("I6 after %s: dom %u pfn %u -> mfn %#x it does not own",
					    what, d->id, pfn, mfn);
			if (m2p[mfn] != pfn)
				hvhost_fail("I6 after %s: M2P[%#x] = %#x, but dom %u has it at pfn "
					    "%u (or twice)", what, mfn, m2p[mfn], d->id, pfn);
		}
		owned += d->nr_pages;
	}
	for (uint32_t mfn = FIRST_DOMAIN_MFN; mfn < mm_top; mfn++) {
		const struct frame *f = &mm_frames[mfn];

		if (f->owner == OWNER_FREE) {
			if (f->type != PT_NONE || f->wcount || f->l2refs || m2p[mfn] != VMI_INVALID_PFN)
				hvhost_fail("I6 after %s: free frame %#x has type %u counts %u/%u "
					    "M2P %#x", what, mfn, f->type, f->wcount, f->l2refs, m2p[mfn]);
			continue;
		}
		if (!owner_of(doms, n, mfn))
			hvhost_fail("I6 after %s: frame %#x owned by %#x, no live domain", what,
				    mfn, f->owner);
		owned--;
	}
	if (owned)
		hvhost_fail("I6 after %s: P2Ms and frame table disagree by %d frames", what,
			    (int)owned);
}

void oracle_check(struct domain *const *doms, int n, const struct domain *current_dom,
		  const char *what)
{
	if (span != mm_top - FIRST_DOMAIN_MFN) {
		span = mm_top - FIRST_DOMAIN_MFN;
		free(want_w);
		free(want_r);
		want_w = calloc(span, sizeof *want_w);
		want_r = calloc(span, sizeof *want_r);
	}
	memset(want_w, 0, span * sizeof *want_w);
	memset(want_r, 0, span * sizeof *want_r);
	check_ownership(doms, n, what);
	for (uint32_t mfn = FIRST_DOMAIN_MFN; mfn < mm_top; mfn++) {
		const struct frame *f = &mm_frames[mfn];
		const struct domain *d;

		if (f->type == PT_NONE)
			continue;
		d = owner_of(doms, n, mfn);     /* non-NULL: check_ownership */
		if (f->type == PT_L1)
			check_l1(doms, n, d, mfn, what);
		else if (f->type == PT_L2)
			check_l2(doms, n, d, mfn, what);
		else
			hvhost_fail("after %s: frame %#x has type %u", what, mfn, f->type);
	}
	for (uint32_t mfn = FIRST_DOMAIN_MFN; mfn < mm_top; mfn++) {
		const struct frame *f = &mm_frames[mfn];
		uint32_t i = mfn - FIRST_DOMAIN_MFN;

		if (f->wcount != want_w[i] || f->l2refs != want_r[i])
			hvhost_fail("I4 after %s: frame %#x counts writable %u, L2 refs %u; the "
				    "pinned tables hold %u and %u", what, mfn, f->wcount,
				    f->l2refs, want_w[i], want_r[i]);
	}
	for (int k = 0; k < n; k++) {
		const struct domain *d = doms[k];
		uint32_t m = d->cr3_mfn;

		if (d->mfns && m && !(in_domain_range(m) && mm_frames[m].owner == d->id &&
				       mm_frames[m].type == PT_L2))
			hvhost_fail("I7 after %s: dom %u base pointer %#x is not an L2 it has "
				    "pinned", what, d->id, m);
	}
	if (hvhost_cr3 != HVHOST_IDLE_L2_PA) {
		uint32_t m = hvhost_cr3 >> 12;
		const struct domain *o = in_domain_range(m) ? owner_of(doms, n, m) : NULL;

		if ((hvhost_cr3 & 0xFFFu) || !o || mm_frames[m].type != PT_L2 ||
		    (current_dom && o != current_dom))
			hvhost_fail("I7 after %s: CR3 %#x is not an L2 pinned by the current "
				    "domain", what, hvhost_cr3);
	}
	if (hvhost_windows())
		hvhost_fail("after %s: %u windows left mapped", what, hvhost_windows());
}

/* ---- the hypervisor's side ---- */

static struct frame *hv_frames_copy;
static uint32_t hv_l1_copy[8][1024];
static uint32_t idle_copy[1024];

void oracle_snapshot_hv(struct domain *const *doms, int n)
{
	free(hv_frames_copy);
	hv_frames_copy = malloc(FIRST_DOMAIN_MFN * sizeof *hv_frames_copy);
	memcpy(hv_frames_copy, mm_frames, FIRST_DOMAIN_MFN * sizeof *hv_frames_copy);
	for (int k = 0; k < n && k < 8; k++)
		memcpy(hv_l1_copy[k], HV_VA(doms[k]->slot1008_l1_mfn << 12), 4096);
	memcpy(idle_copy, hv_idle_l2, sizeof idle_copy);
}

void oracle_check_hv(struct domain *const *doms, int n, const char *what)
{
	for (uint32_t mfn = 0; mfn < FIRST_DOMAIN_MFN; mfn++) {
		const struct frame *f = &mm_frames[mfn];

		if (f->owner != OWNER_HV || f->type != PT_NONE || f->wcount || f->l2refs ||
		    memcmp(f, &hv_frames_copy[mfn], sizeof *f))
			hvhost_fail("after %s: hypervisor frame %#x changed: owner %#x type %u "
				    "counts %u/%u", what, mfn, f->owner, f->type, f->wcount,
				    f->l2refs);
	}
	for (int k = 0; k < n && k < 8; k++)
		if (memcmp(hv_l1_copy[k], HV_VA(doms[k]->slot1008_l1_mfn << 12), 4096))
			hvhost_fail("after %s: dom %u's slot-1008 L1 (M2P, shared info) changed",
				    what, doms[k]->id);
	if (memcmp(idle_copy, hv_idle_l2, sizeof idle_copy))
		hvhost_fail("after %s: the idle L2 changed", what);
}
