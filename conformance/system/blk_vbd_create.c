/*
 * system/blk_vbd_create - dom0 gives a domain it creates a virtual block
 * device of two extents of a disk, and checks where the domain's writes
 * landed on the disk.
 *
 * dom0 (vbd=1: only the read-only disk, so disk 0 is free) creates a
 * domain from its own image with "vbd=0:512+64:1024+32" in the options -
 * what `vmctl create ... disk=512+64,1024+32` sends.  The child (role=disk)
 * finds one device of 96 sectors, writes a pattern of its own over all of
 * it, reads it back, is refused the control calls (-VMI_EPERM), waits for
 * dom0's go (one byte of console input, sent once dom0 has checked the
 * sharing rules against its extents) and powers off with status 7.  Meanwhile dom0 sees the VBD with vmi_vbd_info and is
 * refused what the sharing rule forbids: sectors of the child's writable
 * extents even read-only, extents past the disk's end; a disjoint extent
 * it may take and give back.  After the child's end its extents are free:
 * dom0 attaches disk 0 whole (read-only) to itself, reads every sector and
 * finds the pattern exactly in the two extents, at the translated places,
 * and zeros everywhere else (the runner's disk starts zeroed).  Waits loop
 * on yield, never on time.
 */
#include "../calls/blk.h"

const char test_title[] = "blk_vbd_create: a created domain's disk extents, written and checked by dom0";

#define STATUS_CHILD 7
#define EXT0_START 512u
#define EXT0_COUNT 64u
#define EXT1_START 1024u
#define EXT1_COUNT 32u
#define SECTORS (EXT0_COUNT + EXT1_COUNT)

/* Byte i of the child's virtual sector v. */
static uint8_t pattern(uint32_t v, uint32_t i)
{
	return (uint8_t)((v * 13 + i * 3 + 0x5A) & 0xFF);
}

/* ---- the created domain ---- */

/* Hold the VBD until dom0 has checked the sharing rules against it: dom0
 * says so with one byte of console input.  Without this the child could
 * finish and release its extents before dom0 looked, whenever it happened
 * to be scheduled first. */
static void wait_for_go(void)
{
	char go;

	while (vmi_console_read(&go, 1) <= 0)
		vmi_sched_yield();
}

static void child(void)
{
	struct vmi_blk_info info;
	struct vmi_vbd v = { .disk = 0, .nr_extents = 1, .ext = { { 0, 2048 } } };
	struct blk b;
	uint32_t w = frame_alloc(), r = frame_alloc(), bad = 0;
	uint8_t *wp = pfn_to_va(w);
	const uint8_t *rp = pfn_to_va(r);

	CHECK_RET(vmi_blk_count(), 1);
	CHECK_RET(vmi_blk_info(0, &info), 0);
	CHECK_EQ(info.sectors, SECTORS);
	CHECK_EQ(info.flags & VMI_BLK_INFO_RO, 0);
	CHECK_GT(blk_open(&b, 0), 0);
	for (uint32_t s = 0; s < SECTORS; s += 8) {
		for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
			wp[i] = pattern(s + i / 512, i % 512);
		if (blk_sync(&b, VMI_BLK_OP_WRITE, s, w, 0, 7) ||
		    blk_sync(&b, VMI_BLK_OP_READ, s, r, 0, 7) || memcmp(wp, rp, VMI_PAGE_SIZE))
			bad++;
	}
	CHECK_EQ(blk_sync(&b, VMI_BLK_OP_BARRIER, 0, 0, 0, 0), 0);
	CHECK_EQ(bad, 0);
	CHECK_EQ(blk_sync(&b, VMI_BLK_OP_READ, SECTORS, r, 0, 0), -VMI_EINVAL);
	CHECK_RET(vmi_vbd_attach(0, &v), -VMI_EPERM);
	CHECK_RET(vmi_vbd_info(0, 0, &v), -VMI_EPERM);
	printf("child: %u sectors written and read back, %u bad\n", SECTORS, bad);
	wait_for_go();
	vmi_shutdown(VMI_SHUTDOWN_POWEROFF, STATUS_CHILD);
}

/* ---- dom0 ---- */

static char out[4096];

/* Does id's console output so far hold needle? */
static int console_has(uint32_t id, const char *needle)
{
	uint32_t off = 0;
	unsigned len = 0;
	int n;

	while (len < sizeof out - 1 &&
	       (n = vmi_dom_console_read(id, &off, out + len, sizeof out - 1 - len)) > 0)
		len += (unsigned)n;
	return memmem(out, len, needle, strlen(needle)) != NULL;
}

