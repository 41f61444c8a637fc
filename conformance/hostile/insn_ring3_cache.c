/*
 * hostile/insn_ring3_cache - attack: cache and TLB control: invlpg, wbinvd,
 * invd from a user program (ring 3).
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss), and the program goes on.
 */
#include "insn_harness.h"

const char test_title[] = "cache and TLB control in ring 3 are contained";

R3_BLOB(user_blob,
	R3_TRY(0, 4, "invlpg (%esp)")
	R3_TRY(1, 2, "wbinvd")
	R3_TRY(2, 2, "invd"))

static const char *const what[] = { "invlpg", "wbinvd", "invd", };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
