/*
 * hostile/image_below_kernel_base - attack: a malformed guest image as a boot
 * module: build/bad-images/below_kernel_base.elf is the victim image with
 * one thing wrong - its data PT_LOAD is linked at its physical address, below
 * VMI_KERNEL_BASE (guest user space) (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["below_kernel_base"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_below_kernel_base.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a segment below the kernel base: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
