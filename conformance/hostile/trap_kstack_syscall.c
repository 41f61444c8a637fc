/*
 * hostile/trap_kstack_syscall - attack: declare a kernel stack at an
 * unmapped address, then make a system call from ring 3.  The system-call
 * gate goes straight to the guest kernel, so it is the processor, not the
 * hypervisor, that fails to push the frame: a page fault during the
 * delivery of `int $0x80`, whose own frame the hypervisor cannot write
 * either.
 * Containment: the attacker is killed with a logged reason, the hypervisor
 * neither faults nor loops, and the victim finishes.  Run with
 * trap_kstack_syscall.domains.
 */
#include "insn_harness.h"

const char test_title[] = "a system call onto an unmapped kernel stack kills only its domain";

#define NOWHERE 0x50000000u

R3_BLOB(user_blob, "")

static void finish(struct trap_regs *r)
{
	(void)r;
	test_fail(__FILE__, __LINE__, "the system call was delivered");
}

void test_main(void)
{
	r3_setup(user_blob, user_blob_end, finish);
	CHECK_EQ(pt_get(pt_current_l2, NOWHERE - 4), 0);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, NOWHERE), 0);
	printf("attack: int $0x80 in ring 3 with the kernel stack unmapped\n");
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
