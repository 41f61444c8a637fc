/*
 * hostile/insn_ring3_msr - attack: model-specific registers from a user
 * program (ring 3): rdmsr, wrmsr of SYSENTER_CS, rdpmc; then sysenter and
 * syscall themselves.
 * Containment: each raises #GP(0) at the instruction, reflected to the
 * guest kernel with the user's frame (RPL 3 cs and ss), and the program
 * goes on; SYSENTER_CS stayed 0, so sysenter faults too instead of
 * entering ring 0, and syscall (EFER.SCE clear) raises #UD.
 */#include "insn_harness.h"

const char test_title[] = "MSR access in ring 3 is contained";

R3_BLOB(user_blob,
	"movl $0x10, %ecx\n\t"
	R3_TRY(0, 2, "rdmsr")
	"movl $0x174, %ecx\n\tmovl $0x08, %eax\n\txorl %edx, %edx\n\t"
	R3_TRY(1, 2, "wrmsr")
	"xorl %ecx, %ecx\n\t"
	R3_TRY(2, 2, "rdpmc")
	R3_TRY(3, 2, "sysenter")
	R3_TRY(4, 2, "syscall"))

static const char *const what[] = { "rdmsr", "wrmsr SYSENTER_CS", "rdpmc", "sysenter", };

static void finish(struct trap_regs *r)
{
	(void)r;
	CHECK_EQ(r3_count, ARRAY_SIZE(what) + 1);
	for (unsigned i = 0; i < ARRAY_SIZE(what); i++)
		r3_expect(i, what[i], i, 13, 0);
	r3_expect(4, "syscall (EFER.SCE clear)", 4, 6, 0);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
