/*
 * fuzz_pagetable.c - libFuzzer target: the page-table validator
 * (hypervisor/pagetype.c on top of frames.c) driven by two hostile domains.
 *
 * The input is a program: a sequence of operations decoded from the bytes
 * (see decode below) - a guest writing an unpinned frame of its own, pin
 * L1/L2 (and bad levels), unpin, mm_update with a chosen table, index,
 * command bits and value, new_baseptr, a context switch, CR3 loaded before
 * the base pointer is recorded (as the builder does), and the death and
 * rebuild of a domain with another amount of memory.  Frame numbers are
 * picked mostly among the acting domain's own frames, but also the other
 * domain's, the hypervisor's, its per-domain pages, free ones and numbers
 * beyond memory.  Every input starts from the same state: both domains
 * freshly allocated (16 and 12 frames out of 48) by frames.c itself.
 *
 * After every operation:
 *  - oracle_check (oracle.c): the safety invariants I1-I7;
 *  - a reference model of the rules, written here from vmi.spec, must agree
 *    on whether the operation is allowed (a refused legal operation is a
 *    finding too: the conformance tests expect it to work on both backends);
 *  - a refused operation changed nothing (frame table and the table);
 *  - a TLB model, kept here from counts and the trace alone: a frame is
 *    "stale" from the moment its writable-mapping count or its L2-link
 *    count goes down until the next full flush (F) or CR3 load (C).  Pin of
 *    a frame stale with a writable mapping must flush before it reads the
 *    table; unpin of an L1 stale with a link must flush after the type
 *    change.  Flushes beyond that are allowed, never required.
 * At the end of every input the hypervisor's own frames, the slot-1008 L1s
 * and the idle L2 must be as they were.  A violation aborts: libFuzzer keeps
 * the input as a crash.
 */
#include "hvhost.h"
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_FRAMES   48u
#define HEAP_KIB    1024u
#define DOM0_PAGES  16u
#define DOM1_PAGES  12u
#define MAX_OPS     400
#define GUEST_SLOTS 1008u
/* The reference model's loops need no coverage feedback (they would
 * dominate the run time with comparison tracing). */
#define NOCOV __attribute__((no_sanitize("coverage"), noinline))

static struct domain doms[2];
static struct domain *const all[2] = { &doms[0], &doms[1] };
static struct domain *cur;
static int sabotage;                    /* FUZZ_SABOTAGE=1: see do_pin */

/* ---- the input ---- */

struct input {
	const uint8_t *p;
	size_t left;
};

static int more(const struct input *in)
{
	return in->left > 0;
}

