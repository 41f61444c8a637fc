/*
 * hostile/blk_ring - attack: a corrupted block ring; containment: errors,
 * one response per request taken, a log line, and a ring that works again
 * once it is consistent - never a hypervisor crash or hang.
 *
 * Run beside victim/checksum; the attacker gets the scratch disks.
 * Attach: ring frames beyond memory or pinned as a page table, a ring
 * whose indexes are not zero.  Indexes: req_prod a thousand ahead of what
 * was taken, then behind it - notify answers -VMI_EINVAL and takes
 * nothing; set right again, the ring works.  Ids: two requests with the
 * same id at once - one succeeds, the other gets -VMI_EINVAL (a guest
 * could not tell their responses apart).  Garbage: every slot filled with
 * pseudo-random bytes (reads turned into an invalid opcode, so the device
 * never writes the attacker's own memory at random) - exactly one response
 * per slot, each status a success or -VMI_EINVAL / -VMI_EROFS.  Its own
 * event index (req_event is the backend's) scribbled on changes nothing.
 */
#include "../calls/blk.h"

const char test_title[] = "a corrupted block ring is answered with errors";

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void attach_errors(void)
{
	uint32_t pfn;
	struct vmi_blk_ring *r = blk_new_ring(&pfn);

	CHECK_RET(vmi_blk_attach(0, test_bi->nr_pages), -VMI_EINVAL);
	CHECK_RET(vmi_blk_attach(0, 0xFFFFFFFFu), -VMI_EINVAL);
	CHECK_RET(vmi_blk_attach(0, test_bi->pt_base_pfn), -VMI_EINVAL);
	r->req_prod = 5;
	CHECK_RET(vmi_blk_attach(0, pfn), -VMI_EINVAL);
	r->req_prod = 0;
	r->rsp_event = 0xFFFFFFFFu;
	CHECK_RET(vmi_blk_attach(0, pfn), -VMI_EINVAL);
}

static int read_one(struct blk *b, uint32_t id)
{
	blk_seg(blk_next(b, id, VMI_BLK_OP_READ, 0), frame_alloc(), 0, 7);
	blk_push(b);
	struct vmi_blk_response r = blk_take(b);
	return r.id == id ? r.status : -9999;
}

static void indexes(struct blk *b)
{
	uint32_t cons = b->ring->req_prod;

	b->ring->req_prod = cons + 1000;
	CHECK_RET(vmi_blk_notify(0), -VMI_EINVAL);
	CHECK_RET(vmi_blk_notify(0), -VMI_EINVAL);
	b->ring->req_prod = cons - 1;
	CHECK_RET(vmi_blk_notify(0), -VMI_EINVAL);
	b->ring->req_prod = cons + VMI_BLK_RING_SIZE + 1;
	CHECK_RET(vmi_blk_notify(0), -VMI_EINVAL);
	b->ring->req_prod = cons;
	CHECK_RET(vmi_blk_notify(0), 0);
	CHECK_EQ(b->ring->rsp_prod, b->rsp_cons);       /* nothing was taken */
	CHECK_RET(read_one(b, 1), 0);
}

static void reused_ids(struct blk *b)
{
	int32_t s[2];

	blk_seg(blk_next(b, 42, VMI_BLK_OP_READ, 8), frame_alloc(), 0, 7);
	blk_seg(blk_next(b, 42, VMI_BLK_OP_READ, 16), frame_alloc(), 0, 7);
	blk_push(b);
	s[0] = blk_take(b).status;
	s[1] = blk_take(b).status;
	CHECK((s[0] == 0 && s[1] == -VMI_EINVAL) || (s[1] == 0 && s[0] == -VMI_EINVAL));
	CHECK_RET(read_one(b, 42), 0);                  /* answered: free again */
}

static void garbage(struct blk *b)
{
	uint32_t n = VMI_BLK_RING_SIZE, bad = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct vmi_blk_request *q = blk_next(b, 0, 0, 0);
		uint32_t *w = (uint32_t *)q;
		for (uint32_t k = 0; k < sizeof *q / 4; k++)
			w[k] = rnd();
		if (q->op == VMI_BLK_OP_READ)
			q->op = 0x55;
	}
	b->ring->req_event = rnd();
	blk_push(b);
	CHECK_RET(vmi_blk_notify(0), 0);
	for (uint32_t i = 0; i < n; i++) {
		int32_t st = blk_take(b).status;
		bad += st != 0 && st != -VMI_EINVAL && st != -VMI_EROFS;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(b->ring->rsp_prod, b->rsp_cons);
}

void test_main(void)
{
	struct blk b;

	if (!blk_present())
		return;
	attach_errors();
	CHECK(blk_open(&b, 0) > 0);
	indexes(&b);
	reused_ids(&b);
	garbage(&b);
	CHECK_RET(read_one(&b, 7), 0);
}
