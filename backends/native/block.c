/*
 * block.c - the VMI block calls natively: the VMI ring (vmi/blkring.h) of
 * each attached device serviced on a legacy virtio-pci disk
 * (drivers/virtio_blk.c).
 *
 * At boot the PCI bus is scanned for virtio block functions (in bus/slot
 * order: the devices' numbers and names "vda", "vdb", ...), each gets its
 * virtqueue from boot memory and its PCI interrupt line opened at the PIC.
 * vmi_blk_notify takes requests off the guest's ring in order, checks them
 * (frames of usable memory, no pinned page table, not a ring; an id not
 * already at the device) and starts them on the virtqueue (several at once; the device may finish
 * them in any order); the device's interrupt takes completions and writes
 * the responses, raising the ring's port under the event-index rule.  A
 * barrier waits for every earlier request, then flushes the disk's write
 * cache (if it has one) while no later request starts.  Everything here
 * runs with interrupts off.  Natively pfn == physical frame.
 */
#include "native.h"
#include "drivers/pci.h"
#include "drivers/uart16550.h"
#include "drivers/virtio_blk.h"
#include "drivers/x86.h"

#define MAX_DISKS 4
#define MAX_INFLIGHT 8                      /* per disk, at the device */
#define RING_SLOT(dev) (dev)                /* mmu_map_fixed slot of a ring */

struct pending { uint32_t id; uint8_t op, busy; };

struct disk {
	struct virtio_blk hw;
	struct vmi_blk_ring *ring;          /* 0 until attached */
	uint32_t ring_pfn, port;
	uint32_t req_cons, rsp_prod;        /* our private indexes */
	uint32_t inflight;
	int barrier;                        /* a barrier is at the device */
	struct pending pend[MAX_INFLIGHT];
};

static struct disk disks[MAX_DISKS];
static unsigned nr_disks;

void block_init(void)
{
	uint32_t bdf[MAX_DISKS];
	unsigned n = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_BLK_LEGACY, bdf, MAX_DISKS);
	for (unsigned i = 0; i < n; i++) {
		struct disk *d = &disks[nr_disks];
		uint8_t *mem = boot_alloc(VIRTIO_BLK_MEM_SIZE);
		if (virtio_blk_init(&d->hw, bdf[i], mem, (uint32_t)mem - VMI_KERNEL_BASE) < 0) {
			native_log("native: unusable virtio block device skipped\n");
			continue;
		}
		uint8_t irq = d->hw.dev.irq;
		if (irq < 16 && irq != IRQ_PIT && irq != IRQ_COM1)
			pic_unmask(irq);
		nr_disks++;
	}
}

int block_owns_frame(uint32_t pfn)
{
	for (unsigned i = 0; i < nr_disks; i++)
		if (disks[i].ring && disks[i].ring_pfn == pfn)
			return 1;
	return 0;
}

static void respond(struct disk *d, uint32_t id, uint8_t op, int32_t status)
{
	struct vmi_blk_response *r = &d->ring->ring[d->rsp_prod % VMI_BLK_RING_SIZE].rsp;
	r->id = id;
	r->op = op;
	r->pad[0] = r->pad[1] = r->pad[2] = 0;
	r->status = status;
	d->rsp_prod++;
}

/* Publish the responses written so far; raise the port if the guest waits. */
static void push_responses(struct disk *d)
{
	uint32_t old = d->ring->rsp_prod;
	if (old == d->rsp_prod)
		return;
	asm volatile("" : : : "memory");
	d->ring->rsp_prod = d->rsp_prod;
	asm volatile("lock; addl $0, (%%esp)" : : : "memory");  /* then read rsp_event */
	if (VMI_BLK_NEED_NOTIFY(d->ring->rsp_event, d->rsp_prod, old))
		evt_raise_device_port(d->port);
}

/* Is a request with this id at the device?  (Ids must be distinct.) */
static int id_pending(const struct disk *d, uint32_t id)
{
	for (int i = 0; i < MAX_INFLIGHT; i++)
		if (d->pend[i].busy && d->pend[i].id == id)
			return 1;
	return 0;
}

static int free_pending(struct disk *d)
{
	for (int i = 0; i < MAX_INFLIGHT; i++)
		if (!d->pend[i].busy)
			return i;
	return -1;
}

/* Check a read or write; 0 and the device's buffers, or -VMI_E*. */
static int check_rw(struct disk *d, const struct vmi_blk_request *q,
		    struct virtio_blk_seg *segs)
{
	if (q->nr_segments < 1 || q->nr_segments > VMI_BLK_MAX_SEGMENTS)
		return -VMI_EINVAL;
	uint64_t total = 0;
	for (unsigned i = 0; i < q->nr_segments; i++) {
		const struct vmi_blk_segment *s = &q->seg[i];
		if (s->first_sect > s->last_sect || s->last_sect >= VMI_BLK_SECTORS_PER_PAGE ||
		    !mmu_frame_usable(s->pfn) || mmu_frame_pinned(s->pfn) || block_owns_frame(s->pfn) ||
		    net_owns_frame(s->pfn))
			return -VMI_EINVAL;
		uint32_t n = (uint32_t)(s->last_sect - s->first_sect + 1);
		segs[i].paddr = (s->pfn << VMI_PAGE_SHIFT) + ((uint32_t)s->first_sect << VMI_BLK_SECTOR_SHIFT);
		segs[i].len = n << VMI_BLK_SECTOR_SHIFT;
		total += n;
	}
	if (q->sector > d->hw.capacity || total > d->hw.capacity - q->sector)
		return -VMI_EINVAL;
	if (q->op == VMI_BLK_OP_WRITE && d->hw.read_only)
		return -VMI_EROFS;
	return 0;
}

