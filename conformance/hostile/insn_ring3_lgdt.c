/*
 * hostile/insn_ring3_lgdt - attack: the descriptor-table loads lgdt, lidt,
 * lldt and ltr from a user program (ring 3).
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss), and the program goes on.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "descriptor-table loads in ring 3 are contained";

R3_BLOB(user_blob,
	"subl $16, %esp\n\t"
	R3_TRY(0, 4, "lgdt (%esp)")
	R3_TRY(1, 4, "lidt (%esp)")
	"movl $" XSTR(PVHV_TSS) ", %eax\n\t"
	R3_TRY(2, 3, "lldt %ax")
	R3_TRY(3, 3, "ltr %ax"))

static const char *const what[] = { "lgdt", "lidt", "lldt", "ltr", };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
