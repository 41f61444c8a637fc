/*
 * hostile/image_memsz_wrap - attack: a malformed guest image as a boot
 * module: build/bad-images/memsz_wrap.elf is the victim image with one
 * thing wrong - its last PT_LOAD has a p_memsz such that p_vaddr + p_memsz
 * wraps 4 GiB to 0x1000 (a 32-bit end <= 0xFC000000 check would pass it)
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["memsz_wrap"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_memsz_wrap.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a segment wrapping 4 GiB: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
