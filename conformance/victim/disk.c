/*
 * victim/disk - the victim of the block attacks (hostile/blk_*): a domain
 * that uses its own VBD of the disk the attacker uses too.
 *
 * Each of ROUNDS rounds writes a pattern of its own (seeded by the round)
 * over every sector of its vda, in requests of up to 11 segments, then a
 * barrier, then reads the whole device back and checks every byte and
 * the CRC-32 of the lot against the one computed before writing, yielding
 * between rounds so attackers run meanwhile.  An attack that reached its
 * sectors, its frames or its ring turns a round's check false.
 */
#include "../calls/blk.h"

const char test_title[] = "victim: data on its own VBD beside a block attacker";

#define ROUNDS 4
#define MAX_SECTORS 1024u
#define PAGES (MAX_SECTORS / 8)

static uint32_t frames[PAGES];

static uint8_t pattern(uint32_t round, uint32_t sector, uint32_t i)
{
	return (uint8_t)((sector * 131 + i * 7 + round * 29 + (i >> 5)) & 0xFF);
}

static uint32_t crc32_update(uint32_t c, const uint8_t *p, uint32_t n)
{
	c = ~c;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

/* Every page, in requests of up to 11 segments of op, up to a ring's
 * worth outstanding; the number of responses that were not a success. */
static uint32_t transfer(struct blk *b, uint8_t op, uint32_t pages)
{
	uint32_t nreq = (pages + VMI_BLK_MAX_SEGMENTS - 1) / VMI_BLK_MAX_SEGMENTS;
	uint32_t sent = 0, done = 0, bad = 0;

	while (done < nreq) {
		while (sent < nreq && sent - done < VMI_BLK_RING_SIZE) {
			uint32_t first = sent * VMI_BLK_MAX_SEGMENTS;
			uint32_t n = pages - first < VMI_BLK_MAX_SEGMENTS ? pages - first :
				     VMI_BLK_MAX_SEGMENTS;
			struct vmi_blk_request *q = blk_next(b, sent, op, (uint64_t)first * 8);
			for (uint32_t i = 0; i < n; i++)
				blk_seg(q, frames[first + i], 0, 7);
			sent++;
		}
		blk_push(b);
		struct vmi_blk_response r = blk_take(b);
		bad += r.status != 0 || r.op != op || r.id >= nreq;
		done++;
	}
	return bad;
}

void test_main(void)
{
	struct blk b;
	struct vmi_blk_info info;

	if (!blk_present())
		return;
	CHECK(blk_open(&b, 0) > 0);
	CHECK_RET(vmi_blk_info(0, &info), 0);
	uint32_t pages = (uint32_t)(info.sectors < MAX_SECTORS ? info.sectors : MAX_SECTORS) / 8;
	for (uint32_t i = 0; i < pages; i++)
		frames[i] = frame_alloc();
	for (uint32_t round = 0; round < ROUNDS; round++) {
		uint32_t crc = 0, crc_back = 0, wrong = 0;
		for (uint32_t p = 0; p < pages; p++) {
			uint8_t *v = pfn_to_va(frames[p]);
			for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
				v[i] = pattern(round, p * 8 + i / 512, i % 512);
			crc = crc32_update(crc, v, VMI_PAGE_SIZE);
		}
		CHECK_EQ(transfer(&b, VMI_BLK_OP_WRITE, pages), 0);
		CHECK_RET(blk_sync(&b, VMI_BLK_OP_BARRIER, 0, 0, 0, 0), 0);
		for (uint32_t p = 0; p < pages; p++)
			memset(pfn_to_va(frames[p]), 0xA5, VMI_PAGE_SIZE);
		vmi_sched_yield();
		CHECK_EQ(transfer(&b, VMI_BLK_OP_READ, pages), 0);
		for (uint32_t p = 0; p < pages; p++) {
			const uint8_t *v = pfn_to_va(frames[p]);
			for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
				wrong += v[i] != pattern(round, p * 8 + i / 512, i % 512);
			crc_back = crc32_update(crc_back, v, VMI_PAGE_SIZE);
		}
		CHECK_EQ(wrong, 0);
		CHECK_EQ(crc_back, crc);
		vmi_sched_yield();
	}
}
