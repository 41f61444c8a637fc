/*
 * blkdev.c - the disk driver of the guest kernel: one VMI block ring per
 * device (vmi/blkring.h), requests of several segments produced on it,
 * responses matched by id as they come (in any order), and the caller
 * asleep until its own response is there.
 *
 * Each request in flight has a pending slot; its id is the slot number in
 * the low bits and a counter above, so a stray or repeated response (a
 * buggy backend) matches nothing and is logged, never taken for another's.
 * At most VMI_BLK_RING_SIZE requests are in flight, so the ring itself can
 * never overflow; a caller finding every slot busy waits for one.  Waiting
 * follows the ring's event-index rule: set rsp_event just past what was
 * taken, look at rsp_prod once more, and only then sleep.
 */
#include "blk/blk.h"
#include "fs/vfs.h"
#include "sys/linux.h"
#include "kernel.h"
#include "proc/proc.h"
#include "lib/kernel/event.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define SLOT_BITS 5
_Static_assert(VMI_BLK_RING_SIZE == 1u << SLOT_BITS, "slot bits match the ring");

static struct blkdev devs[BLK_MAX_DEVS];
static uint32_t ndevs;

uint32_t blk_count(void)
{
	return ndevs;
}

struct blkdev *blk_dev(uint32_t i)
{
	return i < ndevs ? &devs[i] : NULL;
}

/* Take every response the backend produced. */
static void blk_reap(struct blkdev *d)
{
	while (d->rsp_cons != d->ring->rsp_prod) {
		struct vmi_blk_response r;
		struct blk_pending *p;

		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r = d->ring->ring[d->rsp_cons % VMI_BLK_RING_SIZE].rsp;
		d->rsp_cons++;
		p = &d->pending[r.id % VMI_BLK_RING_SIZE];
		if (r.id == 0 || p->id != r.id || p->done) {
			klog(KLOG_WARNING, "blk: %s: stray response id %u\n", d->name, r.id);
			continue;
		}
		p->status = r.status;
		p->done = 1;
	}
}

static void blk_event(unsigned port, struct trap_regs *r)
{
	(void)r;
	for (uint32_t i = 0; i < ndevs; i++) {
		if (devs[i].port != (int)port)
			continue;
		blk_reap(&devs[i]);
		proc_wakeup(&devs[i]);
	}
}

/* Is the awaited thing there: a given slot done, or (p NULL) a free slot? */
static int blk_ready(struct blkdev *d, struct blk_pending *p)
{
	return p ? p->done : d->inflight < VMI_BLK_RING_SIZE;
}

/* Sleep until blk_ready.  Events are masked here (system calls run so);
 * the scheduler's idle unmasks them.  Without a process (boot) we block
 * for the event ourselves. */
static void blk_wait(struct blkdev *d, struct blk_pending *p)
{
	unsigned long flags = vmi_irq_save();

	for (;;) {
		blk_reap(d);
		if (blk_ready(d, p))
			break;
		d->ring->rsp_event = d->rsp_cons + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (d->ring->rsp_prod != d->rsp_cons)
			continue;
		if (curproc) {
			proc_sleep(d);
		} else {
			vmi_sched_block();
			vmi_irq_enable();       /* the handler runs */
			vmi_irq_disable();
		}
	}
	vmi_irq_restore(flags);
}

static struct blk_pending *slot_take(struct blkdev *d)
{
	blk_wait(d, NULL);
	for (uint32_t i = 0; i < VMI_BLK_RING_SIZE; i++) {
		struct blk_pending *p = &d->pending[i];

		if (p->id)
			continue;
		if (++d->next_id >= 1u << (32 - SLOT_BITS))
			d->next_id = 1;
		p->id = d->next_id << SLOT_BITS | i;
		p->done = 0;
		d->inflight++;
		return p;
	}
	panic("blk: %s: no free slot with %u in flight", d->name, d->inflight);
}

static void slot_give(struct blkdev *d, struct blk_pending *p)
{
	p->id = 0;
	d->inflight--;
	proc_wakeup(d);                 /* someone may wait for a slot */
}

