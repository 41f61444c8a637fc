/*
 * hostile/image_phoff_wrap - attack: a malformed guest image as a boot
 * module: build/bad-images/phoff_wrap.elf is the victim image with one
 * thing wrong - its e_phoff is 0xFFFFFFE0, so offset + size wraps to a small
 * number (a 32-bit phoff + size <= len check would pass it)
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["phoff_wrap"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_phoff_wrap.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a program header offset that wraps: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
