/*
 * elevator.c - which queued chunks go to a disk next, and how: batches
 * taken from the disk's rings round-robin, sorted by sector and merged.
 *
 * Each run visits every ring attached to the disk, starting one further
 * each time (the ring served first goes last), and takes at most
 * BATCH_PER_RING chunks from each, in ring order, while the device has
 * request slots and descriptors for them - so a domain flooding its ring
 * gets no more of the disk per round than one that sends a little.  A ring
 * stops giving at a barrier: the barrier goes only when none of the ring's
 * requests is at the device any more (and so all before it have
 * completed), as a flush alone, and nothing after it is taken before its
 * completion (ring->barrier).  Requests between barriers are unordered,
 * which is what lets the batch be sorted: by physical sector (insertion
 * sort; a batch is at most BATCH_MAX), then neighbours of the same
 * direction whose sectors follow on are merged into one device request of
 * up to VIRTIO_BLK_MAX_SEGS (64) buffers - the buffers being the guest frames
 * themselves (zero copy).
 */
#include "blk.h"

struct pick {
	struct blk_ring *r;
	uint8_t req, chunk;             /* chunk == FLUSH: a barrier's flush */
	uint8_t op;
	uint64_t psect;
};

#define FLUSH 0xFF

static const struct blk_chunk *chunk_of(const struct pick *p)
{
	return &p->r->req[p->req].chunk[p->chunk];
}

static int free_io(struct blk_disk *k)
{
	for (int i = 0; i < DISK_MAX_IO; i++)
		if (!k->io[i].used)
			return i;
	return -1;
}

/* 0, or -VMI_ENOSPC: the disk serves DISK_MAX_RINGS rings (a dead
 * domain's ring stays until its last request completes). */
int elevator_add_ring(struct blk_disk *k, struct blk_ring *r)
{
	if (k->nr_rings == DISK_MAX_RINGS)
		return -VMI_ENOSPC;
	k->rings[k->nr_rings++] = r;
	return 0;
}

void elevator_remove_ring(struct blk_disk *k, struct blk_ring *r)
{
	for (uint32_t i = 0; i < k->nr_rings; i++)
		if (k->rings[i] == r) {
			for (; i + 1 < k->nr_rings; i++)
				k->rings[i] = k->rings[i + 1];
			k->nr_rings--;
			hv_log("blk: disk %u: %u chunks in %u device requests, %u flushes so far",
			       (uint32_t)(k - blk_disks), k->stat_chunks, k->stat_ios,
			       k->stat_flushes);
			return;
		}
}

struct batch {
	struct pick p[BATCH_MAX];
	uint32_t n, slots, descs;       /* picks; what the device has left */
};

static void fifo_pop(struct blk_ring *r)
{
	r->fifo_head++;
	r->fifo_len--;
}

/* The next queued chunk of request i, or -1. */
static int next_chunk(const struct blk_req *x)
{
	for (int c = 0; c < x->nr_chunks; c++)
		if (x->chunk[c].state == CH_QUEUED)
			return c;
	return -1;
}

/* 1 if the barrier at the head of r's queue was taken or answered. */
static int take_barrier(struct blk_ring *r, uint32_t i, struct batch *b)
{
	if (!ring_barrier_ready(r, i))
		return 0;
	if (!r->flush) {                    /* nothing to flush: done */
		fifo_pop(r);
		ring_barrier_done(r, i, 1);
		return 1;
	}
	if (b->n == b->slots || b->descs < 2)
		return 0;
	fifo_pop(r);
	r->barrier = 1;
	b->descs -= 2;
	b->p[b->n++] = (struct pick){ r, (uint8_t)i, FLUSH, VMI_BLK_OP_BARRIER, 0 };
	return 1;
}

/* Up to BATCH_PER_RING chunks of r, in ring order, into the batch. */
static void take_from(struct blk_ring *r, struct batch *b)
{
	for (uint32_t taken = 0; r->dom && !r->barrier && r->fifo_len && taken < BATCH_PER_RING;) {
		uint32_t i = r->fifo[r->fifo_head % BLK_RING_REQS];
		struct blk_req *x = &r->req[i];
		if (x->op == VMI_BLK_OP_BARRIER) {
			if (!take_barrier(r, i, b))
				return;
			continue;
		}
		int c = next_chunk(x);
		uint32_t need = x->chunk[c].n + 2u;
		if (b->n == b->slots || b->descs < need)
			return;
		b->descs -= need;
		b->p[b->n++] = (struct pick){ r, (uint8_t)i, (uint8_t)c, x->op, x->chunk[c].psect };
		x->chunk[c].state = CH_ISSUED;
		if (!x->at_device) {
			x->at_device = 1;
			r->at_device++;
		}
		taken++;
		if (next_chunk(x) < 0)
			fifo_pop(r);
	}
}

