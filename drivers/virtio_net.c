/*
 * virtio_net.c - legacy virtio-pci network device (virtio 1.0 spec, 5.1
 * "Network Device"), on the transport and virtqueue of virtio.c.
 *
 * The network configuration starts with the MAC address (6 bytes, with
 * VIRTIO_NET_F_MAC) and the 16-bit status (VIRTIO_NET_F_STATUS; bit 0:
 * link up).  Without VIRTIO_F_ANY_LAYOUT a legacy driver puts the header
 * in a descriptor of its own: a frame to send is the chain (header, frame),
 * a receive buffer the chain (header, room for a frame), both written by
 * the device.  Receive buffer i is at bufs + i * VIRTIO_NET_BUF_SIZE:
 * header at 0, frame at 16; its tag is i.
 */
#include "virtio_net.h"

#define VIO_NET_F_MAC     (1u << 5)
#define VIO_NET_F_STATUS  (1u << 16)

#define VIO_NET_CFG_MAC    0x00          /* in the device configuration */
#define VIO_NET_CFG_STATUS 0x06
#define VIO_NET_S_LINK_UP  1

#define HDR_LEN   ((uint32_t)sizeof(struct virtio_net_hdr))
#define FRAME_OFF 16u

_Static_assert(sizeof(struct virtio_net_hdr) == 10, "legacy virtio_net_hdr");

static void post_rx(struct virtio_net *d, uint32_t i)
{
	uint32_t pa = d->bufs_pa + i * VIRTIO_NET_BUF_SIZE;
	struct virtq_buf b[2] = {
		{ pa, HDR_LEN, 1 },
		{ pa + FRAME_OFF, VIRTIO_NET_BUF_SIZE - FRAME_OFF, 1 },
	};
	virtq_add(&d->rx, b, 2, i);
}

int virtio_net_init(struct virtio_net *d, uint32_t bdf, void *mem, uint32_t mem_pa)
{
	int64_t feat = virtio_begin(&d->dev, bdf, VIO_NET_F_MAC | VIO_NET_F_STATUS);
	if (feat < 0 || !(feat & VIO_NET_F_MAC))
		return -1;
	d->has_status = !!(feat & VIO_NET_F_STATUS);
	for (unsigned i = 0; i < 6; i++)
		d->mac[i] = virtio_cfg8(&d->dev, VIO_NET_CFG_MAC + i);
	uint8_t *m = mem;
	if (virtq_init(&d->dev, &d->rx, 0, m, mem_pa) < 0 ||
	    virtq_init(&d->dev, &d->tx, 1, m + VIRTQ_MEM_SIZE, mem_pa + VIRTQ_MEM_SIZE) < 0)
		return -1;
	d->hdr_pa = mem_pa + 2 * VIRTQ_MEM_SIZE;          /* a zeroed page */
	d->bufs = m + 2 * VIRTQ_MEM_SIZE + 4096;
	d->bufs_pa = d->hdr_pa + 4096;
	for (uint32_t i = 0; i < VIRTIO_NET_RX_BUFS; i++)
		post_rx(d, i);
	virtio_ready(&d->dev);
	virtq_kick(&d->dev, &d->rx);
	return 0;
}

int virtio_net_link_up(const struct virtio_net *d)
{
	return !d->has_status ||
	       (virtio_cfg16(&d->dev, VIO_NET_CFG_STATUS) & VIO_NET_S_LINK_UP);
}

int virtio_net_send(struct virtio_net *d, uint32_t paddr, uint32_t len, uint32_t tag)
{
	struct virtq_buf b[2] = { { d->hdr_pa, HDR_LEN, 0 }, { paddr, len, 0 } };
	if (virtq_add(&d->tx, b, 2, tag) < 0)
		return -1;
	virtq_kick(&d->dev, &d->tx);
	return 0;
}

int virtio_net_send_split(struct virtio_net *d, uint32_t pa1, uint32_t len1,
			  uint32_t pa2, uint32_t len2, uint32_t tag)
{
	struct virtq_buf b[3] = { { d->hdr_pa, HDR_LEN, 0 }, { pa1, len1, 0 }, { pa2, len2, 0 } };
	if (virtq_add(&d->tx, b, len2 ? 3 : 2, tag) < 0)
		return -1;
	virtq_kick(&d->dev, &d->tx);
	return 0;
}

int virtio_net_sent(struct virtio_net *d, uint32_t *tag)
{
	uint32_t len;
	return virtq_get(&d->tx, tag, &len) >= 0;
}

unsigned virtio_net_receive(struct virtio_net *d, virtio_net_deliver_fn *deliver, void *ctx)
{
	uint32_t i, len;
	unsigned n = 0, reposted = 0;
	while (virtq_get(&d->rx, &i, &len) >= 0) {
		if (i >= VIRTIO_NET_RX_BUFS)
			continue;                   /* not ours: cannot happen */
		/* The used length counts header and frame as if contiguous. */
		if (len > HDR_LEN) {
			deliver(ctx, d->bufs + i * VIRTIO_NET_BUF_SIZE + FRAME_OFF, len - HDR_LEN);
			n++;
		}
		post_rx(d, i);
		reposted++;
	}
	if (reposted)
		virtq_kick(&d->dev, &d->rx);
	return n;
}

int virtio_net_ack_irq(struct virtio_net *d)
{
	return virtio_ack_irq(&d->dev);
}
