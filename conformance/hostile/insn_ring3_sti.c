/*
 * hostile/insn_ring3_sti - attack: `sti` from a user program (ring 3).
 * Containment: #GP(0) at the instruction, reflected to the guest kernel with
 * the user's frame (RPL 3 cs and ss).
 */
#include "insn_harness.h"

const char test_title[] = "sti in ring 3 is contained";

R3_BLOB(user_blob,
	R3_TRY(0, 1, "sti"))

static const char *const what[] = { "sti" };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
