/*
 * hostile/image_entry_outside - attack: a malformed guest image as a boot
 * module: build/bad-images/entry_outside.elf is the victim image with one
 * thing wrong - its entry point is VMI_KERNEL_BASE, mapped and zeroed at boot
 * but inside no segment (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["entry_outside"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_entry_outside.domains.
 */
#include "image_good.h"

const char test_title[] = "image with an entry point outside every segment: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
