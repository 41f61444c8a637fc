/*
 * net.c - the VMI network calls natively: the transmit and receive rings
 * (vmi/netring.h) of each attached interface serviced on a legacy
 * virtio-pci NIC (drivers/virtio_net.c).
 *
 * At boot the PCI bus is scanned for virtio network functions (in
 * bus/slot order: the interfaces' numbers and names "eth0", "eth1", ...);
 * each gets its virtqueues and receive buffers from boot memory, posted at
 * once, and its PCI interrupt line opened at the PIC.  vmi_net_notify takes
 * transmit requests off the guest's ring in order, checks them and queues
 * them on the device by DMA from the guest's frame; the device's interrupt
 * takes completions and received frames.  A received frame is copied into
 * the oldest buffer the guest posted, or dropped and counted if there is
 * none: the driver's own buffers go straight back to the device, so the
 * NIC never waits for the guest.  Responses raise the interface's port
 * under the event-index rule.  Everything here runs with interrupts off.
 * Natively pfn == physical frame.
 */
#include "native.h"
#include "drivers/pci.h"
#include "drivers/uart16550.h"
#include "drivers/virtio_net.h"
#include "drivers/x86.h"
#include "lib/klib.h"

#define MAX_NICS 2
/* mmu_map_fixed slots (block.c uses 0..3): the two rings and a window
 * onto the receive buffer being filled. */
#define SLOT_TX(dev)     (16 + 3 * (dev))
#define SLOT_RX(dev)     (17 + 3 * (dev))
#define SLOT_COPY(dev)   (18 + 3 * (dev))

/* One ring's state, ours: what was taken and answered. */
struct side {
	struct vmi_net_ring *ring;          /* 0 until attached */
	uint32_t pfn;
	uint32_t req_cons, rsp_prod;
};

struct nic {
	struct virtio_net hw;
	struct side tx, rx;
	uint32_t port;
	struct vmi_net_stats st;
};

static struct nic nics[MAX_NICS];
static unsigned nr_nics;

void net_init(void)
{
	uint32_t bdf[MAX_NICS];
	unsigned n = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_NET_LEGACY, bdf, MAX_NICS);
	for (unsigned i = 0; i < n; i++) {
		struct nic *d = &nics[nr_nics];
		uint8_t *mem = boot_alloc(VIRTIO_NET_MEM_SIZE);
		if (virtio_net_init(&d->hw, bdf[i], mem, (uint32_t)mem - VMI_KERNEL_BASE) < 0) {
			native_log("native: unusable virtio network device skipped\n");
			continue;
		}
		d->st.magic = VMI_NET_STATS_MAGIC;
		d->st.version = VMI_NET_VERSION;
		uint8_t irq = d->hw.dev.irq;
		if (irq < 16 && irq != IRQ_PIT && irq != IRQ_COM1)
			pic_unmask(irq);
		nr_nics++;
	}
}

int net_owns_frame(uint32_t pfn)
{
	for (unsigned i = 0; i < nr_nics; i++)
		if (nics[i].tx.ring && (nics[i].tx.pfn == pfn || nics[i].rx.pfn == pfn))
			return 1;
	return 0;
}

static void respond(struct side *s, uint32_t id, int32_t status)
{
	struct vmi_net_response *r = &s->ring->ring[s->rsp_prod % VMI_NET_RING_SIZE].rsp;
	r->id = id;
	r->status = status;
	s->rsp_prod++;
}

/* Publish one ring's responses; 1 if the guest asked to hear of them. */
static int push(struct side *s)
{
	uint32_t old = s->ring->rsp_prod;
	if (old == s->rsp_prod)
		return 0;
	asm volatile("" : : : "memory");
	s->ring->rsp_prod = s->rsp_prod;
	asm volatile("lock; addl $0, (%%esp)" : : : "memory");  /* then read rsp_event */
	return VMI_NET_NEED_NOTIFY(s->ring->rsp_event, s->rsp_prod, old);
}

static void push_responses(struct nic *d)
{
	int tx = push(&d->tx), rx = push(&d->rx);
	if (tx || rx)
		evt_raise_device_port(d->port);
}

