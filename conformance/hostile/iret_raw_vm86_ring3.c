/*
 * hostile/iret_raw_vm86_ring3 - attack: iret_raw_vm86 from a user program:
 * a raw `iret` in ring 3 whose popped eflags has VM set, with cs = 0 and
 * eip = 0.  A processor ignores VM below ring 0; QEMU's TCG enters
 * virtual-8086 mode anyway, and the first fetch (linear 0, unmapped) faults
 * with cs = 0 in the frame - which the hypervisor must not take for a
 * fault of its own.
 * Containment: the attacker is killed (under TCG for the trap in V86 mode;
 * on hardware for the #GP of the null cs, whose handler it removed) and
 * the victim finishes.  Run with iret_raw_vm86_ring3.domains.
 */
#include "insn_harness.h"

const char test_title[] = "iret into virtual-8086 mode from ring 3 is contained";

R3_BLOB(user_blob,
	"pushl $0\n\tpushl $0\n\tpushl $0\n\tpushl $0\n\t"      /* gs fs ds es */
	"pushl $0\n\tpushl $0x1000\n\t"                         /* ss esp */
	"pushl $0x20202\n\tpushl $0\n\tpushl $0\n\t"            /* eflags (VM|IF) cs eip */
	"iret\n\t")

static void finish(struct trap_regs *r)
{
	(void)r;
	test_fail(__FILE__, __LINE__, "the user program went on after the iret");
}

void test_main(void)
{
	const struct vmi_trap_entry remove[2] = {
		{ 13, 0, (uint16_t)test_bi->kernel_cs, 0 },
		{ 14, 0, (uint16_t)test_bi->kernel_cs, 0 },
	};

	r3_setup(user_blob, user_blob_end, finish);
	CHECK_RET(vmi_set_trap_table(remove, 2), 0);
	printf("attack: iret from ring 3 to cs 0, eip 0 with VM|IF in eflags\n");
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
