/*
 * system/ramdisk_too_big - a ramdisk that cannot fit in its domain's boot
 * map is refused with a logged reason ("domain N (big) rejected: ramdisk of
 * ... does not fit"), and the domain module after it still boots - without
 * a boot module: a ramdisk belongs only to the domain module before it.
 * Run with ramdisk_too_big.domains (a 4 MiB domain given the BusyBox
 * initramfs, several MiB).
 */
#include "../runtime/test.h"

const char test_title[] = "an oversized ramdisk is refused, the next domain runs on";

void test_main(void)
{
	CHECK_EQ(test_bi->magic, VMI_BOOT_INFO_MAGIC);
	CHECK_EQ(test_bi->nr_modules, 0);
}
