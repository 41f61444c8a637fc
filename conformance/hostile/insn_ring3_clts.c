/*
 * hostile/insn_ring3_clts - attack: clts and lmsw (the FPU task-switched
 * flag the hypervisor uses for lazy FPU switching; lmsw could also clear PE)
 * from a user program (ring 3).
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss), and the program goes on.
 */
#include "insn_harness.h"

const char test_title[] = "clts and lmsw in ring 3 are contained";

R3_BLOB(user_blob,
	R3_TRY(0, 2, "clts")
	"movl $1, %eax\n\t"
	R3_TRY(1, 3, "lmsw %ax"))

static const char *const what[] = { "clts", "lmsw", };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
