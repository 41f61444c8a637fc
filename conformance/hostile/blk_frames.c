/*
 * hostile/blk_frames - attack: block requests naming frames the domain may
 * not hand to a device; containment: each such request answered
 * -VMI_EINVAL, nothing transferred, the hypervisor and the victim intact.
 *
 * Run beside victim/checksum; with no vbd= option the attacker (the
 * privileged domain) gets the runner's scratch disks as vda and vdb.
 * Frames named: beyond the domain's memory (nr_pages, 0x7FFFFFFF,
 * 0xFFFFFFFF); a pinned page table (the boot L2, and an L1 pinned here),
 * for a read (the device would write a validated table) and a write; the
 * ring page itself.  Frame numbers are pseudo-physical: a hypervisor
 * machine frame's number (0x100, the hypervisor's image at 1 MiB) names the
 * domain's own frame, which is what a write from it puts on the disk.
 * The ring page cannot be pinned while attached (-VMI_EBUSY: it is held),
 * a frame whose I/O has completed can (its hold was released), and one
 * frame named by eight requests at once is released by all eight.  A bad
 * request among good ones in one batch fails alone.
 */
#include "../calls/blk.h"

const char test_title[] = "block requests naming frames that are not the domain's to give";

static int one(struct blk *b, uint8_t op, uint64_t sector, uint32_t pfn)
{
	blk_seg(blk_next(b, 9, op, sector), pfn, 0, 7);
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	return r.id == 9 && r.op == op ? r.status : -9999;
}

/* Pin pfn as an (empty) L1, its direct-map alias made read-only first as
 * VMI requires; unpin restores the alias. */
static int pin_l1(uint32_t pfn)
{
	memset(pfn_to_va(pfn), 0, VMI_PAGE_SIZE);
	CHECK_RET(pt_set_alias_writable(pfn, 0), 0);
	return vmi_pt_pin(pfn, 1);
}

static int unpin(uint32_t pfn)
{
	int rc = vmi_pt_unpin(pfn);
	CHECK_RET(pt_set_alias_writable(pfn, 1), 0);
	return rc;
}

static int same(const void *a, const void *b, uint32_t n)
{
	return memcmp(a, b, n) == 0;
}

static void beyond_memory(struct blk *b)
{
	CHECK_RET(one(b, VMI_BLK_OP_READ, 0, test_bi->nr_pages), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_WRITE, 0, test_bi->nr_pages), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_READ, 0, 0x7FFFFFFFu), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_READ, 0, 0xFFFFFFFFu), -VMI_EINVAL);
}

static void page_tables(struct blk *b)
{
	uint32_t l1 = frame_alloc();

	CHECK_RET(one(b, VMI_BLK_OP_READ, 0, test_bi->pt_base_pfn), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_WRITE, 0, test_bi->pt_base_pfn), -VMI_EINVAL);
	CHECK_RET(pin_l1(l1), 0);
	CHECK_RET(one(b, VMI_BLK_OP_READ, 8, l1), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_WRITE, 8, l1), -VMI_EINVAL);
	CHECK_RET(unpin(l1), 0);
	/* Unpinned it is an ordinary frame again: I/O works, then it pins. */
	CHECK_RET(one(b, VMI_BLK_OP_READ, 8, l1), 0);
	CHECK_RET(pin_l1(l1), 0);
	CHECK_RET(unpin(l1), 0);
}

static void ring_page(struct blk *b, uint32_t ring_pfn)
{
	CHECK_RET(one(b, VMI_BLK_OP_READ, 0, ring_pfn), -VMI_EINVAL);
	CHECK_RET(one(b, VMI_BLK_OP_WRITE, 0, ring_pfn), -VMI_EINVAL);
	/* Held while attached: not even a read-only alias lets it be pinned. */
	CHECK_RET(pt_set_alias_writable(ring_pfn, 0), 0);
	CHECK_RET(vmi_pt_pin(ring_pfn, 1), -VMI_EBUSY);
	CHECK_RET(pt_set_alias_writable(ring_pfn, 1), 0);
}

/* pfn 0x100 is the domain's own (its image), whatever machine frame 0x100 is. */
static void hv_frame_numbers(struct blk *b)
{
	uint32_t rd = frame_alloc();

	CHECK_RET(one(b, VMI_BLK_OP_WRITE, 32, 0x100), 0);
	CHECK_RET(one(b, VMI_BLK_OP_READ, 32, rd), 0);
	CHECK(same(pfn_to_va(rd), pfn_to_va(0x100), VMI_PAGE_SIZE));
}

/* Eight reads into one frame at once, then it can be pinned: every hold
 * was released. */
static void shared_frame(struct blk *b)
{
	uint32_t f = frame_alloc(), ok = 0;

	for (uint32_t i = 0; i < 8; i++)
		blk_seg(blk_next(b, 100 + i, VMI_BLK_OP_READ, 64 + i), f, 0, 7);
	blk_push(b);
	for (uint32_t i = 0; i < 8; i++)
		ok += blk_take(b).status == 0;
	CHECK_EQ(ok, 8);
	CHECK_RET(pin_l1(f), 0);
	CHECK_RET(unpin(f), 0);
}

/* good, bad, good in one batch: only the bad one fails. */
static void mixed_batch(struct blk *b)
{
	uint32_t f = frame_alloc();
	int32_t status[3] = { 1, 1, 1 };

	blk_seg(blk_next(b, 200, VMI_BLK_OP_WRITE, 128), f, 0, 7);
	blk_seg(blk_next(b, 201, VMI_BLK_OP_READ, 128), test_bi->pt_base_pfn, 0, 7);
	blk_seg(blk_next(b, 202, VMI_BLK_OP_READ, 128), f, 0, 7);
	blk_push(b);
	for (uint32_t i = 0; i < 3; i++) {
		struct vmi_blk_response r = blk_take(b);
		if (r.id >= 200 && r.id <= 202)
			status[r.id - 200] = r.status;
	}
	CHECK_RET(status[0], 0);
	CHECK_RET(status[1], -VMI_EINVAL);
	CHECK_RET(status[2], 0);
}

void test_main(void)
{
	struct blk b;
	uint32_t ring_pfn;

	if (!blk_present())
		return;
	CHECK(blk_open(&b, 0) > 0);
	ring_pfn = (uint32_t)(((uintptr_t)b.ring - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT);
	beyond_memory(&b);
	page_tables(&b);
	ring_page(&b, ring_pfn);
	hv_frame_numbers(&b);
	shared_frame(&b);
	mixed_batch(&b);
	/* The ring still works. */
	CHECK_RET(one(&b, VMI_BLK_OP_READ, 0, frame_alloc()), 0);
}
