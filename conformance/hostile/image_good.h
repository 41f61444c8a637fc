/*
 * image_good.h - the good domain of every hostile/image_<kind> test.
 *
 * Each image test boots two modules (its .domains file): first a malformed
 * image made at build time by scripts/make_bad_images.py (build/bad-images/
 * <kind>.elf, a real pvhv image with one thing wrong), which the domain
 * builder must refuse - the runner checks the hypervisor log for "domain 0
 * (bad) rejected: ..." - then the test's own image, which must boot and run
 * to its verdict.  This is what the good domain checks: that what the
 * builder did (or half did) with the bad image left nothing behind in the
 * next domain - its boot info is sound and complete, it got the default
 * memory, its free memory is zeroed, and time and the scheduler work.
 */
#ifndef IMAGE_GOOD_H
#define IMAGE_GOOD_H

#include "../runtime/test.h"

#define IMAGE_DEFAULT_PAGES ((32u << 20) >> VMI_PAGE_SHIFT)  /* HV_DEFAULT_MEM_MB */

/* Is word one of the space-separated words of s? */
static inline int image_has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return 0;
		if (strncmp(s, word, n) == 0 && (s[n] == ' ' || s[n] == 0))
			return 1;
		while (*s && *s != ' ')
			s++;
	}
}

static inline void image_good_domain(void)
{
	const struct vmi_boot_info *bi = test_bi;

	CHECK_EQ(bi->magic, VMI_BOOT_INFO_MAGIC);
	CHECK_EQ(bi->abi_version, VMI_ABI_VERSION);
	CHECK_EQ(bi->nr_pages, IMAGE_DEFAULT_PAGES);
	CHECK_LT(bi->first_free_pfn, bi->mapped_pages);
	CHECK_LE(bi->mapped_pages, bi->nr_pages);
	CHECK(image_has_word(bi->cmdline, "name=good"));

	/* A fresh frame of this domain is zero: nothing of the refused image
	 * (or anything else) reached its memory. */
	uint32_t pfn = frame_alloc();
	const uint32_t *p = pfn_to_va(pfn);
	uint32_t nonzero = 0;
	for (uint32_t i = 0; i < VMI_PAGE_SIZE / 4; i++)
		nonzero += p[i] != 0;
	CHECK_EQ(nonzero, 0);

	/* The hypervisor runs on: time advances and a yield comes back. */
	uint64_t t0 = vmi_time_ns();
	vmi_sched_yield();
	CHECK_GT(vmi_time_ns(), t0);
}

#endif /* IMAGE_GOOD_H */
