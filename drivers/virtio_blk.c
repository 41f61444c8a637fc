/*
 * virtio_blk.c - legacy virtio-pci block device (virtio 1.0 spec, 4.1.4.8
 * "Legacy Interfaces: A Note on PCI Device Layout", 2.4.2 "Legacy
 * Interfaces: A Note on Virtqueue Layout", 5.2 "Block Device").
 *
 * I/O BAR 0 holds the common header - device features (0x00, 32 bits),
 * driver features (0x04), queue PFN (0x08), queue size (0x0C, 16), queue
 * select (0x0E), queue notify (0x10), device status (0x12, 8), ISR (0x13,
 * 8; reading clears it) - then, without MSI-X, the block configuration at
 * 0x14 (capacity, 64 bits).  The legacy virtqueue is one physically
 * contiguous area at PFN << 12: descriptors (16 bytes each), the available
 * ring (flags, idx, ring[size], used_event), padding to 4096, the used ring
 * (flags, idx, (id, len)[size], avail_event).  A request is a chain: the
 * header (read by the device), the data buffers (written by the device for
 * a read), and a status byte (written by the device).
 */
#include "virtio_blk.h"
#include "pci.h"
#include "x86.h"

#define VIO_DEV_FEATURES  0x00
#define VIO_DRV_FEATURES  0x04
#define VIO_QUEUE_PFN     0x08
#define VIO_QUEUE_SIZE    0x0C
#define VIO_QUEUE_SEL     0x0E
#define VIO_QUEUE_NOTIFY  0x10
#define VIO_STATUS        0x12
#define VIO_ISR           0x13
#define VIO_BLK_CAPACITY  0x14

#define VIO_S_ACK         1
#define VIO_S_DRIVER      2
#define VIO_S_DRIVER_OK   4
#define VIO_S_FAILED      128

#define VIO_BLK_F_RO      (1u << 5)
#define VIO_BLK_F_FLUSH   (1u << 9)

#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

static uint32_t align_page(uint32_t x) { return (x + 4095) & ~4095u; }

/* Bytes of the legacy vring of n entries. */
static uint32_t vring_bytes(uint32_t n)
{
	return align_page(16 * n + 6 + 2 * n) + 6 + 8 * n;
}

int virtio_blk_init(struct virtio_blk *d, uint32_t bdf, void *mem, uint32_t mem_pa)
{
	uint32_t bar = pci_read32(bdf, PCI_BAR0);
	if (!(bar & PCI_BAR_IO))
		return -1;
	d->bdf = bdf;
	d->io = (uint16_t)(bar & ~3u);
	d->irq = pci_read8(bdf, PCI_IRQ_LINE);
	pci_write16(bdf, PCI_COMMAND, (uint16_t)(pci_read16(bdf, PCI_COMMAND) |
						 PCI_CMD_IO | PCI_CMD_MASTER));
	outb(d->io + VIO_STATUS, 0);                         /* reset */
	outb(d->io + VIO_STATUS, VIO_S_ACK);
	outb(d->io + VIO_STATUS, VIO_S_ACK | VIO_S_DRIVER);
	uint32_t feat = inl(d->io + VIO_DEV_FEATURES);
	uint32_t want = feat & (VIO_BLK_F_RO | VIO_BLK_F_FLUSH);
	outl(d->io + VIO_DRV_FEATURES, want);
	d->read_only = !!(want & VIO_BLK_F_RO);
	d->can_flush = !!(want & VIO_BLK_F_FLUSH);
	d->capacity = inl(d->io + VIO_BLK_CAPACITY) |
		      ((uint64_t)inl(d->io + VIO_BLK_CAPACITY + 4) << 32);

	outw(d->io + VIO_QUEUE_SEL, 0);
	uint32_t n = inw(d->io + VIO_QUEUE_SIZE);
	uint32_t ring = align_page(vring_bytes(n));
	if (n == 0 || n > 256 || (n & (n - 1)) ||
	    ring + n * (sizeof(struct virtio_blk_hdr) + 1) > VIRTIO_BLK_MEM_SIZE) {
		outb(d->io + VIO_STATUS, VIO_S_FAILED);
		return -1;
	}
	d->qsz = (uint16_t)n;
	d->mem = mem;
	d->mem_pa = mem_pa;
	d->desc = mem;
	d->avail = (volatile uint16_t *)(d->mem + 16 * n);
	d->used = (volatile uint32_t *)(d->mem + align_page(16 * n + 6 + 2 * n));
	d->hdr = (struct virtio_blk_hdr *)(d->mem + ring);
	d->status = d->mem + ring + n * sizeof(struct virtio_blk_hdr);
	for (uint32_t i = 0; i < n; i++)
		d->desc[i].next = (uint16_t)(i + 1);
	d->free_head = 0;
	d->nfree = (uint16_t)n;
	d->last_used = 0;
	outl(d->io + VIO_QUEUE_PFN, mem_pa >> 12);
	outb(d->io + VIO_STATUS, VIO_S_ACK | VIO_S_DRIVER | VIO_S_DRIVER_OK);
	return 0;
}

