/*
 * blkring.c - the domains' block rings (vmi/blkring.h) and HC_BLKIF_OP:
 * attach a ring to a VBD, take requests off it, check and translate them,
 * answer them.
 *
 * A request is copied off the guest's page before anything looks at it
 * (the guest cannot change it behind the checks).  Checks, in the order
 * and with the statuses of backends/native/block.c: opcode and segment
 * count; each segment's sectors, and its frame - a pseudo-physical frame
 * of the domain (so never the hypervisor's or another domain's), no
 * pinned page table, not an attached ring - which is then held for the
 * transfer (frame_io.c); the sector range within the VBD (-VMI_EINVAL);
 * a write to a read-only VBD (-VMI_EROFS); an id already outstanding
 * (-VMI_EINVAL).  Then the VBD's extents turn it into chunks of
 * consecutive physical sectors (up to BLK_MAX_CHUNKS; a request spanning
 * more extents is refused), queued on the ring for the elevator.
 *
 * Work per call is bounded: a ring holds at most BLK_RING_REQS requests
 * taken and not yet answered, and a notify takes at most that many; the
 * rest wait on the ring until completions make room (the completion path
 * takes them then, as no notify will come: req_event says so).  A ring
 * whose req_prod runs more than a ring ahead is refused (-VMI_EINVAL) and
 * logged once; nothing of it is taken until it is consistent.
 *
 * Death: queued requests are dropped and their frames released; those at
 * the device complete into nowhere (no response) and release their frames
 * then; the ring structure goes with the last of them.
 */
#include "blk.h"
#include "mm.h"
#include "lib/klib.h"

#define NO_MFN 0xFFFFFFFFu

