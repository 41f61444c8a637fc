/*
 * hostile/blk_extents - attack: block requests for sectors outside the
 * domain's virtual block device, on a disk another domain uses too;
 * containment: -VMI_EINVAL for every range that leaves the VBD, -VMI_EROFS
 * for writes to a read-only one, and the disk victim's sectors intact.
 *
 * blk_extents.domains: the attacker's vda is disk 0's sectors 0-511 and
 * 1536-2047 (1024 sectors), victim/disk has 512-1535 between them; domains
 * asking for sectors 1000-1007 as well (two VBDs may share sectors only
 * read-only), for sectors past the disk's end, for a disk that does not
 * exist or with a malformed option are rejected.  The attacker checks: the sizes it sees;
 * ranges past its end (one sector past, straddling the end, 2^64 - 8
 * wrapping round, 2^63); its last sector works; a request crossing from
 * its first extent into its second is split (it reads back what it wrote,
 * and what lies in disk sectors 1536 on is what it wrote there: read as
 * its virtual sector 512); it fills its whole VBD with 0xEE while the
 * victim runs, which the victim's rounds must not see; writes to vdb
 * (the read-only disk) are -VMI_EROFS.
 */
#include "../calls/blk.h"

const char test_title[] = "block requests outside the domain's virtual block device";

static int req(struct blk *b, uint8_t op, uint64_t sector, uint32_t nseg, uint32_t pfn)
{
	struct vmi_blk_request *q = blk_next(b, 5, op, sector);
	for (uint32_t i = 0; i < nseg; i++)
		blk_seg(q, pfn, 0, 7);
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	return r.id == 5 && r.op == op ? r.status : -9999;
}

static void fill(uint32_t pfn, uint8_t seed)
{
	uint8_t *p = pfn_to_va(pfn);
	for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
		p[i] = (uint8_t)(seed + i * 3);
}

static void outside(struct blk *b, uint32_t buf)
{
	CHECK_RET(req(b, VMI_BLK_OP_READ, 1024, 1, buf), -VMI_EINVAL);
	CHECK_RET(req(b, VMI_BLK_OP_WRITE, 1024, 1, buf), -VMI_EINVAL);
	CHECK_RET(req(b, VMI_BLK_OP_WRITE, 1020, 1, buf), -VMI_EINVAL);
	CHECK_RET(req(b, VMI_BLK_OP_WRITE, 0xFFFFFFFFFFFFFFF8ull, 2, buf), -VMI_EINVAL);
	CHECK_RET(req(b, VMI_BLK_OP_READ, 0x8000000000000000ull, 1, buf), -VMI_EINVAL);
	CHECK_RET(req(b, VMI_BLK_OP_WRITE, 1016, 1, buf), 0);   /* its last page */
}

/* Virtual 508-515: physical 508-511 then 1536-1539. */
static void across_extents(struct blk *b)
{
	uint32_t w = frame_alloc(), w2 = frame_alloc(), r = frame_alloc(), r2 = frame_alloc();

	fill(w, 1);
	fill(w2, 2);
	CHECK_RET(req(b, VMI_BLK_OP_WRITE, 504, 1, w), 0);
	struct vmi_blk_request *q = blk_next(b, 6, VMI_BLK_OP_WRITE, 508);
	blk_seg(q, w2, 0, 7);
	blk_push(b);
	CHECK_RET(blk_take(b).status, 0);
	q = blk_next(b, 7, VMI_BLK_OP_READ, 504);
	blk_seg(q, r, 0, 7);
	blk_seg(q, r2, 0, 3);
	blk_push(b);
	CHECK_RET(blk_take(b).status, 0);
	CHECK(memcmp(pfn_to_va(r), pfn_to_va(w), 2048) == 0);
	CHECK(memcmp((uint8_t *)pfn_to_va(r) + 2048, pfn_to_va(w2), 2048) == 0);
	CHECK(memcmp(pfn_to_va(r2), (uint8_t *)pfn_to_va(w2) + 2048, 2048) == 0);
	/* Virtual 512 is disk sector 1536, which the split wrote. */
	CHECK_RET(req(b, VMI_BLK_OP_READ, 512, 1, r), 0);
	CHECK(memcmp(pfn_to_va(r), (uint8_t *)pfn_to_va(w2) + 2048, 2048) == 0);
}

/* Every sector of its VBD, while the victim works on the sectors between. */
static void overwrite_all(struct blk *b)
{
	uint32_t f = frame_alloc();

	memset(pfn_to_va(f), 0xEE, VMI_PAGE_SIZE);
	uint32_t bad = 0;
	for (uint32_t s = 0; s < 1024; s += 8) {
		bad += req(b, VMI_BLK_OP_WRITE, s, 1, f) != 0;
		if (s % 256 == 0)
			vmi_sched_yield();
	}
	CHECK_EQ(bad, 0);
}

void test_main(void)
{
	struct blk a, v;
	struct vmi_blk_info info;
	uint32_t buf = frame_alloc();

	if (!blk_present())
		return;
	CHECK_RET(vmi_blk_count(), 2);
	CHECK_RET(vmi_blk_info(0, &info), 0);
	CHECK_EQ(info.sectors, 1024);
	CHECK_EQ(info.flags & VMI_BLK_INFO_RO, 0);
	CHECK_RET(vmi_blk_info(1, &info), 0);
	CHECK_EQ(info.sectors, BLK_VDB_SECTORS);
	CHECK_EQ(info.flags & VMI_BLK_INFO_RO, VMI_BLK_INFO_RO);
	CHECK(blk_open(&a, 0) > 0);
	outside(&a, buf);
	across_extents(&a);
	overwrite_all(&a);
	CHECK(blk_open(&v, 1) > 0);
	CHECK_RET(req(&v, VMI_BLK_OP_WRITE, 0, 1, buf), -VMI_EROFS);
	CHECK_RET(req(&v, VMI_BLK_OP_READ, 0, 1, buf), 0);
	CHECK_EQ(((uint8_t *)pfn_to_va(buf))[1], blk_vdb_byte(0, 1));
}
