/*
 * hostile/trap_kstack_unmapped - attack: declare a kernel stack at an
 * unmapped address (below hv_start: vmi_set_kernel_stack accepts it), then
 * raise an exception (ud2) in ring 3.  The hypervisor must write the trap
 * frame to that stack and cannot.
 * Containment: the attacker is killed with a logged reason ("cannot write
 * the frame of trap 6 to its kernel stack"), the hypervisor does not fault
 * on the write, and the victim finishes.  Run with
 * trap_kstack_unmapped.domains.
 */
#include "insn_harness.h"

const char test_title[] = "a trap onto an unmapped kernel stack kills only its domain";

#define NOWHERE 0x50000000u

R3_BLOB(user_blob, R3_TRY(0, 2, "ud2"))

static void finish(struct trap_regs *r)
{
	(void)r;
	test_fail(__FILE__, __LINE__, "the user program's traps were delivered");
}

void test_main(void)
{
	r3_setup(user_blob, user_blob_end, finish);
	CHECK_EQ(pt_get(pt_current_l2, NOWHERE - 4), 0);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, NOWHERE), 0);
	printf("attack: ud2 in ring 3 with the kernel stack unmapped\n");
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
