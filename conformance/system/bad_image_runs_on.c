/*
 * system/bad_image_runs_on - the domain builder meets malformed images (a
 * text file, and an ELF whose ABI note names another major version is
 * covered by the host tests): each is refused with a logged reason
 * ("domain N (name) rejected: ...") and the good domain beside them boots
 * and runs to its verdict.  Run with bad_image_runs_on.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "malformed images are refused, the rest runs on";

void test_main(void)
{
	/* Reaching here at all is the point; check the domain is sound. */
	CHECK_EQ(test_bi->magic, VMI_BOOT_INFO_MAGIC);
	CHECK_GT(test_bi->nr_pages, test_bi->first_free_pfn);
}