static void sort(struct pick *p, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct pick t = p[i];
		uint32_t j = i;
		for (; j > 0 && p[j - 1].psect > t.psect; j--)
			p[j] = p[j - 1];
		p[j] = t;
	}
}

/* Does pick b follow pick a on the disk, fitting one device request of
 * `bufs` buffers and `nr` chunks so far? */
static int mergeable(const struct pick *a, const struct pick *b, uint32_t bufs, uint32_t nr)
{
	return a->chunk != FLUSH && b->chunk != FLUSH && a->op == b->op &&
	       a->psect + chunk_of(a)->nsect == b->psect && nr < IO_MAX_CHUNKS &&
	       bufs + chunk_of(b)->n <= VIRTIO_BLK_MAX_SEGS;
}

static void submit_flush(struct blk_disk *k, const struct pick *p)
{
	int t = free_io(k);

	if (t < 0 || virtio_blk_submit(&k->hw, VIRTIO_BLK_T_FLUSH, 0, 0, 0, (uint32_t)t) < 0) {
		ring_barrier_done(p->r, p->req, 0);      /* cannot happen: counted */
		return;
	}
	k->io[t] = (struct blk_io){ .used = 1, .flush_ring = p->r, .flush_req = p->req };
	k->nr_io++;
	k->stat_flushes++;
}

/* Picks [first, first + nr) as one device request. */
static void submit(struct blk_disk *k, const struct pick *p, uint32_t nr)
{
	struct virtio_blk_seg segs[VIRTIO_BLK_MAX_SEGS];
	uint32_t nseg = 0;
	int t = free_io(k);

	for (uint32_t i = 0; i < nr; i++) {
		const struct blk_chunk *c = chunk_of(&p[i]);
		const struct blk_piece *pc = &p[i].r->req[p[i].req].piece[c->first];
		for (uint32_t j = 0; j < c->n; j++)
			segs[nseg++] = (struct virtio_blk_seg){ pc[j].paddr, pc[j].len };
	}
	if (t < 0 || virtio_blk_submit(&k->hw, p[0].op == VMI_BLK_OP_READ ? VIRTIO_BLK_T_IN :
				       VIRTIO_BLK_T_OUT, p[0].psect, segs, nseg, (uint32_t)t) < 0) {
		for (uint32_t i = 0; i < nr; i++)          /* cannot happen: counted */
			ring_chunk_done(p[i].r, p[i].req, p[i].chunk, 0);
		return;
	}
	struct blk_io *io = &k->io[t];
	*io = (struct blk_io){ .used = 1, .nr = (uint8_t)nr };
	for (uint32_t i = 0; i < nr; i++) {
		io->ring[i] = p[i].r;
		io->req[i] = p[i].req;
		io->chunk[i] = p[i].chunk;
	}
	k->nr_io++;
	k->stat_ios++;
	k->stat_chunks += nr;
}

void elevator_run(struct blk_disk *k)
{
	struct batch b = { .slots = DISK_MAX_IO - k->nr_io, .descs = virtio_blk_room(&k->hw) };

	if (b.slots > BATCH_MAX)
		b.slots = BATCH_MAX;
	for (uint32_t i = 0; i < k->nr_rings; i++)
		take_from(k->rings[i], &b);
	if (k->nr_rings > 1) {                  /* the next round starts further on */
		struct blk_ring *first = k->rings[0];
		for (uint32_t i = 0; i + 1 < k->nr_rings; i++)
			k->rings[i] = k->rings[i + 1];
		k->rings[k->nr_rings - 1] = first;
	}
	sort(b.p, b.n);
	for (uint32_t i = 0; i < b.n;) {
		uint32_t nr = 1, bufs = b.p[i].chunk == FLUSH ? 0 : chunk_of(&b.p[i])->n;
		if (b.p[i].chunk == FLUSH) {
			submit_flush(k, &b.p[i++]);
			continue;
		}
		while (i + nr < b.n && mergeable(&b.p[i + nr - 1], &b.p[i + nr], bufs, nr))
			bufs += chunk_of(&b.p[i + nr++])->n;
		submit(k, &b.p[i], nr);
		i += nr;
	}
}

/* A device request finished: tell the rings of its chunks. */
void elevator_io_done(struct blk_disk *k, uint32_t tag, int ok)
{
	struct blk_io io;

	if (tag >= DISK_MAX_IO || !k->io[tag].used)
		return;
	io = k->io[tag];
	k->io[tag].used = 0;
	k->nr_io--;
	if (io.flush_ring)
		ring_barrier_done(io.flush_ring, io.flush_req, ok);
	for (uint32_t i = 0; i < io.nr; i++)
		ring_chunk_done(io.ring[i], io.req[i], io.chunk[i], ok);
}