static uint32_t pages_for(uint32_t bytes)
{
	return (bytes + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
}

static uint32_t mfn_of(const struct domain *d, uint32_t pfn)
{
	return pfn < d->nr_pages ? d->mfns[pfn] : NO_MFN;
}

/* Is mfn the page of one of d's attached rings? */
int blk_is_ring_frame(const struct domain *d, uint32_t mfn)
{
	for (uint32_t i = 0; i < vbd_count(d); i++) {
		const struct vbd *v = vbd_of(d, i);         /* NULL: detached */
		const struct blk_ring *r = v ? v->ring : NULL;
		if (r && r->ring_mfn == mfn)
			return 1;
	}
	return 0;
}

/* ---- responses ---- */

/* Write one response and publish it; raise the port if the guest waits
 * for it (the event-index rule).  Nothing for a dead domain. */
static void respond(struct blk_ring *r, uint32_t id, uint8_t op, int32_t status)
{
	struct vmi_blk_ring *page;
	struct vmi_blk_response *p;
	uint32_t old;

	if (!r->dom)
		return;
	page = map_domain_page(r->ring_mfn);
	p = &page->ring[r->rsp_prod % VMI_BLK_RING_SIZE].rsp;
	p->id = id;
	p->op = op;
	p->pad[0] = p->pad[1] = p->pad[2] = 0;
	p->status = status;
	old = r->rsp_prod++;
	asm volatile("" : : : "memory");
	page->rsp_prod = r->rsp_prod;
	asm volatile("lock; addl $0, (%%esp)" : : : "memory");  /* then read rsp_event */
	if (VMI_BLK_NEED_NOTIFY(page->rsp_event, r->rsp_prod, old))
		evtchn_raise_device_port(r->dom, r->port);
	unmap_domain_page(page);
}

static void release_frames(struct blk_req *x)
{
	for (uint32_t i = 0; i < x->nr_frames; i++)
		mm_io_release(x->frames[i]);
	x->nr_frames = 0;
}

/* Request i is over: its frames go back, its response goes out. */
static void finish(struct blk_ring *r, uint32_t i)
{
	struct blk_req *x = &r->req[i];

	release_frames(x);
	if (x->at_device)
		r->at_device--;
	x->used = 0;
	r->outstanding--;
	respond(r, x->id, x->op, x->status);
}

void ring_chunk_done(struct blk_ring *r, uint32_t i, uint32_t c, int ok)
{
	struct blk_req *x = &r->req[i];

	x->chunk[c].state = CH_DONE;
	if (!ok)
		x->status = -VMI_EIO;
	if (--x->left == 0)
		finish(r, i);
}

void ring_barrier_done(struct blk_ring *r, uint32_t i, int ok)
{
	r->barrier = 0;
	r->req[i].status = ok ? VMI_BLK_OK : -VMI_EIO;
	finish(r, i);
}

/* ---- taking requests ---- */

static void log_once(struct blk_ring *r, uint8_t what, const char *msg)
{
	if (r->logged & what)
		return;
	r->logged |= what;
	hv_log("domain %u (%s): block ring: %s", r->dom->id, r->dom->name, msg);
}

/* Cut the checked request into chunks along the VBD's extents. */
static int translate(const struct vbd *v, const struct vmi_blk_request *q,
		     const uint32_t *mfn, struct blk_req *x)
{
	uint64_t vs = q->sector;
	uint32_t np = 0;
	struct blk_chunk *c = NULL;

	x->nr_chunks = 0;
	for (uint32_t i = 0; i < q->nr_segments; i++) {
		const struct vmi_blk_segment *s = &q->seg[i];
		uint32_t pa = (mfn[i] << VMI_PAGE_SHIFT) + ((uint32_t)s->first_sect << VMI_BLK_SECTOR_SHIFT);
		uint32_t left = (uint32_t)(s->last_sect - s->first_sect + 1);
		while (left) {
			uint64_t run, ps = vbd_map(v, vs, &run);
			uint32_t n = run < left ? (uint32_t)run : left;
			if (!c || ps != c->psect + c->nsect) {
				if (x->nr_chunks == BLK_MAX_CHUNKS)
					return -VMI_EINVAL;
				c = &x->chunk[x->nr_chunks++];
				*c = (struct blk_chunk){ .psect = ps, .first = (uint8_t)np };
			}
			if (np == BLK_MAX_PIECES)
				return -VMI_EINVAL;
			x->piece[np++] = (struct blk_piece){ pa, n << VMI_BLK_SECTOR_SHIFT };
			c->nsect += n;
			c->n++;
			pa += n << VMI_BLK_SECTOR_SHIFT;
			left -= n;
			vs += n;
		}
	}
	x->left = x->nr_chunks;
	return 0;
}

/* Segments: sectors, frames (held here); *total gets the sectors. */
static int check_segments(struct blk_ring *r, const struct vmi_blk_request *q,
			  uint32_t *mfn, struct blk_req *x, uint64_t *total)
{
	*total = 0;
	for (uint32_t i = 0; i < q->nr_segments; i++) {
		const struct vmi_blk_segment *s = &q->seg[i];
		if (s->first_sect > s->last_sect || s->last_sect >= VMI_BLK_SECTORS_PER_PAGE)
			return -VMI_EINVAL;
		mfn[i] = mfn_of(r->dom, s->pfn);
		if (mfn[i] == NO_MFN || blk_is_ring_frame(r->dom, mfn[i]) || mm_io_hold(r->dom, mfn[i]))
			return -VMI_EINVAL;
		x->frames[x->nr_frames++] = mfn[i];
		*total += (uint32_t)(s->last_sect - s->first_sect + 1);
	}
	return 0;
}

static int id_outstanding(const struct blk_ring *r, uint32_t id)
{
	for (uint32_t i = 0; i < BLK_RING_REQS; i++)
		if (r->req[i].used && r->req[i].id == id)
			return 1;
	return 0;
}

/* Check request q into slot x; 0, or the status to answer with (the
 * frames are then released again). */
static int check_request(struct blk_ring *r, const struct vmi_blk_request *q, struct blk_req *x)
{
	uint32_t mfn[VMI_BLK_MAX_SEGMENTS];
	uint64_t total;
	int rc;

	*x = (struct blk_req){ .id = q->id, .op = q->op };
	if (q->op == VMI_BLK_OP_BARRIER)
		rc = q->nr_segments ? -VMI_EINVAL : 0;
	else if ((q->op != VMI_BLK_OP_READ && q->op != VMI_BLK_OP_WRITE) ||
		 q->nr_segments < 1 || q->nr_segments > VMI_BLK_MAX_SEGMENTS)
		rc = -VMI_EINVAL;
	else if ((rc = check_segments(r, q, mfn, x, &total)) == 0) {
		if (q->sector > r->vbd->sectors || total > r->vbd->sectors - q->sector)
			rc = -VMI_EINVAL;
		else if (q->op == VMI_BLK_OP_WRITE && r->vbd->ro)
			rc = -VMI_EROFS;
	}
	if (rc == 0 && id_outstanding(r, q->id)) {
		log_once(r, BLK_LOG_ID, "an id reused while its request is outstanding");
		rc = -VMI_EINVAL;
	}
	if (rc == 0 && q->op != VMI_BLK_OP_BARRIER)
		rc = translate(r->vbd, q, mfn, x);
	if (rc)
		release_frames(x);
	return rc;
}

static int free_slot(const struct blk_ring *r)
{
	for (int i = 0; i < (int)BLK_RING_REQS; i++)
		if (!r->req[i].used)
			return i;
	return -1;
}

/* Take what the guest produced, while there is room. */
static void take_requests(struct blk_ring *r)
{
	struct vmi_blk_ring *page = map_domain_page(r->ring_mfn);

	while (r->req_cons != page->req_prod &&
	       page->req_prod - r->req_cons <= VMI_BLK_RING_SIZE &&
	       r->outstanding < BLK_RING_REQS) {
		struct vmi_blk_request q;
		int i = free_slot(r), rc;
		asm volatile("" : : : "memory");
		memcpy(&q, (const void *)&page->ring[r->req_cons % VMI_BLK_RING_SIZE].req, sizeof q);
		r->req_cons++;
		unmap_domain_page(page);            /* respond maps it again */
		rc = check_request(r, &q, &r->req[i]);
		if (rc) {
			respond(r, q.id, q.op, rc);
		} else {
			r->req[i].used = 1;
			r->outstanding++;
			r->fifo[(r->fifo_head + r->fifo_len++) % BLK_RING_REQS] = (uint8_t)i;
		}
		page = map_domain_page(r->ring_mfn);
	}
	/* Notify me for anything past what was taken. */
	page->req_event = r->req_cons + 1;
	unmap_domain_page(page);
}

/* ---- attach, notify, info ---- */

static int ring_attach(struct domain *d, uint32_t dev, uint32_t pfn)
{
	struct vbd *v = vbd_of(d, dev);
	struct vmi_blk_ring *page;
	struct blk_ring *r;
	uint32_t mfn = mfn_of(d, pfn);
	int ok, port;

	if (!v)
		return -VMI_ENOENT;
	if (v->ring)
		return -VMI_EBUSY;
	if (mfn == NO_MFN || mm_io_hold(d, mfn))   /* held while attached */
		return -VMI_EINVAL;
	page = map_domain_page(mfn);
	ok = page->magic == VMI_BLK_RING_MAGIC && page->version == VMI_BLK_VERSION &&
	     page->req_prod == 0 && page->req_event == 0 && page->rsp_prod == 0 &&
	     page->rsp_event == 0;
	unmap_domain_page(page);
	struct blk_disk *k = &blk_disks[v->disk];
	r = ok ? heap_alloc_pages(pages_for(sizeof *r)) : NULL;
	port = !ok ? -VMI_EINVAL : !r ? -VMI_ENOMEM : elevator_add_ring(k, r);
	if (port == 0 && (port = evtchn_alloc_device_port(d)) < 0)
		elevator_remove_ring(k, r);
	if (port < 0) {
		if (r)
			heap_free_pages(r, pages_for(sizeof *r));
		mm_io_release(mfn);
		return port;
	}
	*r = (struct blk_ring){ .dom = d, .vbd = v, .disk = v->disk, .ring_mfn = mfn,
				.port = (uint32_t)port, .flush = k->hw.can_flush && !v->ro };
	page = map_domain_page(mfn);
	page->req_event = 1;
	unmap_domain_page(page);
	v->ring = r;
	return port;
}

static int ring_notify(struct domain *d, uint32_t dev)
{
	struct vbd *v = vbd_of(d, dev);
	struct vmi_blk_ring *page;
	uint32_t ahead;

	if (!v)
		return -VMI_ENOENT;
	if (!v->ring)
		return -VMI_EINVAL;
	page = map_domain_page(v->ring->ring_mfn);
	ahead = page->req_prod - v->ring->req_cons;
	unmap_domain_page(page);
	if (ahead > VMI_BLK_RING_SIZE) {
		log_once(v->ring, BLK_LOG_AHEAD, "req_prod more than a ring ahead: ignored");
		return -VMI_EINVAL;
	}
	take_requests(v->ring);
	elevator_run(&blk_disks[v->disk]);
	return 0;
}

static int info(struct domain *d, uint32_t dev, uint32_t va)
{
	const struct vbd *v = vbd_of(d, dev);

	if (!v)
		return -VMI_ENOENT;
	struct vmi_blk_info i = {
		.magic = VMI_BLK_INFO_MAGIC,
		.version = VMI_BLK_VERSION,
		.sectors = v->sectors,
		.sector_size = VMI_BLK_SECTOR_SIZE,
		.flags = v->ro ? VMI_BLK_INFO_RO : 0,
		.name = { 'v', 'd', (char)('a' + dev), 0 },
	};
	return copy_to_guest(va, &i, sizeof i) ? -VMI_EFAULT : 0;
}

int32_t blk_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2)
{
	if (!vbd_count(d))
		return -VMI_ENOSYS;             /* VMI_FEAT_BLOCK is clear */
	switch (cmd) {
	case BLKOP_COUNT: return (int32_t)vbd_count(d);
	case BLKOP_INFO: return info(d, a1, a2);
	case BLKOP_ATTACH: return ring_attach(d, a1, a2);
	case BLKOP_NOTIFY: return ring_notify(d, a1);
	}
	return -VMI_EINVAL;
}

