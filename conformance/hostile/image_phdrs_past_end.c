/*
 * hostile/image_phdrs_past_end - attack: a malformed guest image as a boot
 * module: build/bad-images/phdrs_past_end.elf is the victim image with
 * one thing wrong - its program header table starts inside the file but runs
 * 16 bytes past its end (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["phdrs_past_end"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_phdrs_past_end.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a program header table past the end: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
