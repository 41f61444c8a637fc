/*
 * hostile/iret_user_ss - attack: forged vmi_iret frames returning to user
 * mode with a stack selector `iret` would fault on while loading SS (in the
 * hypervisor's own iret that is a ring-0 fault): the null selector with
 * RPL 3, the kernel's and the hypervisor's data selectors, the user code
 * selector, an empty TLS slot, and TLS selectors whose (DPL 3, validated)
 * slot holds a read-only data segment or a code segment.
 * Containment: each frame is refused with #GP(0) reflected to the guest
 * kernel; nothing reaches user mode; the hypervisor runs on.  A valid TLS
 * stack segment (writable data) is then accepted: the user program runs
 * and its system call, with that ss in its frame, ends the test.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "vmi_iret to user mode with a bad ss is refused";

R3_BLOB(user_blob, "")

static uint32_t tls_sel;

static void forge(const char *what, uint32_t ss)
{
	const uint32_t f[5] = { R3_CODE_VA, test_bi->user_cs, 0x202, R3_STACK_TOP, ss };
	unsigned before = r1_caught.count;

	iret_forge(f, 5);
	iret_refused(what, before);
}

/* The control's user program made its system call on the TLS stack. */
static void on_syscall(struct trap_regs *r)
{
	CHECK_EQ(r->f.cs, test_bi->user_cs);
	CHECK_EQ(r->f.ss, tls_sel);
	CHECK_EQ(r->f.esp, R3_STACK_TOP);
	test_done();
}

void test_main(void)
{
	uint32_t tls = test_bi->tls_gdt_first, lim = test_bi->seg_limit >> 12;
	uint32_t code = frame_alloc(), stack = frame_alloc();

	tls_sel = (tls << 3) | 3;
	memcpy(pfn_to_va(code), user_blob, (size_t)(user_blob_end + 2 - user_blob));
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, R3_KSTACK_TOP), 0);
	CHECK_RET(pt_map(pt_current_l2, R3_CODE_VA, code, VMI_PTE_P | VMI_PTE_U), 0);
	CHECK_RET(pt_map(pt_current_l2, R3_STACK_VA, stack, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U), 0);
	r1_catch_all();
	trap_set_handler(VMI_SYSCALL_VECTOR, on_syscall);

	forge("ss = null selector with RPL 3", 0x0003);
	forge("ss = kernel data selector", test_bi->kernel_ds);
	forge("ss = kernel data selector with RPL 3", test_bi->kernel_ds | 3);
	forge("ss = hypervisor data selector with RPL 3", PVHV_HV_DS | 3);
	forge("ss = user code selector", test_bi->user_cs);
	forge("ss = an empty TLS slot", tls_sel);
	CHECK_RET(vmi_write_gdt_entry(tls, vmi_seg_desc(0, lim, 0xF0, 0xC)), 0);
	forge("ss = TLS slot holding read-only data", tls_sel);
	CHECK_RET(vmi_write_gdt_entry(tls, vmi_seg_desc(0, lim, 0xFA, 0xC)), 0);
	forge("ss = TLS slot holding readable code", tls_sel);
	CHECK_RET(vmi_write_gdt_entry(tls, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	printf("control: ss = TLS slot holding writable data enters user mode\n");
	const uint32_t ok[5] = { R3_CODE_VA, test_bi->user_cs, 0x202, R3_STACK_TOP, tls_sel };
	iret_forge(ok, 5);
	test_fail(__FILE__, __LINE__, "the valid frame came back to the kernel");
}
