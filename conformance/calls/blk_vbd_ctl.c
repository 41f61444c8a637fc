/*
 * blk_vbd_ctl - the control group's virtual block device calls (ABI 1.7):
 * vbd_attach, vbd_detach, vbd_info.
 *
 * Without VMI_FEAT_CONTROL (natively) all three are -VMI_ENOSYS.  With it
 * (pvhv, where this test is the only domain, so the privileged one, and
 * holds the runner's two scratch disks whole: vda writable, vdb read-only)
 * it gives devices to itself: the sharing rule (a writable extent overlaps
 * nothing; read-only ones may share), the disk's bounds, the limits on
 * extents and devices, holes left by a detach (the other devices keep
 * their numbers; the next attach fills the hole; blk_count drops only
 * with the highest), a device made of two extents that reads and writes
 * at the translated places, and a device in use (a ring attached) that
 * cannot be detached.  Where the sectors land on the disk as a whole is
 * system/blk_vbd_create's question.  Which case ran goes to an env: line
 * only, so the transcripts match.
 */
#include "blk.h"

const char test_title[] = "blk_vbd_ctl: give, describe and take back virtual block devices";

static unsigned errors;

#define EXPECT(cond) do { if (!(cond)) { errors++; \
	test_env("failed: %s (line %d)", #cond, __LINE__); } } while (0)

#define BAD_VA 0xFC400000u

static void without(void)
{
	struct vmi_vbd v = { .nr_extents = 1, .ext = { { 0, 8 } } };

	EXPECT(vmi_vbd_attach(0, &v) == -VMI_ENOSYS);
	EXPECT(vmi_vbd_detach(0, 0) == -VMI_ENOSYS);
	EXPECT(vmi_vbd_info(0, 0, &v) == -VMI_ENOSYS);
}

/* A request for n extents of disk (start, count pairs). */
static struct vmi_vbd spec(uint32_t disk, uint32_t flags, uint32_t n, const uint64_t *ext)
{
	struct vmi_vbd v = { .disk = disk, .flags = flags, .nr_extents = n };

	for (uint32_t i = 0; i < n && i < VMI_VBD_MAX_EXTENTS; i++)
		v.ext[i] = (struct vmi_vbd_extent){ ext[2 * i], ext[2 * i + 1] };
	return v;
}

/* What the runner gave: vda = disk 0 whole, writable; vdb = disk 1, ro. */
static void boot_devices(void)
{
	struct vmi_vbd v;

	memset(&v, 0xAA, sizeof v);
	EXPECT(vmi_vbd_info(0, 0, &v) == 0);
	EXPECT(v.disk == 0 && v.flags == 0 && v.nr_extents == 1 && v.reserved == 0);
	EXPECT(v.disk_sectors == BLK_VDA_SECTORS);
	EXPECT(v.ext[0].start == 0 && v.ext[0].count == BLK_VDA_SECTORS);
	EXPECT(v.ext[1].start == 0 && v.ext[1].count == 0);
	EXPECT(vmi_vbd_info(0, 1, &v) == 0);
	EXPECT(v.disk == 1 && v.flags == VMI_VBD_RO && v.disk_sectors == BLK_VDB_SECTORS);
	EXPECT(vmi_vbd_info(0, 2, &v) == -VMI_ENOENT);
	EXPECT(vmi_vbd_info(0, 0, (struct vmi_vbd *)BAD_VA) == -VMI_EFAULT);
	EXPECT(vmi_vbd_info(5, 0, &v) == -VMI_ESRCH);
	EXPECT(vmi_blk_count() == 2);
}

static void bad_requests(void)
{
	static const uint64_t one[] = { 0, 8 }, past[] = { 60, 8 }, wrap[] = { ~0ull, 2 },
		empty[] = { 0, 0 }, nine[18] = { 0 };
	struct vmi_vbd v = spec(1, VMI_VBD_RO, 1, one);

	EXPECT(vmi_vbd_attach(5, &v) == -VMI_ESRCH);
	EXPECT(vmi_vbd_attach(0xFFFFFFFFu, &v) == -VMI_ESRCH);
	EXPECT(vmi_vbd_attach(0, (const struct vmi_vbd *)BAD_VA) == -VMI_EFAULT);
	EXPECT(vmi_vbd_attach(0, 0) == -VMI_EFAULT);
	v = spec(7, VMI_VBD_RO, 1, one);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_ENOENT);
	v = spec(1, VMI_VBD_RO | 4, 1, one);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	v = spec(1, VMI_VBD_RO, 0, one);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	v = spec(1, VMI_VBD_RO, 9, nine);
	v.nr_extents = 9;
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	v = spec(1, VMI_VBD_RO, 1, empty);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	v = spec(1, VMI_VBD_RO, 1, past);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	v = spec(1, VMI_VBD_RO, 1, wrap);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EINVAL);
	/* vda holds disk 0 whole and may write: nothing may overlap it. */
	v = spec(0, VMI_VBD_RO, 1, one);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EBUSY);
	v = spec(0, 0, 1, one);
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EBUSY);
	EXPECT(vmi_blk_count() == 2);
}

