/*
 * hostile/cpu_kernel_stack - attack: vmi_set_kernel_stack with a stack in
 * the platform's range (hv_start, the shared-info page, the hypervisor's
 * image, the top of memory) and with stack selectors other than the kernel
 * data segment (user data, kernel code, the hypervisor's data segment, the
 * kernel data segment with RPL 0 and 3, a TLS slot, null).  A trap from
 * ring 3 would have the frame written there, by the hypervisor or by the
 * processor (the system-call gate).
 * Containment: each is refused with -VMI_EINVAL and the declared stack is
 * unchanged: a #UD (frame written by the hypervisor) and a system call
 * (frame written by the processor through the TSS) from ring 3 each leave
 * their frame exactly at the top of the stack declared before the attacks.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "kernel stacks in the hypervisor's range are refused";

R3_BLOB(user_blob, R3_TRY(0, 2, "ud2"))

static void finish(struct trap_regs *r)
{
	CHECK_EQ(r3_count, 1);
	r3_expect(0, "ud2 (frame written by the hypervisor)", 0, 6, 0);
	CHECK_EQ(r3_traps[0].top, R3_KSTACK_TOP);
	CHECK_EQ((uint32_t)(&r->f.ss + 1), R3_KSTACK_TOP);   /* written by the processor */
}

void test_main(void)
{
	uint32_t ds = test_bi->kernel_ds;
	uint32_t esps[] = { test_bi->hv_start, test_bi->hv_start + 4, PVHV_SHARED_INFO_VA + 0x1000,
	                    PVHV_HV_BASE + 0x1000, 0xFFFFFFF0u };
	uint32_t sss[] = { test_bi->user_ds, test_bi->kernel_cs, PVHV_HV_DS, ds & ~3u, ds | 3,
	                   (test_bi->tls_gdt_first << 3) | 3, 0 };

	r3_setup(user_blob, user_blob_end, finish);       /* declares R3_KSTACK_TOP */
	for (unsigned i = 0; i < ARRAY_SIZE(esps); i++) {
		printf("attack: kernel stack at %#x\n", esps[i]);
		CHECK_RET(vmi_set_kernel_stack(ds, esps[i]), -VMI_EINVAL);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(sss); i++) {
		printf("attack: kernel stack selector %#x\n", sss[i]);
		CHECK_RET(vmi_set_kernel_stack(sss[i], R3_KSTACK_TOP - 64), -VMI_EINVAL);
	}
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
