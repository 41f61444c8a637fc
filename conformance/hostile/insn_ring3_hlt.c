/*
 * hostile/insn_ring3_hlt - attack: `hlt` (stop the processor) from a user
 * program (ring 3).
 * Containment: #GP(0) at the instruction, reflected to the guest kernel with
 * the user's frame (RPL 3 cs and ss); the program goes on at once.
 */
#include "insn_harness.h"

const char test_title[] = "hlt in ring 3 is contained";

R3_BLOB(user_blob,
	R3_TRY(0, 1, "hlt"))

static const char *const what[] = { "hlt" };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