/* Read-only sharing, the device limit, holes and their filling. */
static void sharing_and_holes(void)
{
	static const uint64_t low[] = { 0, 8 }, two[] = { 8, 8, 32, 16 };
	struct vmi_vbd v = spec(1, VMI_VBD_RO, 1, low), got;
	struct vmi_blk_info bi;

	EXPECT(vmi_vbd_attach(0, &v) == 2);              /* shares vdb's sectors */
	v = spec(1, 0, 2, two);                          /* the disk is read-only */
	EXPECT(vmi_vbd_attach(0, &v) == 3);
	EXPECT(vmi_vbd_info(0, 3, &got) == 0 && got.flags == VMI_VBD_RO && got.nr_extents == 2);
	EXPECT(got.ext[1].start == 32 && got.ext[1].count == 16);
	EXPECT(vmi_blk_count() == 4);
	EXPECT(vmi_blk_info(3, &bi) == 0 && bi.sectors == 24 && (bi.flags & VMI_BLK_INFO_RO));
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_ENOSPC);    /* vda..vdd */

	EXPECT(vmi_vbd_detach(0, 2) == 0);
	EXPECT(vmi_vbd_detach(0, 2) == -VMI_ENOENT);
	EXPECT(vmi_vbd_detach(0, 4) == -VMI_ENOENT);
	EXPECT(vmi_vbd_detach(5, 0) == -VMI_ESRCH);
	EXPECT(vmi_blk_count() == 4);                    /* vdd keeps its number */
	EXPECT(vmi_blk_info(2, &bi) == -VMI_ENOENT);
	EXPECT(vmi_blk_attach(2, frame_alloc()) == -VMI_ENOENT);
	EXPECT(vmi_blk_info(3, &bi) == 0 && bi.sectors == 24 && bi.name[2] == 'd');
	v = spec(1, VMI_VBD_RO, 1, low);
	EXPECT(vmi_vbd_attach(0, &v) == 2);              /* fills the hole */
	EXPECT(vmi_vbd_detach(0, 3) == 0);
	EXPECT(vmi_blk_count() == 3);
	EXPECT(vmi_vbd_detach(0, 2) == 0);
	EXPECT(vmi_blk_count() == 2);
}

/* vdc = two extents of vdb's read-only disk, read through a ring: its
 * virtual sector s is disk sector 40 + s for s < 4, then 10 + (s - 4);
 * attached, it is in use and stays. */
static void translated_reads(void)
{
	static const uint64_t two[] = { 40, 4, 10, 4 };
	struct vmi_vbd v = spec(1, VMI_VBD_RO, 2, two);
	struct blk b;
	uint32_t pfn = frame_alloc();
	const uint8_t *p = pfn_to_va(pfn);
	int ok = 1;

	EXPECT(vmi_vbd_attach(0, &v) == 2);
	EXPECT(blk_open(&b, 2) > 0);
	EXPECT(blk_sync(&b, VMI_BLK_OP_READ, 0, pfn, 0, 7) == 0);
	for (uint32_t s = 0; s < 8; s++)
		for (uint32_t i = 0; i < 512; i++)
			ok &= p[s * 512 + i] == blk_vdb_byte(s < 4 ? 40 + s : 10 + s - 4, i);
	EXPECT(ok);
	EXPECT(blk_sync(&b, VMI_BLK_OP_READ, 1, pfn, 0, 7) == -VMI_EINVAL);  /* past its end */
	EXPECT(vmi_vbd_info(0, 2, &v) == 0 && v.flags == (VMI_VBD_RO | VMI_VBD_IN_USE));
	EXPECT(vmi_vbd_detach(0, 2) == -VMI_EBUSY);
	EXPECT(vmi_blk_count() == 3);
}

/* vda given back (unused, so it may go) and taken again as two writable
 * extents; a read-only view may lie beside them, not inside.  The write
 * reads back through vda itself (no other view of those sectors may exist
 * while it is writable): which disk sectors it reached is checked by
 * system/blk_vbd_create, after the writer's end frees them. */
static void writable_extents(void)
{
	static const uint64_t two[] = { 100, 4, 20, 4 };
	struct vmi_vbd v = spec(0, 0, 2, two);
	struct blk b;
	uint32_t w = frame_alloc(), r = frame_alloc();
	uint8_t *wp = pfn_to_va(w);
	const uint8_t *rp = pfn_to_va(r);

	EXPECT(vmi_vbd_detach(0, 0) == 0);             /* not in use yet */
	EXPECT(vmi_blk_count() == 3);
	EXPECT(vmi_vbd_attach(0, &v) == 0);
	v = spec(0, VMI_VBD_RO, 1, (const uint64_t[]){ 22, 1 });
	EXPECT(vmi_vbd_attach(0, &v) == -VMI_EBUSY);   /* inside a writable one */
	v = spec(0, VMI_VBD_RO, 1, (const uint64_t[]){ 0, 20 });
	EXPECT(vmi_vbd_attach(0, &v) == 3);            /* beside it: fine */
	EXPECT(blk_open(&b, 0) > 0);
	for (uint32_t i = 0; i < VMI_PAGE_SIZE; i++)
		wp[i] = (uint8_t)(i * 7 + 1);
	EXPECT(blk_sync(&b, VMI_BLK_OP_WRITE, 0, w, 0, 7) == 0);
	EXPECT(blk_sync(&b, VMI_BLK_OP_READ, 0, r, 0, 7) == 0);
	EXPECT(!memcmp(wp, rp, VMI_PAGE_SIZE));
	EXPECT(vmi_vbd_detach(0, 0) == -VMI_EBUSY);
}

void test_main(void)
{
	int have = (vmi_features() & VMI_FEAT_CONTROL) != 0;

	test_env("control group %s", have ? "present" : "absent (ENOSYS)");
	if (have) {
		boot_devices();
		bad_requests();
		sharing_and_holes();
		translated_reads();
		writable_extents();
	} else {
		without();
	}
	CHECK_EQ(errors, 0);
}
