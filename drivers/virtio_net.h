/*
 * virtio_net.h - a legacy (transitional) virtio-pci network device
 * (virtio_net.c): PCI vendor 0x1af4, device 0x1000, on the transport of
 * virtio.h; queue 0 receives, queue 1 transmits.
 *
 * No offloads and no merged receive buffers are negotiated, so every frame
 * is preceded by the 10-byte legacy virtio_net_hdr, all zero.  Frames to
 * send are physical buffers of the caller's (sent by DMA, completions
 * polled with their tags).  Received frames land in receive buffers of the
 * driver's own, in the memory the caller gave, which it keeps posted: the
 * device never waits for the caller, and the caller copies each frame out
 * (or drops it) in virtio_net_receive.  Not reentrant: callers serialise
 * (interrupts off).
 */
#ifndef DRIVERS_VIRTIO_NET_H
#define DRIVERS_VIRTIO_NET_H

#include <stdint.h>
#include "virtio.h"

#define VIRTIO_PCI_NET_LEGACY 0x1000

#define VIRTIO_NET_MTU        1500        /* no VIRTIO_NET_F_MTU: Ethernet's */
#define VIRTIO_NET_MAX_FRAME  (VIRTIO_NET_MTU + 14)
#define VIRTIO_NET_RX_BUFS    32          /* receive buffers kept posted */
#define VIRTIO_NET_BUF_SIZE   2048        /* header at 0, frame at 16 */
/* Memory virtio_net_init needs: both virtqueues, a page for the transmit
 * header, the receive buffers; page-aligned. */
#define VIRTIO_NET_MEM_SIZE   (2 * VIRTQ_MEM_SIZE + 4096 + \
			       VIRTIO_NET_RX_BUFS * VIRTIO_NET_BUF_SIZE)

/* The legacy header before every frame (virtio 1.0, 5.1.6). */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

struct virtio_net {
	struct virtio_dev dev;       /* the transport: PCI function, port, IRQ line */
	struct virtq rx, tx;         /* queues 0 and 1 */
	uint8_t mac[6];              /* from the device configuration */
	uint8_t has_status;          /* VIRTIO_NET_F_STATUS: the link state is known */
	uint8_t *bufs;               /* receive buffers, CPU address */
	uint32_t bufs_pa;            /* and physical */
	uint32_t hdr_pa;             /* the zero header of every frame sent */
};

/* What virtio_net_receive hands each received frame to. */
typedef void virtio_net_deliver_fn(void *ctx, const uint8_t *frame, uint32_t len);

/*
 * Reset and set up the device at PCI function bdf with mem
 * (VIRTIO_NET_MEM_SIZE bytes, zeroed, page-aligned, physically contiguous
 * at mem_pa); the receive buffers are posted.  0 on success, -1 if the
 * function is not a usable legacy virtio network device (no MAC address).
 */
int virtio_net_init(struct virtio_net *d, uint32_t bdf, void *mem, uint32_t mem_pa);

/* 1 if the link is up (always, when the device does not report it). */
int virtio_net_link_up(const struct virtio_net *d);

/* Queue one frame of len bytes at physical paddr for sending; tag comes
 * back from virtio_net_sent.  0 if queued, -1 if the queue is full. */
int virtio_net_send(struct virtio_net *d, uint32_t paddr, uint32_t len, uint32_t tag);

/* The same for a frame in two pieces (len2 may be 0: one piece): the
 * hypervisor sends the header it checked from its own copy and the rest
 * straight from the guest's frame. */
int virtio_net_send_split(struct virtio_net *d, uint32_t pa1, uint32_t len1,
			  uint32_t pa2, uint32_t len2, uint32_t tag);

/* Frames that virtio_net_send_split can queue now, whatever their split. */
static inline unsigned virtio_net_tx_room_split(const struct virtio_net *d)
{
	return virtq_room(&d->tx) / 3;
}

/* Frames that virtio_net_send can queue now. */
static inline unsigned virtio_net_tx_room(const struct virtio_net *d)
{
	return virtq_room(&d->tx) / 2;
}

/* Take one sent frame: 1 with its *tag, or 0 if none is done. */
int virtio_net_sent(struct virtio_net *d, uint32_t *tag);

/*
 * Hand every frame received so far to deliver (frame points into the
 * driver's buffer, valid during the call), then post the buffers again.
 * Returns the number of frames.
 */
unsigned virtio_net_receive(struct virtio_net *d, virtio_net_deliver_fn *deliver, void *ctx);

/* Read (and so acknowledge) the ISR: nonzero if this device interrupted. */
int virtio_net_ack_irq(struct virtio_net *d);

#endif /* DRIVERS_VIRTIO_NET_H */
