/*
 * domain_create.c - DOMCTL_CREATE: dom0 builds a domain at run time from a
 * guest image, a ramdisk and an options string in its own memory.
 *
 * The builder is the boot-time one (build.h), run in bounded steps: one
 * hypercall does at most STEP_PAGES pages of work (copying or zeroing) and
 * answers DOMCTL_CONTINUE; dom0's backend repeats the same call until the
 * id or an error comes back.  Between the calls the hypervisor takes its
 * interrupts and may run other domains, so a 256 MiB domain cannot hold
 * the processor (as Xen's domain builder is preemptible).  Steps:
 *
 *   start        copy the request and the options, take a slot (a free one,
 *                else the oldest... any dead one), a heap buffer for the image
 *   COPY_IMAGE   the image from dom0 into the buffer, a bounded part per call
 *   (then)       validate: options, ELF (elf_check, on the hypervisor's own
 *                copy, so dom0 cannot change what was checked), layout;
 *                take the frames, unscrubbed
 *   SCRUB        zero the frames
 *   RAMDISK      the ramdisk from dom0 straight into the domain's frames
 *   LOAD         image and boot info
 *   FINISH       page tables (pinned as at boot), registers; runnable
 *
 * One build at a time (only dom0 creates): a call with another request
 * while one runs is -VMI_EBUSY.  A failure at any step releases everything
 * and logs the reason as a boot-time rejection does ("domain N (name)
 * rejected: ..."); dom0 and the other domains run on.  Destroying the
 * building domain, or dom0's end, abandons the build.
 *
 * Created domains are d->created: never privileged (the word dom0 is
 * ignored), their console goes to their ring only (console.c), and they
 * end with dom0 (domctl.c).
 */
#include "build.h"
#include "mm.h"
#include "lib/klib.h"

#define STEP_PAGES 64u           /* 256 KiB of copying or zeroing per call */

enum stage { COPY_IMAGE, SCRUB, RAMDISK, LOAD, FINISH };

static struct {
	struct domain *d;        /* the slot being built; NULL: no build */
	uint32_t req_va;         /* the request the build answers */
	struct vmi_dom_create req;
	char options[VMI_CMDLINE_MAX];
	uint8_t *image;          /* the hypervisor's copy */
	uint32_t image_pages;
	struct build_plan plan;
	enum stage stage;
	uint32_t cursor;         /* pages done in this stage */
	uint32_t calls;          /* hypercalls so far, and the longest one's */
	uint64_t longest_ns;     /* system time: the log says what a build cost */
	uint64_t call_start;     /* hv_now() when this hypercall began */
} job;

