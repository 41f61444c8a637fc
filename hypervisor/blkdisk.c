/*
 * blkdisk.c - the physical disks the hypervisor drives for virtual block
 * devices: legacy virtio-pci block functions, found and set up at boot
 * with drivers/pci.c and drivers/virtio_blk.c - the native backend's
 * driver, linked here unchanged, given hypervisor heap pages (their direct
 * map address and their machine address) for its virtqueue.
 *
 * Disks are numbered in PCI bus/slot order (the order QEMU's -device
 * options give), the numbers the vbd= option uses.  Each disk's PCI
 * interrupt line is unmasked at the 8259; the interrupt (traps.c, with
 * interrupts off like all hypervisor code) takes the completed device
 * requests to the elevator and the rings, then lets every ring of the
 * disk take requests that waited for room, and starts the next batch.
 */
#include "blk.h"
#include "mm.h"
#include "pc.h"
#include "drivers/pci.h"

struct blk_disk blk_disks[BLK_MAX_DISKS];
uint32_t blk_nr_disks;

#define MEM_PAGES ((VIRTIO_BLK_MEM_SIZE + VMI_PAGE_SIZE - 1) / VMI_PAGE_SIZE)

void blk_init(void)
{
	uint32_t bdf[BLK_MAX_DISKS];
	unsigned n = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_BLK_LEGACY, bdf, BLK_MAX_DISKS);

	for (unsigned i = 0; i < n; i++) {
		struct blk_disk *k = &blk_disks[blk_nr_disks];
		void *mem = heap_alloc_pages(MEM_PAGES);     /* contiguous, zeroed */
		if (!mem || virtio_blk_init(&k->hw, bdf[i], mem, HV_PA(mem)) < 0) {
			hv_log("blk: unusable virtio block device %02x:%02x.%x skipped",
			       PCI_BDF_BUS(bdf[i]), PCI_BDF_DEV(bdf[i]), PCI_BDF_FN(bdf[i]));
			if (mem)
				heap_free_pages(mem, MEM_PAGES);
			continue;
		}
		if (k->hw.dev.irq < 16 && k->hw.dev.irq != IRQ_PIT && k->hw.dev.irq != IRQ_COM1)
			pic_unmask(k->hw.dev.irq);
		hv_log("blk: disk %u: %u sectors%s%s, IRQ %u", blk_nr_disks,
		       (uint32_t)k->hw.capacity, k->hw.read_only ? ", read-only" : "",
		       k->hw.can_flush && !k->hw.read_only ? ", write cache (flushed at barriers)" : "",
		       k->hw.dev.irq);
		blk_nr_disks++;
	}
}

static void complete(struct blk_disk *k)
{
	uint32_t tag;
	uint8_t st;

	while (virtio_blk_complete(&k->hw, &tag, &st))
		elevator_io_done(k, tag, st == VIRTIO_BLK_S_OK);
	for (uint32_t i = k->nr_rings; i-- > 0;)   /* a dead ring may go */
		ring_after_completions(k->rings[i]);
	elevator_run(k);
}

int blk_irq(unsigned line)
{
	int mine = 0;

	for (uint32_t i = 0; i < blk_nr_disks; i++) {
		struct blk_disk *k = &blk_disks[i];
		if (k->hw.dev.irq != line || !virtio_blk_ack_irq(&k->hw))
			continue;
		mine = 1;
		complete(k);
	}
	return mine;
}