/* Publish the request and notify if the backend asked for it. */
static void blk_push(struct blkdev *d)
{
	uint32_t old = d->ring->req_prod;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	d->ring->req_prod = d->req_prod;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (VMI_BLK_NEED_NOTIFY(d->ring->req_event, d->req_prod, old))
		vmi_blk_notify(d->index);
}

static int blk_errno(int status)
{
	switch (status) {
	case VMI_BLK_OK: return 0;
	case -VMI_EROFS: return -EROFS;
	case -VMI_EINVAL: return -EINVAL;
	default: return -EIO;
	}
}

int blk_io(struct blkdev *d, uint8_t op, uint64_t sector,
	   const struct blk_seg *seg, uint32_t nseg)
{
	struct blk_pending *p;
	struct vmi_blk_request *q;
	int status;

	if (!d->port || nseg > VMI_BLK_MAX_SEGMENTS)
		return -EIO;
	p = slot_take(d);
	q = &d->ring->ring[d->req_prod++ % VMI_BLK_RING_SIZE].req;
	memset(q, 0, sizeof(*q));
	q->id = p->id;
	q->op = op;
	q->sector = sector;
	q->nr_segments = (uint8_t)nseg;
	for (uint32_t i = 0; i < nseg; i++)
		q->seg[i] = (struct vmi_blk_segment){ seg[i].pfn, seg[i].first, seg[i].last, 0 };
	if (op == VMI_BLK_OP_READ)
		d->reads++;
	else if (op == VMI_BLK_OP_WRITE)
		d->writes++;
	blk_push(d);
	blk_wait(d, p);
	status = p->status;
	slot_give(d, p);
	if (status != VMI_BLK_OK)
		klog(KLOG_WARNING, "blk: %s: %s of sector %llu failed (%d)\n", d->name,
		     op == VMI_BLK_OP_READ ? "read" : op == VMI_BLK_OP_WRITE ? "write" : "flush",
		     (unsigned long long)sector, status);
	return blk_errno(status);
}

/* Attach a fresh ring to device i; 0 or a negative VMI error. */
static int blk_attach(struct blkdev *d)
{
	uint32_t pfn = frame_try_alloc();
	int port;

	if (pfn == VMI_INVALID_PFN)
		return -VMI_ENOMEM;
	d->ring = pfn_to_va(pfn);
	d->ring->magic = VMI_BLK_RING_MAGIC;
	d->ring->version = VMI_BLK_VERSION;
	port = vmi_blk_attach(d->index, pfn);
	if (port <= 0 || port >= VMI_NR_PORTS) {
		frame_free(pfn);
		return port <= 0 ? port : -VMI_EINVAL;
	}
	d->port = port;
	event_set_handler((unsigned)port, blk_event);
	return 0;
}

/* No block group, or no disks: nothing to do (pvhv without VBDs). */
void blk_init(void)
{
	int n = (vmi_features() & VMI_FEAT_BLOCK) ? vmi_blk_count() : 0;

	for (int i = 0; i < n && ndevs < BLK_MAX_DEVS; i++) {
		struct blkdev *d = &devs[ndevs];
		struct vmi_blk_info info;
		int rc;

		if (vmi_blk_info((uint32_t)i, &info) < 0 || info.magic != VMI_BLK_INFO_MAGIC)
			continue;
		memset(d, 0, sizeof(*d));
		d->index = (uint32_t)i;
		memcpy(d->name, info.name, VMI_BLK_NAME_MAX);
		d->name[VMI_BLK_NAME_MAX - 1] = 0;
		d->sectors = info.sectors;
		d->ro = !!(info.flags & VMI_BLK_INFO_RO);
		if ((rc = blk_attach(d)) < 0) {
			klog(KLOG_WARNING, "blk: %s: cannot attach its ring (%d)\n", d->name, rc);
			continue;
		}
		klog(KLOG_INFO, "blk: %s: %llu sectors%s\n", d->name,
		     (unsigned long long)d->sectors, d->ro ? ", read-only" : "");
		ndevs++;
	}
}
