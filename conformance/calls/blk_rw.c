/*
 * blk_rw - block I/O on the VMI ring: vmi_blk_attach and vmi_blk_notify.
 *
 * Checks: attach errors (no such device -VMI_ENOENT, a ring without its
 * magic -VMI_EINVAL, a second ring -VMI_EBUSY) and notify errors (no such
 * device, no ring); a written page reads back; a request of
 * VMI_BLK_MAX_SEGMENTS segments, partial frames among them, reads back what
 * one of different segments wrote; eight requests pushed at once each get
 * exactly one response with their id, in whatever order they complete;
 * write - barrier - write - barrier to the same sector: each barrier's
 * response comes after the write before it and before the write after it,
 * and the second write is what remains; the ring's port was raised; the
 * response slots carry the request's opcode.
 */
#include "blk.h"

const char test_title[] = "block devices: ring I/O, segments, completion order, barriers";

static void fill(uint32_t pfn, uint32_t seed)
{
	uint8_t *p = pfn_to_va(pfn);
	for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
		p[i] = (uint8_t)(seed * 7 + i * 13 + (i >> 8));
}

static int same(const void *a, const void *b, uint32_t n)
{
	const uint8_t *x = a, *y = b;
	for (uint32_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

static void attach_errors(void)
{
	uint32_t pfn;
	struct vmi_blk_ring *r = blk_new_ring(&pfn);

	CHECK_RET(vmi_blk_attach(7, pfn), -VMI_ENOENT);
	r->magic = 0;
	CHECK_RET(vmi_blk_attach(0, pfn), -VMI_EINVAL);
	CHECK_RET(vmi_blk_notify(7), -VMI_ENOENT);
	CHECK_RET(vmi_blk_notify(0), -VMI_EINVAL);     /* nothing attached yet */
}

static void one_page(struct blk *b)
{
	uint32_t w = frame_alloc(), rd = frame_alloc();
	fill(w, 1);
	CHECK_RET(blk_sync(b, VMI_BLK_OP_WRITE, 16, w, 0, 7), 0);
	CHECK_RET(blk_sync(b, VMI_BLK_OP_READ, 16, rd, 0, 7), 0);
	CHECK(same(pfn_to_va(w), pfn_to_va(rd), VMI_PAGE_SIZE));
	/* Part of a frame: sectors 2..5 of rd from device sectors 17..20. */
	uint8_t *p = pfn_to_va(rd);
	for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
		p[i] = 0xEE;
	CHECK_RET(blk_sync(b, VMI_BLK_OP_READ, 17, rd, 2, 5), 0);
	CHECK(same(p + 2 * 512, (uint8_t *)pfn_to_va(w) + 512, 4 * 512));
	CHECK(p[0] == 0xEE && p[2 * 512 - 1] == 0xEE && p[6 * 512] == 0xEE &&
	      p[VMI_PAGE_SIZE - 1] == 0xEE);
}

/* Write 11 segments of 1..8 sectors, read them back as 11 other ones. */
static void multi_segment(struct blk *b)
{
	enum { N = VMI_BLK_MAX_SEGMENTS };
	uint32_t src[N], dst[N], total = 0;
	uint8_t len[N];
	struct vmi_blk_request *q = blk_next(b, 50, VMI_BLK_OP_WRITE, 200);
	for (uint32_t i = 0; i < N; i++) {
		src[i] = frame_alloc();
		fill(src[i], 100 + i);
		len[i] = (uint8_t)(1 + (i * 5) % 8);     /* sectors 1..8 */
		uint8_t first = (uint8_t)(8 - len[i]) / 2;
		blk_seg(q, src[i], first, (uint8_t)(first + len[i] - 1));
		total += len[i];
	}
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	CHECK_EQ(r.id, 50);
	CHECK_EQ(r.op, VMI_BLK_OP_WRITE);
	CHECK_RET(r.status, 0);

	/* Read the same sectors back into 11 whole frames, 8 sectors each
	 * but the last. */
	q = blk_next(b, 51, VMI_BLK_OP_READ, 200);
	uint32_t left = total;
	for (uint32_t i = 0; i < N && left; i++) {
		dst[i] = frame_alloc();
		uint32_t n = left < 8 ? left : 8;
		blk_seg(q, dst[i], 0, (uint8_t)(n - 1));
		left -= n;
	}
	blk_push(b);
	r = blk_take(b);
	CHECK_EQ(r.id, 51);
	CHECK_EQ(r.op, VMI_BLK_OP_READ);
	CHECK_RET(r.status, 0);
	/* Compare sector by sector. */
	int ok = 1;
	uint32_t k = 0;
	for (uint32_t i = 0; i < N; i++) {
		uint8_t first = (uint8_t)(8 - len[i]) / 2;
		for (uint32_t s = 0; s < len[i]; s++, k++) {
			const uint8_t *want = (uint8_t *)pfn_to_va(src[i]) + (first + s) * 512;
			const uint8_t *got = (uint8_t *)pfn_to_va(dst[k / 8]) + (k % 8) * 512;
			ok &= same(want, got, 512);
		}
	}
	CHECK(ok);
	CHECK_EQ(k, total);
}

/* Eight reads at once: one response each, matched by id, any order. */
static void out_of_order(struct blk *b)
{
	enum { N = 8 };
	uint32_t buf[N], seen = 0, dup = 0, bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		buf[i] = frame_alloc();
		struct vmi_blk_request *q = blk_next(b, 1000 + i, VMI_BLK_OP_READ, 200 + 8 * (i % 4));
		blk_seg(q, buf[i], 0, 7);
	}
	blk_push(b);
	for (uint32_t i = 0; i < N; i++) {
		struct vmi_blk_response r = blk_take(b);
		uint32_t k = r.id - 1000;
		if (k >= N || r.status != 0 || r.op != VMI_BLK_OP_READ)
			bad++;
		else if (seen & (1u << k))
			dup++;
		else
			seen |= 1u << k;
	}
	CHECK_EQ(seen, (1u << N) - 1);
	CHECK_EQ(dup, 0);
	CHECK_EQ(bad, 0);
	CHECK(same(pfn_to_va(buf[0]), pfn_to_va(buf[4]), VMI_PAGE_SIZE));
	CHECK_EQ(b->ring->rsp_prod, b->rsp_cons);
}

/* write A, barrier, write B, barrier on one sector: ordered responses, B stays. */
static void barriers(struct blk *b)
{
	uint32_t a = frame_alloc(), bb = frame_alloc(), rd = frame_alloc();
	fill(a, 7);
	fill(bb, 8);
	blk_seg(blk_next(b, 1, VMI_BLK_OP_WRITE, 400), a, 0, 7);
	blk_next(b, 2, VMI_BLK_OP_BARRIER, 0);
	blk_seg(blk_next(b, 3, VMI_BLK_OP_WRITE, 400), bb, 0, 7);
	blk_next(b, 4, VMI_BLK_OP_BARRIER, 0);
	blk_push(b);
	uint32_t pos[5] = { 0 };
	int ok = 1;
	for (uint32_t i = 1; i <= 4; i++) {
		struct vmi_blk_response r = blk_take(b);
		if (r.id < 1 || r.id > 4 || r.status != 0 || pos[r.id])
			ok = 0;
		else
			pos[r.id] = i;
	}
	CHECK(ok);
	CHECK(pos[1] < pos[2]);
	CHECK(pos[2] < pos[3]);
	CHECK(pos[3] < pos[4]);
	CHECK_RET(blk_sync(b, VMI_BLK_OP_READ, 400, rd, 0, 7), 0);
	CHECK(same(pfn_to_va(rd), pfn_to_va(bb), VMI_PAGE_SIZE));
}

void test_main(void)
{
	struct blk b;
	uint32_t pfn;

	if (!blk_present())
		return;
	attach_errors();
	int port = blk_open(&b, 0);
	CHECK(port > 0 && port < VMI_NR_PORTS);
	blk_new_ring(&pfn);
	CHECK_RET(vmi_blk_attach(0, pfn), -VMI_EBUSY);

	one_page(&b);
	multi_segment(&b);
	out_of_order(&b);
	barriers(&b);
	CHECK_GT(blk_events, 0);
}
