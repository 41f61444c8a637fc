/*
 * blk_errors - block requests the backend must refuse, each with its own
 * response: -VMI_EINVAL for a bad opcode, 0 or more than
 * VMI_BLK_MAX_SEGMENTS segments, a barrier with segments, a segment with
 * first_sect > last_sect or last_sect >= 8, a frame that is not the
 * guest's, and sector ranges past the end of the device (while the last
 * sectors themselves work); -VMI_EROFS for a write to the read-only vdb,
 * which reads (its known contents) and takes barriers.  A refused request
 * leaves the ring usable.
 */
#include "blk.h"

const char test_title[] = "block devices: bad requests, read-only device";

static int one(struct blk *b, uint8_t op, uint64_t sector, uint32_t nseg,
	       uint32_t pfn, uint8_t first, uint8_t last)
{
	struct vmi_blk_request *q = blk_next(b, 77, op, sector);
	for (uint32_t i = 0; i < nseg; i++)
		blk_seg(q, pfn, first, last);
	q->nr_segments = (uint8_t)nseg;
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	return r.id == 77 && r.op == op ? r.status : -9999;
}

void test_main(void)
{
	struct blk a, v;

	if (!blk_present())
		return;
	CHECK(blk_open(&a, 0) > 0);
	uint32_t buf = frame_alloc();
	const uint32_t end = BLK_VDA_SECTORS;

	CHECK_RET(one(&a, 7, 0, 1, buf, 0, 7), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, 0, buf, 0, 7), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, VMI_BLK_MAX_SEGMENTS + 1, buf, 0, 0), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_BARRIER, 0, 1, buf, 0, 7), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, 1, buf, 5, 4), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, 1, buf, 0, 8), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_WRITE, 0, 1, test_bi->nr_pages, 0, 7), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, 1, 0xFFFFFu, 0, 7), -VMI_EINVAL);
	/* Ranges: the last 8 sectors work, one more does not. */
	CHECK_RET(one(&a, VMI_BLK_OP_WRITE, end - 8, 1, buf, 0, 7), 0);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, end - 8, 1, buf, 0, 7), 0);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, end - 7, 1, buf, 0, 7), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_WRITE, end, 1, buf, 0, 0), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0xFFFFFFFFFFFFFFFFull, 1, buf, 0, 0), -VMI_EINVAL);
	CHECK_RET(one(&a, VMI_BLK_OP_READ, 0, 2, buf, 0, 7), 0);     /* twice the same frame */

	/* The read-only device. */
	CHECK(blk_open(&v, 1) > 0);
	CHECK_RET(one(&v, VMI_BLK_OP_WRITE, 0, 1, buf, 0, 0), -VMI_EROFS);
	CHECK_RET(one(&v, VMI_BLK_OP_BARRIER, 0, 0, 0, 0, 0), 0);
	CHECK_RET(one(&v, VMI_BLK_OP_READ, 3, 1, buf, 0, 0), 0);
	const uint8_t *p = pfn_to_va(buf);
	int ok = 1;
	for (uint32_t i = 0; i < 512; i++)
		ok &= p[i] == blk_vdb_byte(3, i);
	CHECK(ok);
	CHECK_RET(one(&v, VMI_BLK_OP_READ, BLK_VDB_SECTORS - 1, 1, buf, 0, 1), -VMI_EINVAL);
}
