/*
 * hostile/insn_ring1_msr - attack: model-specific registers from the guest
 * kernel (ring 1): rdmsr, wrmsr of SYSENTER_CS/EIP (a fast system call
 * straight into a ring-0 code segment the guest picks), rdpmc; then
 * sysenter and syscall themselves.
 * Containment: each rdmsr/wrmsr/rdpmc raises #GP(0) at the instruction,
 * reflected to the guest kernel; SYSENTER_CS stayed 0, so sysenter raises
 * #GP(0) too instead of entering ring 0, and syscall (EFER.SCE clear)
 * raises #UD.
 */
#include "insn_harness.h"

const char test_title[] = "MSR access in ring 1 is contained";

void test_main(void)
{
	r1_catch_all();
	R1_EXPECT("rdmsr (TSC)", 13, 0, "movl $0x10, %%ecx", "rdmsr");
	R1_EXPECT("wrmsr SYSENTER_CS = 0x08", 13, 0,
	          "movl $0x174, %%ecx; movl $0x08, %%eax; xorl %%edx, %%edx", "wrmsr");
	R1_EXPECT("wrmsr SYSENTER_EIP", 13, 0,
	          "movl $0x176, %%ecx; movl %%esp, %%eax; xorl %%edx, %%edx", "wrmsr");
	R1_EXPECT("rdpmc", 13, 0, "xorl %%ecx, %%ecx", "rdpmc");
	R1_EXPECT("sysenter", 13, 0, "", "sysenter");
	R1_EXPECT("syscall (EFER.SCE clear)", 6, 0, "", "syscall");
}
