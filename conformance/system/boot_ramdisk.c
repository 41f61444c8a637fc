/*
 * system/boot_ramdisk - a ramdisk given at boot reaches the guest as its one
 * boot module, the same way on both backends: natively QEMU's multiboot
 * loader places it, on pvhv the domain builder copies the "initrd" module
 * that follows the guest image into the domain.  This is how the guest
 * kernel finds its initramfs.
 *
 * The runner boots this test with boot_ramdisk.initrd (600 lines
 * "ramdisk line NNNN\n", 10800 bytes: three pages, so page crossings are
 * covered) as the ramdisk.  Checked: one module, page-aligned, wholly
 * below first_free_pfn (the frame allocator never hands it out) and inside
 * the initial direct map, every byte as in the file, and the module's
 * string carries the "initrd" option.  Addresses go to env: lines only.
 */
#include "../runtime/test.h"

const char test_title[] = "boot: the ramdisk arrives as the boot module";

#define LINES     600u
#define LINE_LEN  18u               /* "ramdisk line 0000\n" */

/* Compare the module with the lines the file holds; the first bad line. */
static uint32_t first_bad_line(const char *p, uint32_t len)
{
	char want[LINE_LEN + 1];

	for (uint32_t i = 0; i < LINES; i++) {
		if ((i + 1) * LINE_LEN > len)
			return i;
		snprintf(want, sizeof want, "ramdisk line %04u\n", i);
		if (memcmp(p + i * LINE_LEN, want, LINE_LEN) != 0)
			return i;
	}
	return LINES;
}

/* Is the module string NUL-terminated inside its field and does it hold
 * the word "initrd"?  (klib has no strstr.) */
static int has_initrd_word(const char *s, uint32_t max)
{
	uint32_t start = 0;

	for (uint32_t i = 0; i < max; i++) {
		if (s[i] != ' ' && s[i] != 0)
			continue;
		if (i - start == 6 && memcmp(s + start, "initrd", 6) == 0)
			return 1;
		if (s[i] == 0)
			return 0;
		start = i + 1;
	}
	return 0;
}

void test_main(void)
{
	const struct vmi_boot_info *bi = test_bi;
	const struct vmi_module *m = &bi->modules[0];
	uint32_t end_pfn;

	CHECK_EQ(bi->nr_modules, 1);
	if (bi->nr_modules < 1)
		return;
	test_env("ramdisk at 0x%x, %u bytes, first free pfn %u, mapped %u",
		 m->paddr, m->len, bi->first_free_pfn, bi->mapped_pages);
	end_pfn = (m->paddr + m->len + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
	CHECK_EQ(m->len, LINES * LINE_LEN);
	CHECK_EQ(m->paddr & (VMI_PAGE_SIZE - 1), 0);
	CHECK_LE(end_pfn, bi->first_free_pfn);
	CHECK_LE(end_pfn, bi->mapped_pages);
	CHECK(has_initrd_word(m->cmdline, sizeof m->cmdline));
	if (end_pfn > bi->mapped_pages)
		return;                 /* reading it would fault */
	CHECK_EQ(first_bad_line(pfn_to_va(m->paddr >> VMI_PAGE_SHIFT), m->len), LINES);
}