static uint8_t u8(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint32_t u16(struct input *in)
{
	uint32_t lo = u8(in);

	return lo | (uint32_t)u8(in) << 8;
}

static uint32_t u32(struct input *in)
{
	uint32_t lo = u16(in);

	return lo | u16(in) << 16;
}

static struct domain *other(const struct domain *d)
{
	return d == &doms[0] ? &doms[1] : &doms[0];
}

static uint32_t first_free_frame(void)
{
	for (uint32_t m = FIRST_DOMAIN_MFN; m < mm_top; m++)
		if (mm_frames[m].owner == OWNER_FREE)
			return m;
	return mm_top - 1;
}

/* A frame number as a hostile guest would pass it. */
static uint32_t pick_frame(struct input *in, const struct domain *d)
{
	uint8_t b = u8(in);
	const struct domain *o = other(d);

	if (b < 0xE0 && d->nr_pages)
		return d->mfns[b % d->nr_pages];
	if (b < 0xF0 && o->nr_pages)
		return o->mfns[b % o->nr_pages];
	switch (b & 7) {
	case 0: return d->slot1008_l1_mfn;
	case 1: return d->shared_mfn;
	case 2: return 0x100 + (b >> 3 & 1);     /* the hypervisor image */
	case 3: return mm_top - (b >> 3 & 1);    /* just past / last frame */
	case 4: return first_free_frame();
	case 5: return FIRST_DOMAIN_MFN - 1;
	case 6: return 0xFFFFF;
	default: return (b >> 3 & 1) ? 0 : o->slot1008_l1_mfn;
	}
}

/* A page-table entry: a frame and flags, or 32 raw bits. */
static uint32_t pick_entry(struct input *in, const struct domain *d)
{
	uint8_t f = u8(in);
	uint32_t e;

	if (f & 0x80)
		return u32(in);
	e = pick_frame(in, d) << 12;
	e |= (f & 1 ? VMI_PTE_P : 0) | (f & 2 ? VMI_PTE_W : 0) | (f & 4 ? VMI_PTE_U : 0) |
	     (f & 8 ? VMI_PTE_PS : 0) | (f & 16 ? VMI_PTE_A | VMI_PTE_D : 0) |
	     (f & 32 ? VMI_PTE_G : 0) | (f & 64 ? VMI_PTE_PCD | VMI_PTE_AVAIL : 0);
	return e;
}

/* ---- the rules, from vmi.spec (mmu group), as a reference model ---- */

static int owns(const struct domain *d, uint32_t mfn)
{
	return d->mfns && mfn >= FIRST_DOMAIN_MFN && mfn < mm_top &&
	       mm_frames[mfn].owner == d->id;
}

static int type_of(uint32_t mfn)
{
	return mfn < mm_top ? mm_frames[mfn].type : PT_NONE;
}

/* Writable mappings of mfn in d's pinned L1s, counted from the tables. */
NOCOV static uint32_t writable_mappings(const struct domain *d, uint32_t mfn)
{
	uint32_t n = 0;

	for (uint32_t pfn = 0; pfn < d->nr_pages; pfn++) {
		uint32_t t = d->mfns[pfn];
		const uint32_t *e = hvhost_frame(t);

		if (type_of(t) != PT_L1)
			continue;
		for (uint32_t i = 0; i < 1024; i++)
			if ((e[i] & (VMI_PTE_P | VMI_PTE_W)) == (VMI_PTE_P | VMI_PTE_W) &&
			    e[i] >> 12 == mfn)
				n++;
	}
	return n;
}

NOCOV static int l2_references(const struct domain *d, uint32_t mfn)
{
	for (uint32_t pfn = 0; pfn < d->nr_pages; pfn++) {
		uint32_t t = d->mfns[pfn];
		const uint32_t *e = hvhost_frame(t);

		if (type_of(t) != PT_L2)
			continue;
		for (uint32_t i = 0; i < GUEST_SLOTS; i++)
			if ((e[i] & VMI_PTE_P) && e[i] >> 12 == mfn)
				return 1;
	}
	return 0;
}

/* May entry e stand in a level-`level` table `table` of d once pinned? */
NOCOV static int legal_entry(const struct domain *d, int level, uint32_t e, uint32_t table)
{
	uint32_t target = e >> 12;

	if (!(e & VMI_PTE_P))
		return 1;
	if (!owns(d, target))
		return 0;
	if (level == PT_L1)
		return !(e & VMI_PTE_W) || (type_of(target) == PT_NONE && target != table);
	return !(e & VMI_PTE_PS) && type_of(target) == PT_L1;
}

NOCOV static int legal_pin(const struct domain *d, uint32_t mfn, int level)
{
	if ((level != PT_L1 && level != PT_L2) || !owns(d, mfn) || type_of(mfn) != PT_NONE ||
	    writable_mappings(d, mfn))
		return 0;
	const uint32_t *t = hvhost_frame(mfn);
	for (uint32_t i = 0; i < (level == PT_L1 ? 1024u : GUEST_SLOTS); i++)
		if (!legal_entry(d, level, t[i], mfn))
			return 0;
	return 1;
}

static int legal_unpin(const struct domain *d, uint32_t mfn)
{
	if (!owns(d, mfn) || type_of(mfn) == PT_NONE)
		return 0;
	if (type_of(mfn) == PT_L1 && l2_references(d, mfn))
		return 0;
	return mfn != d->cr3_mfn && mfn != hvhost_cr3 >> 12;
}

static int legal_update(const struct domain *d, uint32_t ptr, uint32_t val)
{
	uint32_t mfn = ptr >> 12, idx = (ptr & 0xFFF) >> 2;

	if ((ptr & 3) != VMI_MMU_NORMAL_PT_UPDATE || !owns(d, mfn) || type_of(mfn) == PT_NONE)
		return 0;
	if (type_of(mfn) == PT_L2 && idx >= GUEST_SLOTS)
		return 0;
	return legal_entry(d, type_of(mfn), val, mfn);
}

/* ---- the TLB model (see the top of the file) ---- */

static uint8_t stale_w[NR_FRAMES + 8], stale_link[NR_FRAMES + 8];

static int stale_index(uint32_t mfn)
{
	return mfn >= FIRST_DOMAIN_MFN && mfn < mm_top ? (int)(mfn - FIRST_DOMAIN_MFN) : -1;
}

static int flushed(const char *trace)
{
	return strchr(trace, 'F') || strchr(trace, 'C');
}

/* After an operation: counts that went down make frames stale - an L2
 * link only when it went from the L2 the processor walks (LINKS_CACHED;
 * any other L2's walks died with the CR3 load that left it); a flush
 * anywhere in the trace ends every hazard.  That is exact because every
 * operation that lowers counts (unpin, release) flushes after lowering
 * them and one that flushes first (pin) never lowers any. */
NOCOV static void tlb_model_update(const struct frame *before, int links_cached)
{
	uint32_t n = mm_top - FIRST_DOMAIN_MFN;

	if (flushed(hvhost_trace())) {
		memset(stale_w, 0, sizeof stale_w);
		memset(stale_link, 0, sizeof stale_link);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		stale_w[i] |= mm_frames[FIRST_DOMAIN_MFN + i].wcount < before[i].wcount;
		stale_link[i] |= links_cached &&
				 mm_frames[FIRST_DOMAIN_MFN + i].l2refs < before[i].l2refs;
	}
}

/* ---- checking one operation ---- */

static struct frame frames_before[NR_FRAMES + 8];
static uint32_t table_before[1024];
static uint32_t cr3_before;

NOCOV static void snapshot(uint32_t mfn)
{
	memcpy(frames_before, &mm_frames[FIRST_DOMAIN_MFN],
	       (mm_top - FIRST_DOMAIN_MFN) * sizeof(struct frame));
	if (mfn >= FIRST_DOMAIN_MFN && mfn < mm_top)
		memcpy(table_before, hvhost_frame(mfn), sizeof table_before);
	cr3_before = hvhost_cr3;
	hvhost_trace_reset();
}

NOCOV static void unchanged(uint32_t mfn, const char *what)
{
	if (memcmp(frames_before, &mm_frames[FIRST_DOMAIN_MFN],
		   (mm_top - FIRST_DOMAIN_MFN) * sizeof(struct frame)))
		hvhost_fail("%s was refused but changed the frame table", what);
	if (mfn >= FIRST_DOMAIN_MFN && mfn < mm_top &&
	    memcmp(table_before, hvhost_frame(mfn), sizeof table_before))
		hvhost_fail("%s was refused but changed frame %#x", what, mfn);
	if (cr3_before != hvhost_cr3)
		hvhost_fail("%s was refused but changed CR3", what);
}

static void judge(int rc, int legal, uint32_t mfn, const char *what)
{
	hvhost_say("  %s -> %d (%s) trace %s", what, rc, legal ? "legal" : "illegal",
		   hvhost_trace());
	if (rc > 0 || (rc < 0 && rc != -VMI_EINVAL && rc != -VMI_EBUSY && rc != -VMI_EPERM))
		hvhost_fail("%s returned %d, not 0 or -EINVAL/-EBUSY/-EPERM", what, rc);
	if (rc == 0 && !legal)
		hvhost_fail("%s was accepted, but the rules forbid it", what);
	if (rc != 0 && legal)
		hvhost_fail("%s was refused (%d), but the rules allow it", what, rc);
	if (rc != 0)
		unchanged(mfn, what);
}

static void do_pin(struct domain *d, uint32_t mfn, int level)
{
	char what[80];
	int legal = legal_pin(d, mfn, level);

	snprintf(what, sizeof what, "dom %u pin L%d %#x", d->id, level, mfn);
	snapshot(mfn);
	int rc = mm_pin(d, mfn, level);
	judge(rc, legal, mfn, what);
	if (rc == 0) {
		const char *t = hvhost_trace(), *f = strchr(t, 'F'), *m = strchr(t, 'M');

		if (type_of(mfn) != level)
			hvhost_fail("%s succeeded, but the frame has type %u", what, type_of(mfn));
		if (stale_w[stale_index(mfn)] && (!f || (m && m < f)))
			hvhost_fail("%s: a writable TLB entry may be stale, but no flush "
				    "before the table was read (trace %s)", what, t);
		/* The oracle's self-test (scripts/tests/test_fuzz_host_smoke.py):
		 * play a validator that let a table map itself writable. */
		if (sabotage && level == PT_L1) {
			hvhost_frame(mfn)[0] = mfn << 12 | VMI_PTE_P | VMI_PTE_W;
			mm_frames[mfn].wcount++;
		}
	}
	tlb_model_update(frames_before, 0);
	oracle_check(all, 2, cur, what);
}

static void do_unpin(struct domain *d, uint32_t mfn)
{
	char what[80];
	int legal = legal_unpin(d, mfn);

	snprintf(what, sizeof what, "dom %u unpin %#x", d->id, mfn);
	snapshot(mfn);
	int was_l1 = type_of(mfn) == PT_L1;
	int rc = mm_unpin(d, mfn);
	judge(rc, legal, mfn, what);
	if (rc == 0) {
		const char *t = hvhost_trace(), *f = strrchr(t, 'F'), *u = strrchr(t, 'U');

		if (type_of(mfn) != PT_NONE)
			hvhost_fail("%s succeeded, but the frame has type %u", what, type_of(mfn));
		if (was_l1 && stale_link[stale_index(mfn)] && (!f || (u && u > f)))
			hvhost_fail("%s: a walk through it may be cached, but no flush after "
				    "the type change (trace %s)", what, t);
	}
	tlb_model_update(frames_before, 0);
	oracle_check(all, 2, cur, what);
}

static void do_update(struct domain *d, uint32_t ptr, uint32_t val)
{
	char what[96];
	int legal = legal_update(d, ptr, val);
	uint32_t mfn = ptr >> 12;

	snprintf(what, sizeof what, "dom %u update %#x = %#x", d->id, ptr, val);
	snapshot(mfn);
	int rc = mm_update(d, ptr, val);
	judge(rc, legal, mfn, what);
	if (rc == 0 && hvhost_frame(mfn)[(ptr & 0xFFF) >> 2] != val)
		hvhost_fail("%s succeeded, but the entry holds %#x", what,
			    hvhost_frame(mfn)[(ptr & 0xFFF) >> 2]);
	tlb_model_update(frames_before, mfn == cr3_before >> 12);
	oracle_check(all, 2, cur, what);
}

static void do_baseptr(struct domain *d, uint32_t mfn)
{
	char what[80];
	int legal = owns(d, mfn) && type_of(mfn) == PT_L2;

	snprintf(what, sizeof what, "dom %u new_baseptr %#x", d->id, mfn);
	snapshot(mfn);
	int rc = mm_new_baseptr(d, mfn);
	judge(rc, legal, mfn, what);
	if (rc == 0 && (d->cr3_mfn != mfn || hvhost_cr3 != mfn << 12))
		hvhost_fail("%s succeeded, but base %#x CR3 %#x", what, d->cr3_mfn, hvhost_cr3);
	tlb_model_update(frames_before, 0);
	oracle_check(all, 2, cur, what);
}

/* The scheduler's context switch (sched.c): CR3 follows the domain, and
 * the load flushes. */
static void switch_to(struct domain *d)
{
	if (cur == d)
		return;
	cur = d;
	snapshot(0);
	mm_load_cr3(d->cr3_mfn ? d->cr3_mfn << 12 : HVHOST_IDLE_L2_PA);
	tlb_model_update(frames_before, 0);
}

/* New frames are zero, and never pfn == mfn. */
NOCOV static void check_fresh(const struct domain *d, const char *what)
{
	for (uint32_t pfn = 0; pfn < d->nr_pages; pfn++) {
		const uint32_t *t = hvhost_frame(d->mfns[pfn]);

		for (uint32_t i = 0; i < 1024; i++)
			if (t[i])
				hvhost_fail("%s: pfn %u (mfn %#x) not scrubbed", what, pfn,
					    d->mfns[pfn]);
		if (d->nr_pages > 1 && d->mfns[pfn] == pfn)
			hvhost_fail("%s: pfn %u == mfn", what, pfn);
	}
}

/* A domain dies (sched.c: domain_kill -> mm_release_domain) and a new one
 * is built in its place with n frames. */
static void rebuild(struct domain *d, uint32_t n)
{
	char what[80];
	int rc;

	snprintf(what, sizeof what, "dom %u rebuilt with %u frames", d->id, n);
	snapshot(0);
	mm_release_domain(d);
	tlb_model_update(frames_before, 0);
	if (d->mfns || d->nr_pages)
		hvhost_fail("%s: release left %u pages", what, d->nr_pages);
	if (cur == d && hvhost_cr3 != HVHOST_IDLE_L2_PA)
		hvhost_fail("%s: release left CR3 on the dead domain's tables", what);
	d->cr3_mfn = 0;
	oracle_check(all, 2, cur, "release");
	rc = mm_alloc_domain_frames(d, n);
	hvhost_say("  %s -> %d", what, rc);
	if (rc != 0 && rc != -VMI_ENOMEM)
		hvhost_fail("%s: mm_alloc_domain_frames returned %d", what, rc);
	if (rc == 0)
		check_fresh(d, what);
	oracle_check(all, 2, cur, what);
}

/* ---- one input ---- */

/* Entries [first, end) of a frame = val, val + step, ... as the guest
 * writes them through its own writable mapping. */
NOCOV static void guest_write(uint32_t mfn, uint32_t first, uint32_t end, uint32_t val,
			      uint32_t step)
{
	uint32_t *t = hvhost_frame(mfn);

	for (uint32_t i = first; i < end; i++)
		t[i] = val + i * step;
}

static void reset(void)
{
	for (int i = 0; i < 2; i++) {
		mm_release_domain(&doms[i]);
		doms[i].cr3_mfn = 0;
	}
	hvhost_cr3 = HVHOST_IDLE_L2_PA;
	memset(stale_w, 0, sizeof stale_w);       /* a new machine, as it were */
	memset(stale_link, 0, sizeof stale_link);
	cur = &doms[0];
	if (mm_alloc_domain_frames(&doms[0], DOM0_PAGES) ||
	    mm_alloc_domain_frames(&doms[1], DOM1_PAGES))
		hvhost_fail("harness: cannot give the domains their frames");
	oracle_check(all, 2, cur, "reset");
}

static void setup(void)
{
	hvhost_init(NR_FRAMES, HEAP_KIB);
	sabotage = getenv("FUZZ_SABOTAGE") != NULL;
	for (int i = 0; i < 2; i++) {
		doms[i].id = (uint16_t)i;
		if (mm_domain_init(&doms[i]))
			hvhost_fail("harness: mm_domain_init");
	}
	oracle_snapshot_hv(all, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct input in = { data, size };

	if (!ready) {
		setup();
		ready = 1;
	}
	reset();
	for (int n = 0; n < MAX_OPS && more(&in); n++) {
		uint8_t op = u8(&in);
		struct domain *d = &doms[op >> 7];
		uint32_t mfn, idx, val, step;

		switch_to(d);
		switch (op & 15) {
		case 0: case 1:                 /* the guest writes one entry */
		case 2:                         /* ... or a whole frame */
			mfn = pick_frame(&in, d);
			idx = (op & 15) == 2 ? 0 : u16(&in) & 1023;
			val = pick_entry(&in, d);
			step = (op & 15) == 2 ? (u8(&in) & 1) << 12 : 0;
			/* Only what it may map writable: its own unpinned frames. */
			if (!owns(d, mfn) || type_of(mfn) != PT_NONE)
				break;
			hvhost_say("dom %u writes %#x[%u%s] = %#x", d->id, mfn, idx,
				   (op & 15) == 2 ? "..1023" : "", val);
			guest_write(mfn, idx, (op & 15) == 2 ? 1024u : idx + 1, val, step);
			break;
		case 3: case 4:
			do_pin(d, pick_frame(&in, d), PT_L1);
			break;
		case 5: case 6:
			do_pin(d, pick_frame(&in, d), PT_L2);
			break;
		case 7:
			mfn = pick_frame(&in, d);
			do_pin(d, mfn, (int)(int8_t)u8(&in) % 5);
			break;
		case 8: case 9:
			do_unpin(d, pick_frame(&in, d));
			break;
		case 10: case 11: case 12:
			mfn = pick_frame(&in, d);
			idx = u16(&in);         /* bits 0-1: command; 2-11: index */
			val = pick_entry(&in, d);
			do_update(d, mfn << 12 | (idx & 0xFFF), val);
			break;
		case 13:
			do_baseptr(d, pick_frame(&in, d));
			break;
		case 14:                        /* a context switch (done above) */
			mfn = pick_frame(&in, d);
			/* ... or the builder's way: CR3 loaded with a pinned L2
			 * before the domain records it as its base pointer. */
			if (owns(d, mfn) && type_of(mfn) == PT_L2 && (op & 0x10)) {
				hvhost_say("dom %u: CR3 = %#x, unrecorded", d->id, mfn);
				hvhost_cr3 = mfn << 12;
			}
			break;
		case 15:
			if ((u8(&in) & 7) == 0)  /* rarely: kill and rebuild */
				rebuild(d, 1 + u8(&in) % 24);
			break;
		}
	}
	oracle_check_hv(all, 2, "the input");
	return 0;
}
