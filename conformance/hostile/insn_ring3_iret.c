/*
 * hostile/insn_ring3_iret - attack: the raw `iret` instruction in a user
 * program (ring 3): to the guest kernel's code segment (ring 1), to the
 * hypervisor's code segment (ring 0), to the user code selector with RPL 0,
 * with NT set (a task return through the TSS back link), and to ring 3
 * itself with IOPL 3 and IF clear in the popped eflags.
 * Containment: a return to a more privileged level raises #GP(selector) at
 * the iret and the task return #TS(0), each reflected to the guest kernel
 * with the user's frame; the ring-3 return succeeds but IOPL stays 0 and IF
 * stays set.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "raw iret in ring 3 is contained";

R3_BLOB(user_blob,
	"pushl $0x202\n\tpushl $" XSTR(PVHV_KERNEL_CS) "\n\tpushl $0\n\t"
	R3_TRY(0, 1, "iret")
	"pushl $0x202\n\tpushl $" XSTR(PVHV_HV_CS) "\n\tpushl $0\n\t"
	R3_TRY(1, 1, "iret")
	"pushl $0x202\n\tpushl $(" XSTR(PVHV_USER_CS) " & ~3)\n\tpushl $0\n\t"
	R3_TRY(2, 1, "iret")
	"pushl $0x202\n\tpushl $" XSTR(PVHV_USER_CS) "\n\tpushl $0\n\t"
	"pushfl\n\torl $0x4000, (%esp)\n\tpopfl\n\t"
	R3_TRY(3, 1, "iret")
	"call 1f\n1:\tpopl %eax\n\taddl $(2f - 1b), %eax\n\t"
	"pushl $0x3002\n\tpushl $" XSTR(PVHV_USER_CS) "\n\tpushl %eax\n\tiret\n"
	"2:\tpushfl\n\tpopl %ebx\n\t")

static void finish(struct trap_regs *r)
{
	CHECK_EQ(r3_count, 4);
	r3_expect(0, "iret to the kernel code segment", 0, 13, PVHV_KERNEL_CS & ~3u);
	r3_expect(1, "iret to the hypervisor code segment", 1, 13, PVHV_HV_CS);
	r3_expect(2, "iret to the user code segment with RPL 0", 2, 13, PVHV_USER_CS & ~3u);
	r3_expect(3, "iret with NT set (task return)", 3, 10, 0);
	CHECK_EQ(r->ebx & EFLAGS_IOPL, 0);            /* after the ring-3 iret */
	CHECK_EQ(r->ebx & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(r->ebx & EFLAGS_NT, 0);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
