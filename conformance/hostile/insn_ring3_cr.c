/*
 * hostile/insn_ring3_cr - attack: control registers: read CR0, CR2, CR3 and
 * CR4; write CR0 (no WP), CR3 (0) and CR4 (0) from a user program (ring 3).
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss), and the program goes on.
 */
#include "insn_harness.h"

const char test_title[] = "control registers in ring 3 are contained";

R3_BLOB(user_blob,
	R3_TRY(0, 3, "movl %cr0, %eax")
	R3_TRY(1, 3, "movl %cr2, %eax")
	R3_TRY(2, 3, "movl %cr3, %eax")
	R3_TRY(3, 3, "movl %cr4, %eax")
	"movl $0x80000011, %eax\n\t"
	R3_TRY(4, 3, "movl %eax, %cr0")
	"xorl %eax, %eax\n\t"
	R3_TRY(5, 3, "movl %eax, %cr3")
	R3_TRY(6, 3, "movl %eax, %cr4"))

static const char *const what[] = { "mov %cr0, %eax", "mov %cr2, %eax", "mov %cr3, %eax", "mov %cr4, %eax",
	"mov %eax, %cr0", "mov %eax, %cr3", "mov %eax, %cr4", };

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
