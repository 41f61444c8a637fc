/*
 * hostile/image_machine_arm - attack: a malformed guest image as a boot
 * module: build/bad-images/machine_arm.elf is the victim image with one
 * thing wrong - it says e_machine EM_ARM (40) (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["machine_arm"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_machine_arm.domains.
 */
#include "image_good.h"

const char test_title[] = "image with an ARM machine type: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
