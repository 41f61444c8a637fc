/*
 * blk.h - what the block tests (calls/blk_*.c) share: the disks the runner
 * attaches, the answer of a backend without block devices, and a small
 * front end of the VMI ring (vmi/blkring.h).
 *
 * conformance/run.py boots every calls/blk_* test with two scratch disks:
 * vda, writable, BLK_VDA_SECTORS zeroed sectors; vdb, read-only,
 * BLK_VDB_SECTORS sectors, byte i of sector s being (s * 31 + i) & 0xFF.
 * On a backend whose VMI_FEAT_BLOCK is clear, blk_present() checks that
 * every block call answers -VMI_ENOSYS and the test reports SKIP; the
 * runner then compares the test only across the backends that ran it.
 */
#ifndef CONFORMANCE_BLK_H
#define CONFORMANCE_BLK_H

#include "../runtime/test.h"

#define BLK_VDA_SECTORS 2048u
#define BLK_VDB_SECTORS 64u

static inline uint8_t blk_vdb_byte(uint32_t sector, uint32_t i)
{
	return (uint8_t)((sector * 31 + i) & 0xFF);
}

/* 1 if the backend has block devices; else check -VMI_ENOSYS and SKIP. */
static inline int blk_present(void)
{
	struct vmi_blk_info info;
	if (vmi_features() & VMI_FEAT_BLOCK)
		return 1;
	CHECK_RET(vmi_blk_count(), -VMI_ENOSYS);
	CHECK_RET(vmi_blk_info(0, &info), -VMI_ENOSYS);
	CHECK_RET(vmi_blk_attach(0, frame_alloc()), -VMI_ENOSYS);
	CHECK_RET(vmi_blk_notify(0), -VMI_ENOSYS);
	test_skip("VMI_FEAT_BLOCK clear: every block call answers -VMI_ENOSYS");
	return 0;
}

/* The guest's side of one attached ring. */
struct blk {
	uint32_t dev;
	int port;
	struct vmi_blk_ring *ring;
	uint32_t req_prod, pushed, rsp_cons;
};

static volatile unsigned blk_events;

static inline void blk_on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	blk_events++;
}

/* A fresh ring page for dev (not yet attached). */
static inline struct vmi_blk_ring *blk_new_ring(uint32_t *pfn)
{
	*pfn = frame_alloc();
	struct vmi_blk_ring *r = pfn_to_va(*pfn);
	r->magic = VMI_BLK_RING_MAGIC;
	r->version = VMI_BLK_VERSION;
	return r;
}

/* Attach a new ring to dev; the port's events are counted in blk_events. */
static inline int blk_open(struct blk *b, uint32_t dev)
{
	uint32_t pfn;
	*b = (struct blk){ .dev = dev };
	b->ring = blk_new_ring(&pfn);
	b->port = vmi_blk_attach(dev, pfn);
	if (b->port > 0 && b->port < VMI_NR_PORTS)
		event_set_handler((unsigned)b->port, blk_on_event);
	return b->port;
}

/* Write the next request slot (not yet visible to the backend). */
static inline struct vmi_blk_request *blk_next(struct blk *b, uint32_t id, uint8_t op,
					uint64_t sector)
{
	struct vmi_blk_request *q = &b->ring->ring[b->req_prod++ % VMI_BLK_RING_SIZE].req;
	*q = (struct vmi_blk_request){ .id = id, .op = op, .sector = sector };
	return q;
}

static inline void blk_seg(struct vmi_blk_request *q, uint32_t pfn, uint8_t first, uint8_t last)
{
	q->seg[q->nr_segments++] = (struct vmi_blk_segment){ pfn, first, last, 0 };
}

/* Publish the requests written and notify if the backend asked to be. */
static inline void blk_push(struct blk *b)
{
	uint32_t old = b->pushed;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	b->ring->req_prod = b->req_prod;
	b->pushed = b->req_prod;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* Whether a notify is due depends on the backend's progress: report
	 * only a failing one, so transcripts do not depend on timing. */
	if (VMI_BLK_NEED_NOTIFY(b->ring->req_event, b->req_prod, old)) {
		int rc = vmi_blk_notify(b->dev);
		if (rc != 0)
			CHECK_RET(rc, 0);
	}
}

/* The next response, waiting for the ring's port if there is none yet. */
static inline struct vmi_blk_response blk_take(struct blk *b)
{
	unsigned long f = vmi_irq_save();
	for (;;) {
		if (b->ring->rsp_prod != b->rsp_cons)
			break;
		b->ring->rsp_event = b->rsp_cons + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (b->ring->rsp_prod != b->rsp_cons)
			break;
		vmi_sched_block();          /* until the port is pending */
		vmi_irq_enable();           /* its handler runs */
		vmi_irq_disable();
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	struct vmi_blk_response r = b->ring->ring[b->rsp_cons++ % VMI_BLK_RING_SIZE].rsp;
	vmi_irq_restore(f);
	return r;
}

/* One request of one segment, pushed and waited for: its status. */
static inline int blk_sync(struct blk *b, uint8_t op, uint64_t sector, uint32_t pfn,
		    uint8_t first, uint8_t last)
{
	struct vmi_blk_request *q = blk_next(b, 1, op, sector);
	if (op != VMI_BLK_OP_BARRIER)
		blk_seg(q, pfn, first, last);
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	return r.id == 1 ? r.status : -9999;
}

#endif /* CONFORMANCE_BLK_H */
