/*
 * hostile/iret_vm86_spin - attack: enter virtual-8086 mode with a raw
 * `iret` (VM set in the popped eflags; QEMU's TCG honours it below ring 0,
 * a processor does not - see iret_raw_vm86) onto `jmp .` at linear 0 (page
 * 0 mapped for the user), with IF set, and spin there: no fault ever
 * happens, so the first entry into the hypervisor is an interrupt whose
 * frame has cs = 0 - which, taken for an interrupt of the hypervisor's own
 * idle loop, would never preempt the spinning domain.
 * Containment: the attacker is killed (under TCG at the first interrupt in
 * V86 mode; on hardware for the #GP of the null cs, whose handler it
 * removed) and the victim finishes.  Not containable under TCG and not
 * tried: the same with IF clear (V86 mode loads IF and IOPL from the frame
 * there), which no interrupt ends.  Run with iret_vm86_spin.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "spinning in virtual-8086 mode is contained";

void test_main(void)
{
	const struct vmi_trap_entry remove = { 13, 0, (uint16_t)test_bi->kernel_cs, 0 };
	uint32_t page0 = frame_alloc();

	*(uint16_t *)pfn_to_va(page0) = 0xFEEB;               /* jmp . */
	CHECK_RET(pt_map(pt_current_l2, 0, page0, VMI_PTE_P | VMI_PTE_U), 0);
	CHECK_RET(vmi_set_trap_table(&remove, 1), 0);
	CHECK_RET(vmi_timer_set(vmi_time_ns() + 10000000ull), 0);   /* an interrupt will come */
	printf("attack: iret to V86 mode, jmp . at linear 0, IF set\n");
	__asm__ volatile("pushl $0\n\tpushl $0\n\tpushl $0\n\tpushl $0\n\t"   /* gs fs ds es */
	                 "pushl $0\n\tpushl $0x1000\n\t"                    /* ss esp */
	                 "pushl $0x20202\n\tpushl $0\n\tpushl $0\n\t"       /* eflags cs eip */
	                 "iret" : : : "memory");
	test_fail(__FILE__, __LINE__, "still running after the iret");
}
