/*
 * hostile/trap_kstack_wrap - attack: a kernel stack whose top is 16 (page 0
 * mapped writable), then a system call from ring 3: the processor pushes
 * the 20-byte frame through the direct system-call gate, and the last push
 * wraps below 0 to 0xFFFFFFFC - the hypervisor's mapping windows.  Only
 * the stack segment's limit stops that on a real processor (#SS); QEMU's
 * TCG does not check it, so there the push reaches the page above the
 * windows, which must not be mapped.
 * Containment: nothing is written into the hypervisor; the fault (#SS on
 * hardware, #PF under TCG) cannot be reflected onto that stack either, so
 * the attacker is killed with a logged reason and the victim finishes.
 * Run with trap_kstack_wrap.domains.
 */
#include "insn_harness.h"

const char test_title[] = "a kernel stack wrapping into the hypervisor kills only its domain";

R3_BLOB(user_blob, "")

static void finish(struct trap_regs *r)
{
	(void)r;
	test_fail(__FILE__, __LINE__, "the system call was delivered");
}

void test_main(void)
{
	r3_setup(user_blob, user_blob_end, finish);
	CHECK_RET(pt_map(pt_current_l2, 0, frame_alloc(), VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, 16), 0);
	printf("attack: int $0x80 in ring 3 with the kernel stack top at 16\n");
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
