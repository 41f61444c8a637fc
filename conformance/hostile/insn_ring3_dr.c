/*
 * hostile/insn_ring3_dr - attack: debug registers: read DR7 and DR6, write
 * DR0 and DR7 (a hardware breakpoint) from a user program (ring 3).
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss), and the program goes on.
 */
#include "insn_harness.h"

const char test_title[] = "debug registers in ring 3 are contained";

R3_BLOB(user_blob,
	R3_TRY(0, 3, "movl %dr7, %eax")
	R3_TRY(1, 3, "movl %dr6, %eax")
	"movl %esp, %eax\n\t"
	R3_TRY(2, 3, "movl %eax, %dr0")
	"movl $0x000D0303, %eax\n\t"
	R3_TRY(3, 3, "movl %eax, %dr7"))

static const char *const what[] = { "mov %dr7, %eax", "mov %dr6, %eax", "mov %eax, %dr0", "mov %eax, %dr7", };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
