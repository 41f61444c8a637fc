/*
 * hostile/blk_flood - attack: flood the disk with requests, and die with a
 * full ring of requests in flight; containment: the domains beside it
 * (victim/disk on the same disk, victim/checksum) finish with their data
 * and checksums intact, and the hypervisor neither crashes nor hangs.
 *
 * blk_flood.domains gives each domain its own part of disk 0.  role=flood:
 * ROUNDS times, fill the ring with 11-segment reads and writes (alternate
 * rounds), notify, and notify NOTIFIES more times for nothing; then take
 * every response (each must succeed, one per request).  The hypervisor
 * takes at most a ring's worth per notify and serves the disk's rings
 * round-robin, so the victim's requests keep going.  role=die: fill the
 * ring with reads of 11 frames each, notify and get killed at once (an
 * unhandled #UD): the requests complete into nowhere, their frames are
 * freed only then (frame_io.c).
 * role=novbd (a domain given no VBD): VMI_FEAT_BLOCK is clear, and the
 * hypercall itself, made raw, answers -VMI_ENOSYS to every operation - it
 * reaches none of the others' devices.
 */
#include "../calls/blk.h"
#include "raw_hypercall.h"

const char test_title[] = "a block request flood beside a victim on the same disk";

#define ROUNDS 40
#define NOTIFIES 200
#define BUFS VMI_BLK_MAX_SEGMENTS

static uint32_t buf[BUFS];

/* A ring's worth of 11-segment requests, pushed (blk_push notifies if
 * the hypervisor asked for it, and says nothing unless that fails). */
static void push_ring(struct blk *b, uint8_t op, uint32_t sectors)
{
	for (uint32_t i = 0; i < VMI_BLK_RING_SIZE; i++) {
		uint64_t sector = (uint64_t)(i * 88) % (sectors - 88);
		struct vmi_blk_request *q = blk_next(b, i, op, sector);
		for (uint32_t k = 0; k < BUFS; k++)
			blk_seg(q, buf[k], 0, 7);
	}
	blk_push(b);
}

static void fill_ring(struct blk *b, uint8_t op, uint32_t sectors)
{
	push_ring(b, op, sectors);
	CHECK_RET(vmi_blk_notify(b->dev), 0);
}

static void flood(struct blk *b, uint32_t sectors)
{
	uint32_t bad = 0, got = 0;

	for (uint32_t round = 0; round < ROUNDS; round++) {
		fill_ring(b, round & 1 ? VMI_BLK_OP_WRITE : VMI_BLK_OP_READ, sectors);
		for (uint32_t n = 0; n < NOTIFIES; n++)
			bad += vmi_blk_notify(b->dev) != 0;
		for (uint32_t i = 0; i < VMI_BLK_RING_SIZE; i++) {
			struct vmi_blk_response r = blk_take(b);
			bad += r.status != 0 || r.id >= VMI_BLK_RING_SIZE;
			got++;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(got, ROUNDS * VMI_BLK_RING_SIZE);
}

/* A full ring at the device, then killed at once (an unhandled #UD): the
 * hypervisor ends the domain with its requests in flight (whether a
 * completion slips in before the kill depends on the disk; both must be
 * safe, and the log says which). */
static void die_in_flight(struct blk *b, uint32_t sectors)
{
	const struct vmi_trap_entry remove = { 6, 0, (uint16_t)test_bi->kernel_cs, 0 };

	CHECK_RET(vmi_set_trap_table(&remove, 1), 0);
	push_ring(b, VMI_BLK_OP_READ, sectors);
	asm volatile("ud2");
	test_fail(__FILE__, __LINE__, "still running after an unhandled #UD");
}

static void no_vbd(void)
{
	uint32_t pfn;

	blk_new_ring(&pfn);
	CHECK_EQ(vmi_features() & VMI_FEAT_BLOCK, 0);
	CHECK_RET(hc(HC_BLKIF_OP, BLKOP_COUNT, 0, 0), -VMI_ENOSYS);
	CHECK_RET(hc(HC_BLKIF_OP, BLKOP_INFO, 0, (uint32_t)frame_alloc()), -VMI_ENOSYS);
	CHECK_RET(hc(HC_BLKIF_OP, BLKOP_ATTACH, 0, pfn), -VMI_ENOSYS);
	CHECK_RET(hc(HC_BLKIF_OP, BLKOP_NOTIFY, 0, 0), -VMI_ENOSYS);
	CHECK_RET(hc(HC_BLKIF_OP, 99, 1, 2), -VMI_ENOSYS);
}

void test_main(void)
{
	struct blk b;
	struct vmi_blk_info info;

	if (test_has_word("role=novbd")) {
		no_vbd();
		return;
	}
	if (!blk_present())
		return;
	CHECK(blk_open(&b, 0) > 0);
	CHECK_RET(vmi_blk_info(0, &info), 0);
	for (uint32_t k = 0; k < BUFS; k++)
		buf[k] = frame_alloc();
	if (test_has_word("role=die")) {
		die_in_flight(&b, (uint32_t)info.sectors);
		return;
	}
	flood(&b, (uint32_t)info.sectors);
}
