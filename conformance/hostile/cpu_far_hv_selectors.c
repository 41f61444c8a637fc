/*
 * hostile/cpu_far_hv_selectors - attack: reach the hypervisor's segments
 * from the guest kernel (ring 1) with ordinary instructions: far jump, far
 * call and far return to its code segment 0x08, a far return to the kernel
 * code segment with RPL 0 (a far jump there is legal and stays in ring 1:
 * RPL does not set CPL), and loading its data segment 0x10 into %ds, %es and
 * %ss.
 * Containment: each raises #GP with the selector as error code at the
 * instruction, reflected to the guest kernel (DPL 0 < CPL 1); the data
 * segment registers keep their selectors.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "the hypervisor's segments cannot be loaded from ring 1";

#define HV_CS XSTR(PVHV_HV_CS)
#define HV_DS XSTR(PVHV_HV_DS)
#define K0_CS "(" XSTR(PVHV_KERNEL_CS) " & ~3)"

void test_main(void)
{
	uint32_t ds0, ds1, ss0, ss1;

	r1_catch_all();
	__asm__ volatile("movl %%ds, %0\n\tmovl %%ss, %1" : "=r"(ds0), "=r"(ss0));
	R1_EXPECT("ljmp $0x08", 13, PVHV_HV_CS, "", "ljmp $" HV_CS ", $0");
	R1_EXPECT("lcall $0x08", 13, PVHV_HV_CS, "", "lcall $" HV_CS ", $0");
	R1_EXPECT("lret to 0x08", 13, PVHV_HV_CS, "pushl $" HV_CS "; pushl $0", "lret");
	R1_EXPECT("lret to the kernel cs with RPL 0", 13, PVHV_KERNEL_CS & ~3u,
	          "pushl $" K0_CS "; pushl $0", "lret");
	R1_EXPECT("mov 0x10 to %ds", 13, PVHV_HV_DS, "movl $" HV_DS ", %%eax", "movl %%eax, %%ds");
	R1_EXPECT("mov 0x10 to %es", 13, PVHV_HV_DS, "movl $" HV_DS ", %%eax", "movl %%eax, %%es");
	R1_EXPECT("mov 0x10 to %ss", 13, PVHV_HV_DS, "movl $" HV_DS ", %%eax", "movl %%eax, %%ss");
	__asm__ volatile("movl %%ds, %0\n\tmovl %%ss, %1" : "=r"(ds1), "=r"(ss1));
	CHECK_EQ(ds1, ds0);
	CHECK_EQ(ss1, ss0);
}
