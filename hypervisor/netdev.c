/*
 * netdev.c - the physical NIC the hypervisor drives for the VFR: the first
 * legacy virtio-pci network function, set up at boot with drivers/pci.c
 * and drivers/virtio_net.c - the native backend's driver, linked here
 * unchanged, given hypervisor heap pages for its queues and its receive
 * buffers (which it keeps posted: the NIC never waits for a domain).
 *
 * Transmit: a frame goes out as two DMA pieces, the header the VFR checked
 * from a hypervisor copy (one NET_HDR_COPY slot per frame in flight) and
 * the rest straight from the guest's frame, which is held (frame_io.c)
 * until the NIC has sent it: the guest may rewrite its frame meanwhile but
 * not the headers that were checked, and cannot give the frame away or
 * make it a page table.  Receive: every frame the interrupt finds goes to
 * the switch (netsw.c), which copies it into the posted buffers of the
 * VIFs it is for.  The PCI interrupt line is unmasked at the 8259.
 */
#include "net.h"
#include "mm.h"
#include "pc.h"
#include "drivers/pci.h"
#include "drivers/virtio_net.h"
#include "lib/klib.h"

#define MEM_PAGES  ((VIRTIO_NET_MEM_SIZE + VMI_PAGE_SIZE - 1) / VMI_PAGE_SIZE)
#define HDR_PAGES  ((NIC_TX_SLOTS * NET_HDR_COPY + VMI_PAGE_SIZE - 1) / VMI_PAGE_SIZE)

/* A frame at the NIC: whose, which request, which held frame. */
struct nic_slot {
	struct vif *vif;             /* NULL: its domain died meanwhile */
	uint32_t id, mfn, len;
	uint8_t used;
};

static struct {
	int present;
	struct virtio_net hw;
	uint8_t *hdr;                /* NIC_TX_SLOTS copies of NET_HDR_COPY bytes */
	struct nic_slot slot[NIC_TX_SLOTS];
	uint32_t in_flight;
} nic;

void net_init(void)
{
	uint32_t bdf;

	if (pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_NET_LEGACY, &bdf, 1) != 1)
		return;
	void *mem = heap_alloc_pages(MEM_PAGES);          /* contiguous, zeroed */
	nic.hdr = heap_alloc_pages(HDR_PAGES);
	if (!mem || !nic.hdr || virtio_net_init(&nic.hw, bdf, mem, HV_PA(mem)) < 0) {
		hv_log("net: unusable virtio network device %02x:%02x.%x skipped",
		       PCI_BDF_BUS(bdf), PCI_BDF_DEV(bdf), PCI_BDF_FN(bdf));
		if (mem)
			heap_free_pages(mem, MEM_PAGES);
		if (nic.hdr)
			heap_free_pages(nic.hdr, HDR_PAGES);
		return;
	}
	if (nic.hw.dev.irq < 16 && nic.hw.dev.irq != IRQ_PIT && nic.hw.dev.irq != IRQ_COM1)
		pic_unmask(nic.hw.dev.irq);
	nic.present = 1;
	hv_log("net: NIC %02x:%02x:%02x:%02x:%02x:%02x, IRQ %u", nic.hw.mac[0], nic.hw.mac[1],
	       nic.hw.mac[2], nic.hw.mac[3], nic.hw.mac[4], nic.hw.mac[5], nic.hw.dev.irq);
}

int nic_present(void)
{
	return nic.present;
}

int nic_link_up(void)
{
	return nic.present && virtio_net_link_up(&nic.hw);
}

unsigned nic_tx_room(void)
{
	if (!nic.present)
		return 0;
	unsigned room = virtio_net_tx_room_split(&nic.hw);
	unsigned slots = NIC_TX_SLOTS - nic.in_flight;
	return room < slots ? room : slots;
}

int nic_send(struct vif *v, uint32_t id, uint32_t mfn, const uint8_t *h, uint32_t hlen,
	     uint32_t rest_pa, uint32_t len)
{
	uint32_t s = 0;

	while (s < NIC_TX_SLOTS && nic.slot[s].used)
		s++;
	if (s == NIC_TX_SLOTS || mm_io_hold(v->dom, mfn))
		return -VMI_EIO;           /* callers checked room and frame */
	uint8_t *copy = nic.hdr + s * NET_HDR_COPY;
	memcpy(copy, h, hlen);
	if (virtio_net_send_split(&nic.hw, HV_PA(copy), hlen, rest_pa, len - hlen, s) < 0) {
		mm_io_release(mfn);
		return -VMI_EIO;
	}
	nic.slot[s] = (struct nic_slot){ .vif = v, .id = id, .mfn = mfn, .len = len, .used = 1 };
	nic.in_flight++;
	v->at_nic++;
	return 0;
}

void nic_forget_vif(struct vif *v)
{
	for (uint32_t s = 0; s < NIC_TX_SLOTS; s++)
		if (nic.slot[s].used && nic.slot[s].vif == v)
			nic.slot[s].vif = NULL;
}

static void deliver(void *ctx, const uint8_t *frame, uint32_t len)
{
	(void)ctx;
	netsw_from_nic(frame, len);
}

/* Completions (frames released, responses), arrivals, then whatever
 * waited for room at the NIC. */
static void service(void)
{
	uint32_t s;

	while (virtio_net_sent(&nic.hw, &s)) {
		if (s >= NIC_TX_SLOTS || !nic.slot[s].used)
			continue;                   /* not ours: cannot happen */
		struct nic_slot x = nic.slot[s];
		nic.slot[s].used = 0;
		nic.in_flight--;
		mm_io_release(x.mfn);
		if (x.vif) {
			x.vif->at_nic--;
			netsw_tx_done(x.vif, x.id, x.len, 1);
		}
	}
	virtio_net_receive(&nic.hw, deliver, NULL);
	netsw_run();
}

int net_irq(unsigned line)
{
	if (!nic.present || nic.hw.dev.irq != line || !virtio_net_ack_irq(&nic.hw))
		return 0;
	service();
	return 1;
}