static struct vmi_vbd one(uint32_t flags, uint64_t start, uint64_t count)
{
	return (struct vmi_vbd){ .disk = 0, .flags = flags, .nr_extents = 1,
				 .ext = { { start, count } } };
}

/* While the child holds its extents. */
static void rules(uint32_t id)
{
	struct vmi_vbd v;

	CHECK_RET(vmi_vbd_info(id, 0, &v), 0);
	CHECK_EQ(v.flags & VMI_VBD_RO, 0);
	CHECK_EQ(v.nr_extents, 2);
	CHECK(v.ext[0].start == EXT0_START && v.ext[0].count == EXT0_COUNT);
	CHECK(v.ext[1].start == EXT1_START && v.ext[1].count == EXT1_COUNT);
	CHECK_RET(vmi_vbd_info(id, 1, &v), -VMI_ENOENT);
	v = one(VMI_VBD_RO, EXT1_START + 8, 1);
	CHECK_RET(vmi_vbd_attach(0, &v), -VMI_EBUSY);        /* even read-only */
	v = one(0, 0, 2048);
	CHECK_RET(vmi_vbd_attach(0, &v), -VMI_EBUSY);
	v = one(0, 2040, 16);
	CHECK_RET(vmi_vbd_attach(id, &v), -VMI_EINVAL);     /* past the end */
	v = one(0, 0, EXT0_START);                          /* disjoint: fine */
	CHECK_RET(vmi_vbd_attach(0, &v), 1);
	CHECK_RET(vmi_vbd_detach(0, 1), 0);
}

/* The disk sector s as the child's writes should have left it. */
static uint8_t expected(uint32_t s, uint32_t i)
{
	if (s >= EXT0_START && s < EXT0_START + EXT0_COUNT)
		return pattern(s - EXT0_START, i);
	if (s >= EXT1_START && s < EXT1_START + EXT1_COUNT)
		return pattern(EXT0_COUNT + s - EXT1_START, i);
	return 0;
}

/* Disk 0 whole, read-only, as dom0's vdb: every sector checked. */
static void check_disk(void)
{
	struct vmi_vbd v = one(VMI_VBD_RO, 0, BLK_VDA_SECTORS);
	struct blk b;
	uint32_t r = frame_alloc(), bad_in = 0, bad_out = 0, failed = 0;
	const uint8_t *rp = pfn_to_va(r);

	CHECK_RET(vmi_vbd_attach(0, &v), 1);
	CHECK_GT(blk_open(&b, 1), 0);
	for (uint32_t s = 0; s < BLK_VDA_SECTORS; s += 8) {
		failed += blk_sync(&b, VMI_BLK_OP_READ, s, r, 0, 7) != 0;
		for (uint32_t k = 0; k < 8; k++) {
			int inside = expected(s + k, 1) != 0;
			for (uint32_t i = 0; i < 512; i++)
				if (rp[k * 512 + i] != expected(s + k, i)) {
					bad_in += inside;
					bad_out += !inside;
					break;
				}
		}
	}
	CHECK_EQ(failed, 0);
	CHECK_EQ(bad_in, 0);           /* the extents hold the child's data */
	CHECK_EQ(bad_out, 0);          /* nothing else was touched */
}

static void dom0(void)
{
	const struct vmi_module *m = &test_bi->modules[0];
	struct vmi_dom_create q = { .image = (const void *)(VMI_KERNEL_BASE + m->paddr),
		.image_len = m->len, .options = "name=disky mem=8 role=disk vbd=0:512+64:1024+32" };
	struct vmi_dom_info info;
	int id;

	CHECK_EQ(test_bi->nr_modules, 1);
	CHECK_RET(vmi_blk_count(), 1);                       /* disk 1 only */
	id = vmi_dom_create(&q);
	CHECK_GT(id, 0);
	if (id <= 0)
		return;
	rules((uint32_t)id);
	CHECK_RET(vmi_dom_console_write((uint32_t)id, "g", 1), 1);   /* the child may end */
	while (vmi_dom_info((uint32_t)id, &info) == id && info.state != VMI_DOM_DEAD)
		vmi_sched_yield();
	CHECK_EQ(info.state, VMI_DOM_DEAD);
	CHECK_EQ(info.exit_code, STATUS_CHILD);
	CHECK(console_has((uint32_t)id, "child: 96 sectors written and read back, 0 bad"));
	CHECK(console_has((uint32_t)id, "Test result: SUCCESS") == 0);  /* it powered off */
	CHECK_RET(vmi_vbd_info((uint32_t)id, 0, &(struct vmi_vbd){ 0 }), -VMI_ESRCH);
	check_disk();
}

void test_main(void)
{
	if (test_has_word("role=disk"))
		child();
	else
		dom0();
}