static uint32_t pages_for(uint32_t bytes)
{
	return (bytes + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
}

/* Everything the build holds back to free; the slot too. */
static void release(void)
{
	struct domain *d = job.d;

	mm_forget_domain(d);
	console_forget(d);
	net_release_domain(d);              /* a VIF its ip=/mac= options made */
	d->state = DOM_FREE;
	if (job.image)
		heap_free_pages(job.image, job.image_pages);
	memset(&job, 0, sizeof job);
}

static int32_t fail(int32_t rc, const char *why)
{
	build_reject(job.d, why);
	release();
	return rc;
}

void domain_create_abort(struct domain *d)
{
	if (!job.d || (d && d != job.d))
		return;
	hv_log("domain %u (%s): build abandoned", job.d->id, job.d->name);
	release();
}

/* A free slot, else a dead one (its leftovers forgotten); NULL if none. */
static struct domain *take_slot(void)
{
	struct domain *dead = 0;

	for (int i = 0; i < HV_MAX_DOMAINS; i++) {
		if (domains[i].state == DOM_FREE)
			return &domains[i];
		if (domains[i].state == DOM_DEAD && &domains[i] != current && !dead)
			dead = &domains[i];
	}
	if (dead) {
		mm_forget_domain(dead);
		console_forget(dead);
		evtchn_forget_id(dead->id);
	}
	return dead;
}

/* The options string: NUL-terminated within VMI_CMDLINE_MAX bytes. */
static int32_t copy_options(uint32_t va)
{
	for (uint32_t i = 0; i < sizeof job.options; i++) {
		if (copy_from_guest(&job.options[i], va + i, 1))
			return -VMI_EFAULT;
		if (!job.options[i])
			return 0;
	}
	hv_log("create rejected: options not NUL-terminated within %u bytes",
	       VMI_CMDLINE_MAX);
	return -VMI_EINVAL;
}

static int32_t check_request(const struct vmi_dom_create *q)
{
	const char *why = 0;

	if (q->reserved[0] || q->reserved[1] || q->reserved[2])
		why = "reserved words not 0";
	else if (q->image_len == 0 || q->image_len > VMI_DOM_IMAGE_MAX)
		why = "image length 0 or over VMI_DOM_IMAGE_MAX";
	else if (q->ramdisk_len > VMI_DOM_RAMDISK_MAX || (!q->ramdisk) != (!q->ramdisk_len))
		why = "ramdisk length over VMI_DOM_RAMDISK_MAX, or without a pointer";
	if (why)
		hv_log("create rejected: %s", why);
	return why ? -VMI_EINVAL : 0;
}

static int32_t start(uint32_t req_va)
{
	struct domain *d;
	int32_t rc;

	memset(&job, 0, sizeof job);
	if (copy_from_guest(&job.req, req_va, sizeof job.req))
		return -VMI_EFAULT;
	if ((rc = check_request(&job.req)) || (rc = copy_options((uint32_t)job.req.options)))
		return rc;
	if (!(d = take_slot()))
		return -VMI_ENOSPC;
	job.image_pages = pages_for(job.req.image_len);
	if (!(job.image = heap_alloc_pages(job.image_pages))) {
		hv_log("create rejected: no hypervisor memory to hold a %u-byte image (%u KiB "
		       "free)", job.req.image_len, heap_free_count() * 4);
		return -VMI_ENOMEM;
	}
	uint16_t id = (uint16_t)(d - domains);
	memset(d, 0, sizeof *d);
	d->id = id;
	d->state = DOM_BUILDING;
	d->created = 1;
	snprintf(d->name, sizeof d->name, "dom%u", id);
	job.d = d;
	job.req_va = req_va;
	job.stage = COPY_IMAGE;
	return DOMCTL_CONTINUE;
}

/* Up to STEP_PAGES pages of the image into the hypervisor's copy. */
static int32_t step_copy_image(void)
{
	for (uint32_t k = 0; k < STEP_PAGES && job.cursor < job.image_pages; k++, job.cursor++) {
		uint32_t off = job.cursor << VMI_PAGE_SHIFT;
		uint32_t n = job.req.image_len - off < VMI_PAGE_SIZE ?
			     job.req.image_len - off : VMI_PAGE_SIZE;

		if (copy_from_guest(job.image + off, (uint32_t)job.req.image + off, n))
			return fail(-VMI_EFAULT, "image not readable in the creator's memory");
	}
	if (job.cursor < job.image_pages)
		return DOMCTL_CONTINUE;
	return 0;
}

/* The copy is complete: judge it, then take the frames. */
static int32_t validate_and_allocate(void)
{
	char why[REASON_MAX];
	int rc;

	if (build_prepare(job.d, job.image, job.req.image_len, job.options,
			  job.req.ramdisk_len, &job.plan, why))
		return fail(-VMI_EINVAL, why);
	job.d->dom0_opt = 0;                /* a creation is never privileged */
	if ((rc = build_alloc(job.d, &job.plan, 0, why)) != 0)
		return fail(rc, why);
	job.stage = SCRUB;
	job.cursor = 0;
	return DOMCTL_CONTINUE;
}

static int32_t step_scrub(void)
{
	struct domain *d = job.d;

	for (uint32_t k = 0; k < STEP_PAGES && job.cursor < d->nr_pages; k++)
		mm_scrub_frame(d->mfns[job.cursor++]);
	if (job.cursor == d->nr_pages) {
		job.stage = RAMDISK;
		job.cursor = 0;
	}
	return DOMCTL_CONTINUE;
}

/* Up to STEP_PAGES pages of the ramdisk, from dom0 into the domain. */
static int32_t step_ramdisk(void)
{
	uint32_t len = job.req.ramdisk_len, first = build_ramdisk_pa(&job.plan) >> VMI_PAGE_SHIFT;

	for (uint32_t k = 0; k < STEP_PAGES && (job.cursor << VMI_PAGE_SHIFT) < len; k++) {
		uint32_t off = job.cursor << VMI_PAGE_SHIFT;
		uint32_t n = len - off < VMI_PAGE_SIZE ? len - off : VMI_PAGE_SIZE;
		void *p = map_domain_page(job.d->mfns[first + job.cursor]);
		int bad = copy_from_guest(p, (uint32_t)job.req.ramdisk + off, n);

		unmap_domain_page(p);
		if (bad)
			return fail(-VMI_EFAULT, "ramdisk not readable in the creator's memory");
		job.cursor++;
	}
	if ((job.cursor << VMI_PAGE_SHIFT) >= len)
		job.stage = LOAD;
	return DOMCTL_CONTINUE;
}

static struct hv_ramdisk *ramdisk_desc(struct hv_ramdisk *rd)
{
	*rd = (struct hv_ramdisk){ 0, job.req.ramdisk_len, "", 1, 0 };
	return job.req.ramdisk_len ? rd : 0;
}

/* The image and the boot information: a call of its own. */
static int32_t step_load(void)
{
	struct hv_ramdisk rd;

	build_load(job.d, job.image, &job.plan, job.options, ramdisk_desc(&rd));
	job.stage = FINISH;
	return DOMCTL_CONTINUE;
}

/* Image, boot info, tables; then it runs, woken as from a block so its
 * virtual time starts at the others' (it banks no credit). */
static int32_t finish(struct domain *caller)
{
	struct hv_ramdisk rd;
	struct domain *d = job.d;
	char why[REASON_MAX];
	int rc;

	if ((rc = build_finish(d, &job.plan, ramdisk_desc(&rd), why)) != 0)
		return fail(rc, why);
	uint64_t took = hv_now() - job.call_start;
	if (took > job.longest_ns)
		job.longest_ns = took;
	hv_log("domain %u (%s) created by domain %u: weight %u, warp %u us; %u hypercalls, "
	       "the longest %u us", d->id, d->name, caller->id, d->weight,
	       (uint32_t)(d->warp_ns / 1000), job.calls + 1,
	       (uint32_t)(job.longest_ns / 1000));
	heap_free_pages(job.image, job.image_pages);
	memset(&job, 0, sizeof job);
	sched_add_domain(d);                /* runnable: the run queue and live count know */
	return d->id;
}

static int32_t step(struct domain *caller)
{
	int32_t rc;

	switch (job.stage) {
	case COPY_IMAGE:
		if ((rc = step_copy_image()) != 0)
			return rc;
		return validate_and_allocate();
	case SCRUB:
		return step_scrub();
	case RAMDISK:
		return step_ramdisk();
	case LOAD:
		return step_load();
	default:
		return finish(caller);
	}
}

int32_t domain_create(struct domain *caller, uint32_t req_va)
{
	uint64_t t0 = hv_now();
	int32_t rc;

	if (!job.d)
		rc = start(req_va);
	else if (req_va != job.req_va)
		return -VMI_EBUSY;
	else {
		job.call_start = t0;
		rc = step(caller);
	}
	if (rc == DOMCTL_CONTINUE) {
		uint64_t took = hv_now() - t0;
		job.calls++;
		if (took > job.longest_ns)
			job.longest_ns = took;
	}
	return rc;
}
