/*
 * hostile/insn_ring3_int82 - attack: the hypercall instruction `int $0x82`
 * from a user program (ring 3), asking for a shutdown of the domain (crash)
 * and for a console write.
 * Containment: the hypercall gate has DPL 1, so each raises #GP with error
 * code 0x82 * 8 + 2 (IDT entry 0x82) at the instruction, reflected to the
 * guest kernel with the user's frame; no hypercall runs: the domain is still
 * alive for the final system call and nothing was printed.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "int $0x82 from ring 3 is refused";

R3_BLOB(user_blob,
	"movl $" XSTR(HC_SCHED_OP) ", %eax\n\tmovl $" XSTR(SCHEDOP_SHUTDOWN) ", %ebx\n\t"
	"movl $" XSTR(VMI_SHUTDOWN_CRASH) ", %ecx\n\tmovl $1, %edx\n\t"
	R3_TRY(0, 2, "int $0x82")
	"movl $" XSTR(HC_CONSOLE_IO) ", %eax\n\tmovl $" XSTR(CONSOLEIO_WRITE) ", %ebx\n\t"
	"movl $4, %ecx\n\tmovl %esp, %edx\n\t"
	R3_TRY(1, 2, "int $0x82"))

static void finish(struct trap_regs *r)
{
	(void)r;
	CHECK_EQ(r3_count, 2);
	r3_expect(0, "int $0x82 (shutdown)", 0, 13, 0x82 * 8 + 2);
	r3_expect(1, "int $0x82 (console write)", 1, 13, 0x82 * 8 + 2);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