/* Requests produced and not yet taken, or -1 if req_prod is not sane. */
static int32_t waiting(const struct side *s)
{
	uint32_t n = s->ring->req_prod - s->req_cons;
	return n > VMI_NET_RING_SIZE ? -1 : (int32_t)n;
}

/* May a device read or write this frame?  Ordinary memory of the guest's:
 * no page table, no ring (they change under the backend's checks). */
static int io_frame_ok(uint32_t pfn)
{
	return mmu_frame_usable(pfn) && !mmu_frame_pinned(pfn) && !block_owns_frame(pfn) &&
	       !net_owns_frame(pfn);
}

/* Check a transmit request; 0 and the frame's physical address, or -VMI_E*. */
static int check_tx(const struct vmi_net_tx_request *q, uint32_t *paddr)
{
	if (q->flags || q->len < VMI_NET_ETH_HLEN || q->len > VIRTIO_NET_MAX_FRAME ||
	    (uint32_t)q->offset + q->len > VMI_PAGE_SIZE || !io_frame_ok(q->pfn))
		return -VMI_EINVAL;
	*paddr = (q->pfn << VMI_PAGE_SHIFT) + q->offset;
	return 0;
}

/* Take transmit requests while the device has room. */
static void take_tx(struct nic *d)
{
	struct side *s = &d->tx;
	while (waiting(s) > 0 && virtio_net_tx_room(&d->hw)) {
		asm volatile("" : : : "memory");
		struct vmi_net_tx_request q =
			*(volatile struct vmi_net_tx_request *)&s->ring->ring[s->req_cons % VMI_NET_RING_SIZE].tx;
		s->req_cons++;
		uint32_t pa;
		int r = check_tx(&q, &pa);
		if (r == 0 && virtio_net_send(&d->hw, pa, q.len, q.id) < 0)
			r = -VMI_EIO;               /* cannot happen: room was checked */
		if (r < 0) {
			respond(s, q.id, r);
			d->st.tx_errors++;
			continue;
		}
		d->st.tx_packets++;
		d->st.tx_bytes += q.len;
	}
	/* Notify me (vmi_net_notify) for anything past what was taken - unless
	 * the device still holds frames: its completion interrupt runs
	 * service(), which comes here again, so we are not idle (the ring's
	 * rule, vmi/netring.h). */
	if (virtq_room(&d->hw.tx) == d->hw.tx.size)
		s->ring->req_event = s->req_cons + 1;
}

/* Answer the refused receive buffers at the head of the ring; 1 if a good
 * one is left there to fill. */
static int rx_buffer_ready(struct nic *d)
{
	struct side *s = &d->rx;
	while (waiting(s) > 0) {
		asm volatile("" : : : "memory");
		const volatile struct vmi_net_rx_request *q = &s->ring->ring[s->req_cons % VMI_NET_RING_SIZE].rx;
		if (io_frame_ok(q->pfn))
			return 1;
		uint32_t id = q->id;
		s->req_cons++;
		respond(s, id, -VMI_EINVAL);
		d->st.rx_errors++;
	}
	/* Empty: tell me when buffers come (vmi_net_notify). */
	s->ring->req_event = s->req_cons + 1;
	return 0;
}

/* virtio_net_receive's delivery: into the oldest posted buffer, or dropped. */
static void deliver(void *ctx, const uint8_t *frame, uint32_t len)
{
	struct nic *d = ctx;
	if (len > VIRTIO_NET_MAX_FRAME) {
		d->st.rx_errors++;
		return;
	}
	if (!d->rx.ring || !rx_buffer_ready(d)) {
		d->st.rx_dropped++;
		return;
	}
	struct side *s = &d->rx;
	const volatile struct vmi_net_rx_request *q = &s->ring->ring[s->req_cons % VMI_NET_RING_SIZE].rx;
	uint32_t id = q->id;
	uint8_t *to = mmu_map_fixed(SLOT_COPY(d - nics), q->pfn);
	s->req_cons++;
	memcpy(to, frame, len);
	respond(s, id, (int32_t)len);
	d->st.rx_packets++;
	d->st.rx_bytes += len;
}

