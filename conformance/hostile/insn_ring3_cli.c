/*
 * hostile/insn_ring3_cli - attack: `cli` (turn interrupts off and keep the
 * processor) from a user program (ring 3).
 * Containment: #GP(0) at the instruction, reflected to the guest kernel with
 * the user's frame; the real IF is still set when the program makes its
 * final system call.
 */
#include "insn_harness.h"

const char test_title[] = "cli in ring 3 is contained";

R3_BLOB(user_blob,
	R3_TRY(0, 1, "cli"))

static const char *const what[] = { "cli" };

static void finish(struct trap_regs *r)
{
	CHECK_EQ(r->f.eflags & EFLAGS_IF, EFLAGS_IF);      /* the user's real IF */
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
