/*
 * virtio_blk.h - a legacy (transitional) virtio-pci block device
 * (virtio_blk.c): PCI vendor 0x1af4, device 0x1001, registers in the I/O
 * BAR 0, one virtqueue (queue 0) in memory the caller provides.
 *
 * Written for whatever owns the bare machine: what differs between users is
 * a parameter - the driver's memory comes with both its address (for the
 * CPU) and its physical address (for the device), data buffers are handed
 * in as physical addresses, and the IRQ line is reported (from PCI
 * configuration) for the caller to route.  Completions are polled with
 * virtio_blk_complete, typically from the caller's interrupt handler after
 * virtio_blk_ack_irq.  Not reentrant: callers serialise (interrupts off).
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include <stdint.h>

#define VIRTIO_PCI_VENDOR    0x1AF4
#define VIRTIO_PCI_BLK_LEGACY 0x1001

/* Request types and the device's status byte. */
#define VIRTIO_BLK_T_IN      0
#define VIRTIO_BLK_T_OUT     1
#define VIRTIO_BLK_T_FLUSH   4
#define VIRTIO_BLK_S_OK      0
#define VIRTIO_BLK_S_IOERR   1
#define VIRTIO_BLK_S_UNSUPP  2

#define VIRTIO_BLK_MAX_SEGS  64      /* data buffers per request (the hypervisor
                                      * merges several guest requests into one) */
/* Memory virtio_blk_init needs: the vring of up to 256 entries and one
 * request header per entry, page-aligned. */
#define VIRTIO_BLK_MEM_SIZE  (6 * 4096)

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtio_blk_hdr {
	uint32_t type;
	uint32_t ioprio;
	uint64_t sector;
};

struct virtio_blk_seg {
	uint32_t paddr;              /* physical address of the buffer */
	uint32_t len;                /* bytes, a multiple of 512 */
};

struct virtio_blk {
	uint32_t bdf;                /* PCI function */
	uint16_t io;                 /* I/O BAR 0 */
	uint8_t irq;                 /* the PIC line (PCI interrupt line) */
	uint8_t read_only;           /* VIRTIO_BLK_F_RO */
	uint8_t can_flush;           /* VIRTIO_BLK_F_FLUSH negotiated */
	uint64_t capacity;           /* 512-byte sectors */
	uint16_t qsz, nfree, free_head, last_used;
	uint8_t *mem;                /* the caller's memory, CPU address */
	uint32_t mem_pa;             /* and physical */
	struct vring_desc *desc;
	volatile uint16_t *avail;    /* flags, idx, ring[qsz], used_event */
	volatile uint32_t *used;     /* flags|idx, then (id, len) pairs */
	struct virtio_blk_hdr *hdr;  /* one per descriptor (head) index */
	volatile uint8_t *status;    /* one per descriptor (head) index */
	uint32_t tag[256];           /* the caller's tag, per head index */
};

/*
 * Reset and set up the device at PCI function bdf (I/O decoding and bus
 * mastering are enabled here) with mem (VIRTIO_BLK_MEM_SIZE bytes, zeroed,
 * page-aligned, physically contiguous at mem_pa).  0 on success, -1 if the
 * function is not a usable legacy virtio block device.
 */
int virtio_blk_init(struct virtio_blk *d, uint32_t bdf, void *mem, uint32_t mem_pa);

/*
 * Queue one request: type VIRTIO_BLK_T_*, from sector, nseg buffers (none
 * for a flush); tag comes back with its completion.  0 if queued, -1 if the
 * queue has no room for it (retry after completions).
 */
int virtio_blk_submit(struct virtio_blk *d, uint32_t type, uint64_t sector,
		      const struct virtio_blk_seg *segs, unsigned nseg, uint32_t tag);

/* Take one completed request: 1 with *tag and *status (VIRTIO_BLK_S_*), or
 * 0 if none is complete. */
int virtio_blk_complete(struct virtio_blk *d, uint32_t *tag, uint8_t *status);

/* Read (and so acknowledge) the ISR: nonzero if this device interrupted. */
int virtio_blk_ack_irq(struct virtio_blk *d);

/* Free descriptors: a request of n buffers needs n + 2. */
static inline unsigned virtio_blk_room(const struct virtio_blk *d) { return d->nfree; }

#endif /* DRIVERS_VIRTIO_BLK_H */
