/*
 * hostile/image_overlap - attack: a malformed guest image as a boot module:
 * build/bad-images/overlap.elf is the victim image with one thing wrong -
 * its second PT_LOAD is moved onto the first one's first page, so two
 * segments overlap (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["overlap"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_overlap.domains.
 */
#include "image_good.h"

const char test_title[] = "image with overlapping segments: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
