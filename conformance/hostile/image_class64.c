/*
 * hostile/image_class64 - attack: a malformed guest image as a boot module:
 * build/bad-images/class64.elf is the victim image with one thing wrong -
 * it claims ELFCLASS64 (e_ident[4] = 2) with ELF32 headers
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["class64"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_class64.domains.
 */
#include "image_good.h"

const char test_title[] = "image with an ELF64 class: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
