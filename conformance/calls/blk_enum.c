/*
 * blk_enum - block devices: vmi_blk_count and vmi_blk_info.
 *
 * The runner attaches two disks (blk.h): vda writable, vdb read-only.
 * Checks: the count; each device's magic, version, size in 512-byte
 * sectors, sector size, read-only flag and stable name; the same answers a
 * second time; a device number past the count is -VMI_ENOENT.  Without
 * VMI_FEAT_BLOCK every block call must answer -VMI_ENOSYS (then SKIP).
 */
#include "blk.h"

const char test_title[] = "block devices: enumeration";

static int name_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void test_main(void)
{
	struct vmi_blk_info a, b;

	if (!blk_present())
		return;
	CHECK_RET(vmi_blk_count(), 2);

	CHECK_RET(vmi_blk_info(0, &a), 0);
	CHECK_EQ(a.magic, VMI_BLK_INFO_MAGIC);
	CHECK_EQ(a.version, VMI_BLK_VERSION);
	CHECK_EQ(a.sectors, BLK_VDA_SECTORS);
	CHECK_EQ(a.sector_size, VMI_BLK_SECTOR_SIZE);
	CHECK_EQ(a.flags & VMI_BLK_INFO_RO, 0);
	CHECK(name_is(a.name, "vda"));

	CHECK_RET(vmi_blk_info(1, &b), 0);
	CHECK_EQ(b.magic, VMI_BLK_INFO_MAGIC);
	CHECK_EQ(b.sectors, BLK_VDB_SECTORS);
	CHECK_EQ(b.sector_size, VMI_BLK_SECTOR_SIZE);
	CHECK_EQ(b.flags & VMI_BLK_INFO_RO, VMI_BLK_INFO_RO);
	CHECK(name_is(b.name, "vdb"));

	/* Stable: asking again gives the same description. */
	CHECK_RET(vmi_blk_info(0, &b), 0);
	CHECK(name_is(b.name, a.name) && b.sectors == a.sectors && b.flags == a.flags);

	CHECK_RET(vmi_blk_info(2, &b), -VMI_ENOENT);
	CHECK_RET(vmi_blk_info(0xFFFFFFFFu, &b), -VMI_ENOENT);
}
