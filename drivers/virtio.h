/*
 * virtio.h - the legacy (transitional) virtio-pci transport and its split
 * virtqueue (virtio.c), shared by the device drivers on top of it
 * (virtio_blk.c, virtio_net.c).
 *
 * A device is a PCI function of vendor 0x1af4 whose I/O BAR 0 holds the
 * legacy common header; the device-specific configuration follows at
 * VIRTIO_CFG (no MSI-X).  A virtqueue lives in memory the caller gives as
 * (CPU address, physical address), physically contiguous and page-aligned:
 * whoever owns the machine (the native backend, the hypervisor) passes its
 * own.  Buffers are physical addresses.  Nothing here blocks or allocates;
 * callers serialise (interrupts off).
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include <stdint.h>

#define VIRTIO_PCI_VENDOR    0x1AF4
#define VIRTQ_MAX            256        /* entries of a legacy queue we accept */
/* Memory of one virtqueue of VIRTQ_MAX entries: descriptors and available
 * ring, padded to a page, then the used ring. */
#define VIRTQ_MEM_SIZE       (3 * 4096)

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* The transport: one PCI function. */
struct virtio_dev {
	uint32_t bdf;                /* PCI function */
	uint16_t io;                 /* I/O BAR 0 */
	uint8_t irq;                 /* the PIC line (PCI interrupt line) */
};

/* One split virtqueue. */
struct virtq {
	uint16_t index;              /* the device's queue number */
	uint16_t size, nfree, free_head, last_used;
	uint8_t *mem;                /* the caller's memory, CPU address */
	uint32_t mem_pa;             /* and physical */
	struct vring_desc *desc;
	volatile uint16_t *avail;    /* flags, idx, ring[size], used_event */
	volatile uint32_t *used;     /* flags|idx, then (id, len) pairs */
	uint32_t tag[VIRTQ_MAX];     /* the caller's tag, per head index */
};

/* One buffer of a chain. */
struct virtq_buf {
	uint32_t paddr;              /* physical address */
	uint32_t len;                /* bytes */
	int device_writes;           /* 1: the device fills it (a read) */
};

/*
 * Start the device at PCI function bdf: I/O decoding and bus mastering on,
 * reset, ACKNOWLEDGE | DRIVER, then accept the offered features among
 * want.  Returns the accepted feature bits, or -1 if the function has no
 * I/O BAR 0.  Then set up the queues (virtq_init) and call virtio_ready.
 */
int64_t virtio_begin(struct virtio_dev *d, uint32_t bdf, uint32_t want);

/*
 * Set up queue index with mem (VIRTQ_MEM_SIZE bytes, zeroed, page-aligned,
 * at physical mem_pa).  0, or -1 (device marked FAILED) if the queue does
 * not exist or has more than VIRTQ_MAX entries or not a power of two.
 */
int virtq_init(struct virtio_dev *d, struct virtq *q, unsigned index,
	       void *mem, uint32_t mem_pa);

/* DRIVER_OK: the device may start using the queues. */
void virtio_ready(struct virtio_dev *d);

/* Device-specific configuration: byte off of it. */
uint8_t virtio_cfg8(const struct virtio_dev *d, unsigned off);
uint16_t virtio_cfg16(const struct virtio_dev *d, unsigned off);
uint32_t virtio_cfg32(const struct virtio_dev *d, unsigned off);

/* Read (and so acknowledge) the ISR: nonzero if this device interrupted. */
int virtio_ack_irq(const struct virtio_dev *d);

/* The head index the next virtq_add will use (per-request memory of a
 * driver is indexed by it, 0..size-1); valid while nfree > 0. */
static inline unsigned virtq_next_head(const struct virtq *q) { return q->free_head; }

/* Free descriptors: a chain of n buffers needs n. */
static inline unsigned virtq_room(const struct virtq *q) { return q->nfree; }

/*
 * Make the chain of n buffers available to the device with tag (returned
 * by virtq_get).  0, or -1 if fewer than n descriptors are free.  The
 * device learns of it at the next virtq_kick.
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, uint32_t tag);

/* Notify the device of the chains added to q. */
void virtq_kick(const struct virtio_dev *d, const struct virtq *q);

/* Take one used chain: its head index (as virtq_next_head said before the
 * add) with its *tag and the bytes the device wrote (*len), its
 * descriptors freed; -1 if there is none. */
int virtq_get(struct virtq *q, uint32_t *tag, uint32_t *len);

#endif /* DRIVERS_VIRTIO_H */
