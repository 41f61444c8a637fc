/*
 * hostile/iret_raw_vm86 - attack: a raw `iret` in the guest kernel (ring 1)
 * whose popped eflags has VM set, to enter virtual-8086 mode, with cs = 0
 * (a ring-0 looking selector in the trap frame of anything that happens
 * next).  A processor ignores VM in an iret from rings 1-3, but QEMU's TCG
 * does not (helper_ret_protected jumps to its vm86 return at any CPL, also
 * loading IF and IOPL), so under TCG the guest runs in V86 mode and its
 * first fetch (linear 0, unmapped) faults with cs = 0 in the frame.
 * Containment: the attacker is killed - under TCG for entering V86 mode
 * (the hypervisor must not take the V86 frame for one of its own faults and
 * panic), on hardware for the #GP of the null cs, for which it removed its
 * handler - and the victim finishes.  Not containable under TCG and not
 * tried here: V86 with IF clear spinning in a mapped page never traps.
 * Run with iret_raw_vm86.domains.
 */
#include "insn_harness.h"

const char test_title[] = "iret into virtual-8086 mode is contained";

void test_main(void)
{
	const struct vmi_trap_entry remove[2] = {
		{ 13, 0, (uint16_t)test_bi->kernel_cs, 0 },
		{ 14, 0, (uint16_t)test_bi->kernel_cs, 0 },
	};

	CHECK_RET(vmi_set_trap_table(remove, 2), 0);
	printf("attack: iret to cs 0, eip 0 with VM|IF in eflags\n");
	__asm__ volatile("pushl $0\n\tpushl $0\n\tpushl $0\n\tpushl $0\n\t"   /* gs fs ds es */
	                 "pushl $0\n\tpushl $0x1000\n\t"                    /* ss esp */
	                 "pushl $0x20202\n\tpushl $0\n\tpushl $0\n\t"       /* eflags cs eip */
	                 "iret" : : : "memory");
	test_fail(__FILE__, __LINE__, "still running after the iret");
}
