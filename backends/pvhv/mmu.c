/*
 * mmu.c - page tables on pvhv: direct paging, validated by the hypervisor.
 *
 * The guest's tables are real and read-only to it.  Entries name MACHINE
 * frames; VMI speaks pseudo-physical frames, so this file translates both
 * ways: make_pte/pfn_to_mfn through the P2M (the boot info's, copied by
 * boot.c), pte_pfn/mfn_to_pfn through the hypervisor's read-only M2P, which
 * is global - an M2P entry is believed only if our P2M maps it back, so a
 * frame of another domain is never taken for ours.  All four are hot.
 *
 * Updates go to the hypervisor as HC_MMU_UPDATE batches of machine entry
 * addresses - a single vmi_pte_write outside lazy mode as HC_PTE_WRITE, the
 * same update in registers (the page-fault path: no list for the hypervisor
 * to copy in, no count to copy back); pins, base pointer and flushes as
 * HC_MMUEXT_OP on machine frames (TLB flushes only with segment limits:
 * see vmi_tlb_flush).  Lazy mode has native's semantics exactly (backends/native/mmu.c):
 * updates are translated and queued, the queue goes in one hypercall when
 * full or before a pin, unpin, set_pagetable or flush, the first failure is
 * remembered for vmi_lazy_flush and everything after it is discarded.  A
 * pfn beyond the guest's memory is such a failure in its turn, not at once.
 * Queue work runs with events masked: an event handler may update tables.
 */
#include "backend.h"
#include "hypercall.h"

#define LAZY_QUEUE 128      /* entries per flush of the lazy queue */
#define CHUNK 64            /* entries per hypercall outside lazy mode (stack) */

static struct vmi_mmu_update queue[LAZY_QUEUE];   /* machine addresses */
static uint32_t qlen;
static int lazy, lazy_err;

/* ---- translation (hot) ----
 * Leaves called hundreds of times per fork (every entry copied or torn
 * down): built without a frame pointer, which would be a third of them. */
#define LEAF __attribute__((optimize("omit-frame-pointer")))

LEAF vmi_pte_t vmi_make_pte(uint32_t pfn, uint32_t flags)
{
	uint32_t mfn = pfn < pvhv_nr_pages ? pvhv_p2m[pfn] : PVHV_NO_FRAME;

	if (mfn > PVHV_NO_FRAME)        /* a hole in the P2M */
		mfn = PVHV_NO_FRAME;
	return (mfn << VMI_PAGE_SHIFT) | (flags & VMI_PTE_FLAGS);
}

/* The P2M look itself, inline in this file's loops (a lazy batch
 * translates every entry it queues). */
static inline uint32_t p2m(uint32_t pfn)
{
	return pfn < pvhv_nr_pages ? pvhv_p2m[pfn] : VMI_INVALID_PFN;
}

LEAF uint32_t vmi_pfn_to_mfn(uint32_t pfn)
{
	return p2m(pfn);
}

LEAF uint32_t vmi_mfn_to_pfn(uint32_t mfn)
{
	uint32_t pfn;

	if (mfn >= pvhv_mfn_limit)      /* not ours, and maybe past the M2P */
		return VMI_INVALID_PFN;
	pfn = M2P[mfn];
	if (pfn >= pvhv_nr_pages || pvhv_p2m[pfn] != mfn)
		return VMI_INVALID_PFN;
	return pfn;
}

LEAF uint32_t vmi_pte_pfn(vmi_pte_t pte)
{
	return vmi_mfn_to_pfn(pte >> VMI_PAGE_SHIFT);
}

/* The machine address of the entry at pseudo-physical ptr, command kept. */
static int translate(uint32_t ptr, uint32_t *mptr)
{
	uint32_t mfn = p2m(ptr >> VMI_PAGE_SHIFT);

	if ((ptr & VMI_MMU_CMD_MASK) != VMI_MMU_NORMAL_PT_UPDATE)
		return -VMI_EINVAL;
	if (mfn > PVHV_NO_FRAME)        /* past our memory, or a hole */
		return -VMI_EINVAL;
	*mptr = (mfn << VMI_PAGE_SHIFT) | (ptr & (VMI_PAGE_SIZE - 1));
	return 0;
}

/* ---- applying updates ---- */

/* One HC_MMU_UPDATE; *done = entries applied. */
static int submit(const struct vmi_mmu_update *m, uint32_t n, uint32_t *done)
{
	uint32_t applied = 0;
	int r = hc3(HC_MMU_UPDATE, (uint32_t)m, n, (uint32_t)&applied);

	*done = r == 0 ? n : applied;
	return r;
}

/* Apply reqs in order, CHUNK per hypercall, stopping at the first failure,
 * whether the hypervisor or the translation finds it. */
static int update_now(const struct vmi_mmu_update *reqs, uint32_t count, uint32_t *done)
{
	struct vmi_mmu_update buf[CHUNK];
	uint32_t applied = 0;
	int r = 0;

	while (r == 0 && applied < count) {
		uint32_t n = 0, ok = 0;
		int bad = 0;

		while (n < CHUNK && applied + n < count && !bad) {
			bad = translate(reqs[applied + n].ptr, &buf[n].ptr);
			buf[n].val = reqs[applied + n].val;
			n += !bad;
		}
		r = n ? submit(buf, n, &ok) : 0;
		applied += ok;
		if (r == 0)
			r = bad;
	}
	*done = applied;
	return r;
}