/* Take requests off the ring while the device has room and no barrier holds them. */
static void take_requests(struct disk *d)
{
	while (d->req_cons != d->ring->req_prod && !d->barrier &&
	       d->ring->req_prod - d->req_cons <= VMI_BLK_RING_SIZE) {
		asm volatile("" : : : "memory");
		struct vmi_blk_request q =
			*(volatile struct vmi_blk_request *)&d->ring->ring[d->req_cons % VMI_BLK_RING_SIZE].req;
		if (q.op == VMI_BLK_OP_BARRIER && q.nr_segments == 0 && !id_pending(d, q.id)) {
			if (d->inflight)
				break;              /* resumed when the last completes */
			d->req_cons++;
			int slot = free_pending(d);
			if (d->hw.can_flush && !d->hw.read_only &&
			    virtio_blk_submit(&d->hw, VIRTIO_BLK_T_FLUSH, 0, 0, 0, (uint32_t)slot) == 0) {
				d->pend[slot] = (struct pending){ q.id, q.op, 1 };
				d->inflight++;
				d->barrier = 1;
			} else {
				respond(d, q.id, q.op, VMI_BLK_OK);  /* nothing to flush */
			}
			continue;
		}
		int slot = free_pending(d);
		if (slot < 0 || virtio_blk_room(&d->hw) < VMI_BLK_MAX_SEGMENTS + 2u)
			break;                      /* resumed on a completion */
		d->req_cons++;
		struct virtio_blk_seg segs[VMI_BLK_MAX_SEGMENTS];
		int r = (q.op == VMI_BLK_OP_READ || q.op == VMI_BLK_OP_WRITE) ?
			check_rw(d, &q, segs) : -VMI_EINVAL;
		if (r == 0 && id_pending(d, q.id))
			r = -VMI_EINVAL;            /* the guest could not tell them apart */
		if (r == 0 && virtio_blk_submit(&d->hw, q.op == VMI_BLK_OP_READ ? VIRTIO_BLK_T_IN :
						 VIRTIO_BLK_T_OUT, q.sector, segs, q.nr_segments,
						 (uint32_t)slot) < 0)
			r = -VMI_EIO;               /* cannot happen: room was checked */
		if (r < 0) {
			respond(d, q.id, q.op, r);
			continue;
		}
		d->pend[slot] = (struct pending){ q.id, q.op, 1 };
		d->inflight++;
	}
	/* Notify me (vmi_blk_notify) for anything past what was taken. */
	d->ring->req_event = d->req_cons + 1;
}

static void complete(struct disk *d)
{
	uint32_t tag;
	uint8_t st;
	while (virtio_blk_complete(&d->hw, &tag, &st)) {
		if (tag >= MAX_INFLIGHT || !d->pend[tag].busy)
			continue;
		struct pending *p = &d->pend[tag];
		respond(d, p->id, p->op, st == VIRTIO_BLK_S_OK ? VMI_BLK_OK : -VMI_EIO);
		if (p->op == VMI_BLK_OP_BARRIER)
			d->barrier = 0;
		p->busy = 0;
		d->inflight--;
	}
	take_requests(d);
	push_responses(d);
}

/* From native_irq: nonzero if one of the disks was interrupting. */
int block_irq(unsigned irq)
{
	int mine = 0;
	for (unsigned i = 0; i < nr_disks; i++) {
		struct disk *d = &disks[i];
		if (d->hw.dev.irq != irq || !virtio_blk_ack_irq(&d->hw))
			continue;
		mine = 1;
		if (d->ring)
			complete(d);
	}
	return mine;
}

int vmi_blk_count(void)
{
	return (int)nr_disks;
}

int vmi_blk_info(uint32_t dev, struct vmi_blk_info *out)
{
	if (dev >= nr_disks)
		return -VMI_ENOENT;
	struct vmi_blk_info i = {
		.magic = VMI_BLK_INFO_MAGIC,
		.version = VMI_BLK_VERSION,
		.sectors = disks[dev].hw.capacity,
		.sector_size = VMI_BLK_SECTOR_SIZE,
		.flags = disks[dev].hw.read_only ? VMI_BLK_INFO_RO : 0,
		.name = { 'v', 'd', (char)('a' + dev), 0 },
	};
	*out = i;
	return 0;
}

int vmi_blk_attach(uint32_t dev, uint32_t ring_pfn)
{
	if (dev >= nr_disks)
		return -VMI_ENOENT;
	struct disk *d = &disks[dev];
	if (d->ring)
		return -VMI_EBUSY;
	if (!mmu_frame_usable(ring_pfn) || mmu_frame_pinned(ring_pfn))
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	struct vmi_blk_ring *r = mmu_map_fixed(RING_SLOT(dev), ring_pfn);
	int p = -VMI_EINVAL;
	if (r->magic == VMI_BLK_RING_MAGIC && r->version == VMI_BLK_VERSION &&
	    r->req_prod == 0 && r->req_event == 0 && r->rsp_prod == 0 && r->rsp_event == 0)
		p = evt_alloc_device_port();
	if (p > 0) {
		*d = (struct disk){ .hw = d->hw, .ring = r, .ring_pfn = ring_pfn,
				    .port = (uint32_t)p };
		r->req_event = 1;
	}
	irq_restore_native(f);
	return p;
}

int vmi_blk_notify(uint32_t dev)
{
	if (dev >= nr_disks)
		return -VMI_ENOENT;
	struct disk *d = &disks[dev];
	if (!d->ring)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	int r = 0;
	if (d->ring->req_prod - d->req_cons > VMI_BLK_RING_SIZE)
		r = -VMI_EINVAL;
	else
		complete(d);                /* what finished meanwhile, then new requests */
	irq_restore_native(f);
	evt_deliver_if_enabled();
	return r;
}
