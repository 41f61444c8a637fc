/*
 * balloon.c - HC_MEMORY_OP: ballooning, as Xen's decrease_reservation,
 * populate_physmap and memory target (vmi.spec, group balloon).
 *
 * A domain's pseudo-physical space (nr_pages) is its maximum; it gives
 * frames of it back (MEMOP_RELEASE, by machine frame, as a PV guest names
 * them to Xen) and takes fresh ones for such pfns (MEMOP_POPULATE, which
 * says which frames it got).  frames.c checks every frame: ownership, no
 * pinned table, no mapping left, named once; nothing is done unless the
 * whole list qualifies.  The privileged domain sets targets
 * (MEMOP_SET_TARGET), which reach a domain as VIRQ_BALLOON and
 * MEMOP_TARGET; moving toward the target is the guest's business (its
 * balloon driver), so a domain that ignores it keeps what it has - but
 * never more than its maximum.  Lists are at most VMI_BALLOON_BATCH long,
 * so one call does bounded work.
 */
#include "hv.h"
#include "pc.h"

static int copy_list(uint32_t *buf, uint32_t va, uint32_t n)
{
	if (n == 0 || n > VMI_BALLOON_BATCH)
		return -VMI_EINVAL;
	return copy_from_guest(buf, va, n * sizeof *buf) ? -VMI_EFAULT : 0;
}

static int32_t release(struct domain *d, uint32_t va, uint32_t n)
{
	uint32_t mfns[VMI_BALLOON_BATCH];
	int rc = copy_list(mfns, va, n);

	return rc ? rc : mm_balloon_release(d, mfns, n);
}

/* The output list is proven writable (rewritten as it is) before any
 * frame moves, so a populate never leaves the guest not knowing its
 * frames. */
static int32_t populate(struct domain *d, uint32_t va, uint32_t n, uint32_t out_va)
{
	uint32_t pfns[VMI_BALLOON_BATCH], mfns[VMI_BALLOON_BATCH];
	int rc = copy_list(pfns, va, n);

	if (rc)
		return rc;
	if (copy_from_guest(mfns, out_va, n * sizeof *mfns) ||
	    copy_to_guest(out_va, mfns, n * sizeof *mfns))
		return -VMI_EFAULT;
	rc = mm_balloon_populate(d, pfns, n, mfns);
	if (rc > 0 && copy_to_guest(out_va, mfns, n * sizeof *mfns))
		hv_panic("balloon: populate results unwritable after the probe");
	return rc;
}

static int32_t set_target(struct domain *d, uint32_t id, uint32_t pages)
{
	struct domain *t;

	if (!d->privileged)
		return -VMI_EPERM;
	if (id >= HV_MAX_DOMAINS || !domain_is_live(&domains[id]))
		return -VMI_ESRCH;
	t = &domains[id];
	if (pages < VMI_BALLOON_MIN_PAGES || pages > t->nr_pages)
		return -VMI_EINVAL;
	t->target_pages = pages;
	hv_log("domain %u (%s): memory target %u pages (holds %u) set by domain %u",
	       t->id, t->name, pages, t->nr_pages - t->nr_released, d->id);
	evtchn_raise_virq(t, VMI_VIRQ_BALLOON);
	return 0;
}

int32_t memory_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3)
{
	switch (cmd) {
	case MEMOP_RELEASE:
		return release(d, a1, a2);
	case MEMOP_POPULATE:
		return populate(d, a1, a2, a3);
	case MEMOP_TARGET:
		return (int32_t)(d->target_pages ? d->target_pages : d->nr_pages);
	case MEMOP_SET_TARGET:
		return set_target(d, a1, a2);
	}
	return -VMI_EINVAL;
}