/* ---- after completions, and death ---- */

static void ring_free(struct blk_ring *r)
{
	elevator_remove_ring(&blk_disks[r->disk], r);
	heap_free_pages(r, pages_for(sizeof *r));
}

/* A disk interrupt finished requests: take what waited for room, or let a
 * dead domain's ring go with its last request. */
void ring_after_completions(struct blk_ring *r)
{
	if (r->dom)
		take_requests(r);
	else if (r->outstanding == 0)
		ring_free(r);
}

int ring_barrier_ready(struct blk_ring *r, uint32_t i)
{
	(void)i;
	return r->at_device == 0;
}

/* Drop what never reached the device; the rest completes into nowhere. */
static void ring_detach(struct blk_ring *r)
{
	if (r->outstanding)
		hv_log("domain %u (%s): %u block request(s) outstanding at its end: "
		       "they complete into nowhere", r->dom->id, r->dom->name, r->outstanding);
	r->dom = NULL;
	r->vbd = NULL;
	while (r->fifo_len) {
		uint32_t i = r->fifo[r->fifo_head++ % BLK_RING_REQS];
		struct blk_req *x = &r->req[i];
		r->fifo_len--;
		if (x->nr_chunks == 0) {         /* a barrier */
			finish(r, i);
			continue;
		}
		for (uint32_t c = 0; c < x->nr_chunks; c++)
			if (x->chunk[c].state == CH_QUEUED)
				ring_chunk_done(r, i, c, 0);
	}
	mm_io_release(r->ring_mfn);
	if (r->outstanding == 0)
		ring_free(r);
}

void blk_release_domain(struct domain *d)
{
	for (uint32_t i = 0; i < vbd_count(d); i++) {
		struct vbd *v = vbd_of(d, i);
		if (v && v->ring)
			ring_detach(v->ring);
		if (v)
			v->ring = NULL;
	}
	vbd_release(d);
}