/* Completions and arrivals, then what the guest queued meanwhile. */
static void service(struct nic *d)
{
	uint32_t id;
	while (virtio_net_sent(&d->hw, &id))
		if (d->tx.ring)
			respond(&d->tx, id, VMI_NET_OK);
	virtio_net_receive(&d->hw, deliver, d);
	if (d->tx.ring) {
		take_tx(d);
		push_responses(d);
	}
}

/* From native_irq: nonzero if one of the NICs was interrupting. */
int net_irq(unsigned irq)
{
	int mine = 0;
	for (unsigned i = 0; i < nr_nics; i++) {
		struct nic *d = &nics[i];
		if (d->hw.dev.irq != irq || !virtio_net_ack_irq(&d->hw))
			continue;
		mine = 1;
		service(d);
	}
	return mine;
}

int vmi_net_count(void)
{
	return (int)nr_nics;
}

int vmi_net_info(uint32_t dev, struct vmi_net_info *out)
{
	if (dev >= nr_nics)
		return -VMI_ENOENT;
	struct vmi_net_info i = {
		.magic = VMI_NET_INFO_MAGIC,
		.version = VMI_NET_VERSION,
		.mtu = VIRTIO_NET_MTU,
		.flags = virtio_net_link_up(&nics[dev].hw) ? VMI_NET_INFO_LINK_UP : 0,
		.name = { 'e', 't', 'h', (char)('0' + dev), 0 },
	};
	memcpy(i.mac, nics[dev].hw.mac, sizeof i.mac);
	*out = i;
	return 0;
}

int vmi_net_stats(uint32_t dev, struct vmi_net_stats *out)
{
	if (dev >= nr_nics)
		return -VMI_ENOENT;
	uint32_t f = irq_save_native();
	*out = nics[dev].st;
	irq_restore_native(f);
	return 0;
}

/* A fresh ring of the guest's with this magic: version right, indexes 0? */
static int ring_fresh(const struct vmi_net_ring *r, uint32_t magic)
{
	return r->magic == magic && r->version == VMI_NET_VERSION && r->req_prod == 0 &&
	       r->req_event == 0 && r->rsp_prod == 0 && r->rsp_event == 0;
}

int vmi_net_attach(uint32_t dev, uint32_t tx_pfn, uint32_t rx_pfn)
{
	if (dev >= nr_nics)
		return -VMI_ENOENT;
	struct nic *d = &nics[dev];
	if (d->tx.ring)
		return -VMI_EBUSY;
	if (!io_frame_ok(tx_pfn) || !io_frame_ok(rx_pfn) || tx_pfn == rx_pfn)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	struct vmi_net_ring *tx = mmu_map_fixed(SLOT_TX(dev), tx_pfn);
	struct vmi_net_ring *rx = mmu_map_fixed(SLOT_RX(dev), rx_pfn);
	int p = -VMI_EINVAL;
	if (ring_fresh(tx, VMI_NET_TX_MAGIC) && ring_fresh(rx, VMI_NET_RX_MAGIC))
		p = evt_alloc_device_port();
	if (p > 0) {
		d->tx = (struct side){ .ring = tx, .pfn = tx_pfn };
		d->rx = (struct side){ .ring = rx, .pfn = rx_pfn };
		d->port = (uint32_t)p;
		tx->req_event = 1;
		rx->req_event = 1;
	}
	irq_restore_native(f);
	return p;
}

int vmi_net_notify(uint32_t dev)
{
	if (dev >= nr_nics)
		return -VMI_ENOENT;
	struct nic *d = &nics[dev];
	if (!d->tx.ring)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	/* An insane ring is ignored (waiting() < 0), the other one served. */
	int r = waiting(&d->tx) < 0 || waiting(&d->rx) < 0 ? -VMI_EINVAL : 0;
	rx_buffer_ready(d);                 /* answer refused buffers at once */
	service(d);                         /* what finished meanwhile, then new requests */
	irq_restore_native(f);
	evt_deliver_if_enabled();
	return r;
}
