/*
 * hostile/image_no_note - attack: a malformed guest image as a boot module:
 * build/bad-images/no_note.elf is the victim image with one thing wrong -
 * its PT_NOTE header is turned into PT_NULL, so it carries no VMI ABI note
 * (scripts/make_bad_images.py).
 * Containment: the domain builder refuses the image before loading any of it,
 * logging "domain 0 (bad) rejected: <reason>" (the reason for this kind is
 * KINDS["no_note"] in the script, checked against elf.c by
 * scripts/tests/test_bad_images.py), and this domain, built after it, boots
 * sound and runs to its verdict (image_good.h).  Run with
 * image_no_note.domains.
 */
#include "image_good.h"

const char test_title[] = "image with a missing ABI note: rejected, the rest runs on";

void test_main(void)
{
	image_good_domain();
}
