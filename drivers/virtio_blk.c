/*
 * virtio_blk.c - legacy virtio-pci block device (virtio 1.0 spec, 5.2
 * "Block Device"), on the transport and virtqueue of virtio.c.
 *
 * The block configuration starts with the capacity (64 bits, 512-byte
 * sectors).  A request is a chain: the header (read by the device), the
 * data buffers (written by the device for a read), and a status byte
 * (written by the device).  Header and status live in the driver's memory,
 * one of each per possible head index of the queue.
 */
#include "virtio_blk.h"

#define VIO_BLK_CAPACITY  0x00          /* in the device configuration */

#define VIO_BLK_F_RO      (1u << 5)
#define VIO_BLK_F_FLUSH   (1u << 9)

int virtio_blk_init(struct virtio_blk *d, uint32_t bdf, void *mem, uint32_t mem_pa)
{
	int64_t feat = virtio_begin(&d->dev, bdf, VIO_BLK_F_RO | VIO_BLK_F_FLUSH);
	if (feat < 0)
		return -1;
	d->read_only = !!(feat & VIO_BLK_F_RO);
	d->can_flush = !!(feat & VIO_BLK_F_FLUSH);
	d->capacity = virtio_cfg32(&d->dev, VIO_BLK_CAPACITY) |
		      ((uint64_t)virtio_cfg32(&d->dev, VIO_BLK_CAPACITY + 4) << 32);
	if (virtq_init(&d->dev, &d->q, 0, mem, mem_pa) < 0)
		return -1;
	d->hdr = (struct virtio_blk_hdr *)((uint8_t *)mem + VIRTQ_MEM_SIZE);
	d->hdr_pa = mem_pa + VIRTQ_MEM_SIZE;
	d->status = (volatile uint8_t *)(d->hdr + VIRTQ_MAX);
	virtio_ready(&d->dev);
	return 0;
}

int virtio_blk_submit(struct virtio_blk *d, uint32_t type, uint64_t sector,
		      const struct virtio_blk_seg *segs, unsigned nseg, uint32_t tag)
{
	struct virtq_buf b[VIRTIO_BLK_MAX_SEGS + 2];
	if (nseg > VIRTIO_BLK_MAX_SEGS || virtq_room(&d->q) < nseg + 2)
		return -1;
	unsigned head = virtq_next_head(&d->q);
	d->hdr[head] = (struct virtio_blk_hdr){ type, 0, sector };
	d->status[head] = 0xFF;
	b[0] = (struct virtq_buf){ d->hdr_pa + head * sizeof(struct virtio_blk_hdr),
				   sizeof(struct virtio_blk_hdr), 0 };
	for (unsigned i = 0; i < nseg; i++)
		b[1 + i] = (struct virtq_buf){ segs[i].paddr, segs[i].len,
					       type == VIRTIO_BLK_T_IN };
	b[1 + nseg] = (struct virtq_buf){ d->hdr_pa + VIRTQ_MAX * sizeof(struct virtio_blk_hdr) + head,
					  1, 1 };
	virtq_add(&d->q, b, nseg + 2, tag);
	virtq_kick(&d->dev, &d->q);
	return 0;
}

int virtio_blk_complete(struct virtio_blk *d, uint32_t *tag, uint8_t *status)
{
	uint32_t len;
	int head = virtq_get(&d->q, tag, &len);
	if (head < 0)
		return 0;
	*status = d->status[head];
	return 1;
}

int virtio_blk_ack_irq(struct virtio_blk *d)
{
	return virtio_ack_irq(&d->dev);
}
