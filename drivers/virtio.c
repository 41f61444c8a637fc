/*
 * virtio.c - the legacy virtio-pci transport and split virtqueue (virtio
 * 1.0 spec, 4.1.4.8 "Legacy Interfaces: A Note on PCI Device Layout",
 * 2.4.2 "Legacy Interfaces: A Note on Virtqueue Layout", 3.1.1 "Driver
 * Requirements: Device Initialization").
 *
 * I/O BAR 0 holds the common header - device features (0x00, 32 bits),
 * driver features (0x04), queue PFN (0x08), queue size (0x0C, 16), queue
 * select (0x0E), queue notify (0x10), device status (0x12, 8), ISR (0x13,
 * 8; reading clears it) - then, without MSI-X, the device configuration at
 * 0x14.  The legacy virtqueue is one physically contiguous area at
 * PFN << 12 whose size the device fixes: descriptors (16 bytes each), the
 * available ring (flags, idx, ring[size], used_event), padding to 4096,
 * the used ring (flags, idx, (id, len)[size], avail_event).
 */
#include "virtio.h"
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
#define VIO_CFG           0x14

#define VIO_S_ACK         1
#define VIO_S_DRIVER      2
#define VIO_S_DRIVER_OK   4
#define VIO_S_FAILED      128

#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

static uint32_t align_page(uint32_t x) { return (x + 4095) & ~4095u; }

/* Offset of the used ring in a legacy vring of n entries. */
static uint32_t used_offset(uint32_t n) { return align_page(16 * n + 6 + 2 * n); }

int64_t virtio_begin(struct virtio_dev *d, uint32_t bdf, uint32_t want)
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
	uint32_t got = inl(d->io + VIO_DEV_FEATURES) & want;
	outl(d->io + VIO_DRV_FEATURES, got);
	return got;
}

int virtq_init(struct virtio_dev *d, struct virtq *q, unsigned index,
	       void *mem, uint32_t mem_pa)
{
	outw(d->io + VIO_QUEUE_SEL, (uint16_t)index);
	uint32_t n = inw(d->io + VIO_QUEUE_SIZE);
	if (n == 0 || n > VIRTQ_MAX || (n & (n - 1))) {
		outb(d->io + VIO_STATUS, VIO_S_FAILED);
		return -1;
	}
	q->index = (uint16_t)index;
	q->size = (uint16_t)n;
	q->mem = mem;
	q->mem_pa = mem_pa;
	q->desc = mem;
	q->avail = (volatile uint16_t *)(q->mem + 16 * n);
	q->used = (volatile uint32_t *)(q->mem + used_offset(n));
	for (uint32_t i = 0; i < n; i++)
		q->desc[i].next = (uint16_t)(i + 1);
	q->free_head = 0;
	q->nfree = (uint16_t)n;
	q->last_used = 0;
	outl(d->io + VIO_QUEUE_PFN, mem_pa >> 12);
	return 0;
}

void virtio_ready(struct virtio_dev *d)
{
	outb(d->io + VIO_STATUS, VIO_S_ACK | VIO_S_DRIVER | VIO_S_DRIVER_OK);
}

uint8_t virtio_cfg8(const struct virtio_dev *d, unsigned off)
{
	return inb((uint16_t)(d->io + VIO_CFG + off));
}

uint16_t virtio_cfg16(const struct virtio_dev *d, unsigned off)
{
	return inw((uint16_t)(d->io + VIO_CFG + off));
}

uint32_t virtio_cfg32(const struct virtio_dev *d, unsigned off)
{
	return inl((uint16_t)(d->io + VIO_CFG + off));
}

int virtio_ack_irq(const struct virtio_dev *d)
{
	return inb(d->io + VIO_ISR) & 1;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, uint32_t tag)
{
	if (n == 0 || q->nfree < n)
		return -1;
	uint16_t head = q->free_head, i = head;
	for (unsigned k = 0; k < n; k++) {
		i = k ? q->desc[i].next : head;
		q->desc[i].addr = bufs[k].paddr;
		q->desc[i].len = bufs[k].len;
		q->desc[i].flags = (uint16_t)((k + 1 < n ? VRING_DESC_F_NEXT : 0) |
					      (bufs[k].device_writes ? VRING_DESC_F_WRITE : 0));
	}
	q->free_head = q->desc[i].next;
	q->nfree = (uint16_t)(q->nfree - n);
	q->tag[head] = tag;
	uint16_t idx = q->avail[1];
	q->avail[2 + (idx & (q->size - 1))] = head;
	asm volatile("" : : : "memory");   /* x86: stores are not reordered */
	q->avail[1] = (uint16_t)(idx + 1);
	return 0;
}

void virtq_kick(const struct virtio_dev *d, const struct virtq *q)
{
	asm volatile("" : : : "memory");   /* the notify (port I/O) serialises */
	outw(d->io + VIO_QUEUE_NOTIFY, q->index);
}

int virtq_get(struct virtq *q, uint32_t *tag, uint32_t *len)
{
	uint16_t used_idx = (uint16_t)(q->used[0] >> 16);
	if (used_idx == q->last_used)
		return -1;
	asm volatile("" : : : "memory");
	uint32_t slot = 1 + 2 * (q->last_used & (q->size - 1));
	uint16_t head = (uint16_t)q->used[slot];
	*len = q->used[slot + 1];
	q->last_used++;
	*tag = q->tag[head];
	/* Return the chain to the free list. */
	uint16_t i = head, n = 1;
	while (q->desc[i].flags & VRING_DESC_F_NEXT) {
		i = q->desc[i].next;
		n++;
	}
	q->desc[i].next = q->free_head;
	q->free_head = head;
	q->nfree = (uint16_t)(q->nfree + n);
	return head;
}
