/*
 * hostile/image_abi_major - attack: a malformed guest image as a boot module:
 * build/bad-images/abi_major.elf is the victim image with one thing wrong
 * - its VMI ABI note names the next major version (same minor)
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["abi_major"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_abi_major.domains.
 */
#include "image_good.h"

const char test_title[] = "image with another ABI major version: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