static uint16_t take_desc(struct virtio_blk *d)
{
	uint16_t i = d->free_head;
	d->free_head = d->desc[i].next;
	d->nfree--;
	return i;
}

static uint32_t pa_of(struct virtio_blk *d, const volatile void *p)
{
	return d->mem_pa + (uint32_t)((const volatile uint8_t *)p - d->mem);
}

int virtio_blk_submit(struct virtio_blk *d, uint32_t type, uint64_t sector,
		      const struct virtio_blk_seg *segs, unsigned nseg, uint32_t tag)
{
	if (nseg > VIRTIO_BLK_MAX_SEGS || d->nfree < nseg + 2)
		return -1;
	uint16_t head = take_desc(d), cur = head;
	d->hdr[head] = (struct virtio_blk_hdr){ type, 0, sector };
	d->status[head] = 0xFF;
	d->tag[head] = tag;
	d->desc[head].addr = pa_of(d, &d->hdr[head]);
	d->desc[head].len = sizeof(struct virtio_blk_hdr);
	d->desc[head].flags = VRING_DESC_F_NEXT;
	for (unsigned i = 0; i <= nseg; i++) {
		uint16_t nx = take_desc(d);
		d->desc[cur].next = nx;
		cur = nx;
		if (i < nseg) {
			d->desc[cur].addr = segs[i].paddr;
			d->desc[cur].len = segs[i].len;
			d->desc[cur].flags = VRING_DESC_F_NEXT |
				(type == VIRTIO_BLK_T_IN ? VRING_DESC_F_WRITE : 0);
		} else {
			d->desc[cur].addr = pa_of(d, &d->status[head]);
			d->desc[cur].len = 1;
			d->desc[cur].flags = VRING_DESC_F_WRITE;
		}
	}
	uint16_t idx = d->avail[1];
	d->avail[2 + (idx & (d->qsz - 1))] = head;
	asm volatile("" : : : "memory");   /* x86: stores are not reordered */
	d->avail[1] = (uint16_t)(idx + 1);
	asm volatile("" : : : "memory");    /* the notify (port I/O) serialises */
	outw(d->io + VIO_QUEUE_NOTIFY, 0);
	return 0;
}

int virtio_blk_complete(struct virtio_blk *d, uint32_t *tag, uint8_t *status)
{
	uint16_t used_idx = (uint16_t)(d->used[0] >> 16);
	if (used_idx == d->last_used)
		return 0;
	asm volatile("" : : : "memory");
	uint16_t head = (uint16_t)d->used[1 + 2 * (d->last_used & (d->qsz - 1))];
	d->last_used++;
	*tag = d->tag[head];
	*status = d->status[head];
	/* Return the chain to the free list. */
	uint16_t i = head, n = 1;
	while (d->desc[i].flags & VRING_DESC_F_NEXT) {
		i = d->desc[i].next;
		n++;
	}
	d->desc[i].next = d->free_head;
	d->free_head = head;
	d->nfree += n;
	return 1;
}

int virtio_blk_ack_irq(struct virtio_blk *d)
{
	return inb(d->io + VIO_ISR) & 1;
}
