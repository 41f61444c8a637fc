/*
 * virtio_blk.h - a legacy (transitional) virtio-pci block device
 * (virtio_blk.c): PCI vendor 0x1af4, device 0x1001, one virtqueue (queue
 * 0) in memory the caller provides, on the transport of virtio.h.
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
#include "virtio.h"

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
/* Memory virtio_blk_init needs: the virtqueue, then one request header
 * and one status byte per entry, page-aligned. */
#define VIRTIO_BLK_MEM_SIZE  (VIRTQ_MEM_SIZE + 2 * 4096)

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
	struct virtio_dev dev;       /* the transport: PCI function, port, IRQ line */
	struct virtq q;              /* queue 0 */
	uint8_t read_only;           /* VIRTIO_BLK_F_RO */
	uint8_t can_flush;           /* VIRTIO_BLK_F_FLUSH negotiated */
	uint64_t capacity;           /* 512-byte sectors */
	uint32_t hdr_pa;             /* physical address of hdr[0] */
	struct virtio_blk_hdr *hdr;  /* one per descriptor (head) index */
	volatile uint8_t *status;    /* one per descriptor (head) index */
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
static inline unsigned virtio_blk_room(const struct virtio_blk *d) { return virtq_room(&d->q); }

#endif /* DRIVERS_VIRTIO_BLK_H */
