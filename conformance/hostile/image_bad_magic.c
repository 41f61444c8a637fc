/*
 * hostile/image_bad_magic - attack: a malformed guest image as a boot module:
 * build/bad-images/bad_magic.elf is the victim image with one thing wrong
 * - its ELF magic is wrong (e_ident[3] = 'X') (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["bad_magic"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_bad_magic.domains.
 */
#include "image_good.h"

const char test_title[] = "image with bad ELF magic: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
