/*
 * hostile/image_memsz_huge - attack: a malformed guest image as a boot
 * module: build/bad-images/memsz_huge.elf is the victim image with one
 * thing wrong - its last PT_LOAD (.bss) has p_memsz 768 MiB: inside the
 * kernel range, larger than any domain's memory (mem= allows at most 256 MiB)
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["memsz_huge"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_memsz_huge.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a segment larger than memory: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