/* Send the lazy queue, unless an earlier failure already condemned it. */
static void drain(void)
{
	uint32_t done;

	if (qlen && !lazy_err)
		lazy_err = submit(queue, qlen, &done);
	qlen = 0;
}

/* Queue one update (events masked).  Its translation failing is its
 * failure, which comes after everything queued before it. */
static void enqueue(uint32_t ptr, vmi_pte_t val)
{
	uint32_t mptr;

	if (lazy_err)
		return;                 /* discarded: an earlier one failed */
	if (translate(ptr, &mptr)) {
		drain();
		if (!lazy_err)
			lazy_err = -VMI_EINVAL;
		return;
	}
	if (qlen == LAZY_QUEUE)
		drain();
	queue[qlen++] = (struct vmi_mmu_update){ mptr, val };
}

/* Lazy mode: only an unknown command (or misalignment) is refused at once. */
static int enqueue_batch(const struct vmi_mmu_update *reqs, uint32_t count, uint32_t *done)
{
	for (uint32_t i = 0; i < count; i++) {
		if ((reqs[i].ptr & VMI_MMU_CMD_MASK) != VMI_MMU_NORMAL_PT_UPDATE) {
			*done = i;
			return -VMI_EINVAL;
		}
		enqueue(reqs[i].ptr, reqs[i].val);
	}
	*done = count;
	return 0;
}

/* ---- VMI calls: updates ---- */
int vmi_pte_write(uint32_t entry_paddr, vmi_pte_t val)
{
	struct vmi_mmu_update req = { entry_paddr, val };
	uint32_t done;
	unsigned long flags;
	int r;

	if (entry_paddr & 3)
		return -VMI_EINVAL;
	flags = vmi_irq_save();
	if (lazy) {
		r = enqueue_batch(&req, 1, &done);
	} else {
		uint32_t mptr;

		r = translate(entry_paddr, &mptr);
		if (r == 0)
			r = hc2(HC_PTE_WRITE, mptr, val);
	}
	vmi_irq_restore(flags);
	return r;
}

int vmi_mmu_update(const struct vmi_mmu_update *reqs, uint32_t count, uint32_t *done)
{
	uint32_t n = 0;
	int r = -VMI_EINVAL;

	if (count <= VMI_MMU_BATCH_MAX) {
		unsigned long flags = vmi_irq_save();
		r = lazy ? enqueue_batch(reqs, count, &n) : update_now(reqs, count, &n);
		vmi_irq_restore(flags);
	}
	if (done)
		*done = n;
	return r;
}

void vmi_lazy_begin(void)
{
	lazy = 1;
}

int vmi_lazy_flush(void)
{
	unsigned long flags = vmi_irq_save();
	int r;

	drain();
	r = lazy_err;
	lazy = 0;
	lazy_err = 0;
	vmi_irq_restore(flags);
	return r;
}

/* ---- VMI calls: MMUEXT operations, each after the lazy queue ---- */
static void apply_queue(void)
{
	unsigned long flags = vmi_irq_save();

	drain();
	vmi_irq_restore(flags);
}

static int mmuext(uint32_t cmd, uint32_t arg)
{
	unsigned long flags = vmi_irq_save();
	int r;

	drain();
	r = hc2(HC_MMUEXT_OP, cmd, arg);
	vmi_irq_restore(flags);
	return r;
}

int vmi_pt_pin(uint32_t pfn, int level)
{
	uint32_t mfn = vmi_pfn_to_mfn(pfn);

	if ((level != 1 && level != 2) || mfn > PVHV_NO_FRAME)
		return -VMI_EINVAL;
	return mmuext(level == 1 ? MMUEXT_PIN_L1 : MMUEXT_PIN_L2, mfn);
}

int vmi_pt_unpin(uint32_t pfn)
{
	uint32_t mfn = vmi_pfn_to_mfn(pfn);

	if (mfn > PVHV_NO_FRAME)
		return -VMI_EINVAL;
	return mmuext(MMUEXT_UNPIN, mfn);
}

/* Natively the queue is applied even when the frame is refused: so here. */
int vmi_set_pagetable(uint32_t l2_pfn)
{
	uint32_t mfn = vmi_pfn_to_mfn(l2_pfn);

	if (mfn > PVHV_NO_FRAME) {
		apply_queue();
		return -VMI_EINVAL;
	}
	return mmuext(MMUEXT_NEW_BASEPTR, mfn);
}

/*
 * Address-space isolation: every return from the hypervisor loads CR3, so
 * the TLB is never older than the last hypercall, and every page-table
 * change is a hypercall (vmi/pvhv.h) - a flush has nothing left to do but
 * apply the lazy queue (whose hypercall flushes on its way back).  With
 * segment limits no CR3 load happens: the flushes are real.
 */
static int flushed_by_every_return(void)
{
	return SHARED->isolation == PVHV_ISOLATION_ADDRESS_SPACES;
}

void vmi_tlb_flush(void)
{
	if (flushed_by_every_return())
		apply_queue();
	else
		mmuext(MMUEXT_TLB_FLUSH, 0);
}

void vmi_tlb_flush_one(uint32_t va)
{
	if (flushed_by_every_return())
		apply_queue();
	else
		mmuext(MMUEXT_INVLPG, va);
}
