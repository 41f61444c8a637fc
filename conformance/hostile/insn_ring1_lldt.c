/*
 * hostile/insn_ring1_lldt - attack: load the LDT register and the task
 * register from the guest kernel (ring 1): lldt and ltr with the
 * hypervisor's TSS selector and with a TLS slot.
 * Containment: each raises #GP(0) at the instruction, reflected to the
 * guest kernel; the LDT register stays null and the task register keeps
 * the hypervisor's TSS (sldt/str as before).
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

#define TSS_SEL XSTR(PVHV_TSS)
#define TLS_SEL "(" XSTR(PVHV_TLS_FIRST) " << 3)"

const char test_title[] = "lldt/ltr in ring 1 are contained";

void test_main(void)
{
	uint16_t ldt0, tr0, ldt1, tr1;

	r1_catch_all();
	__asm__ volatile("sldt %0\n\tstr %1" : "=r"(ldt0), "=r"(tr0));
	R1_EXPECT("lldt (TSS selector)", 13, 0, "movl $" TSS_SEL ", %%eax", "lldt %%ax");
	R1_EXPECT("lldt (TLS slot)", 13, 0, "movl $" TLS_SEL ", %%eax", "lldt %%ax");
	R1_EXPECT("ltr (TSS selector)", 13, 0, "movl $" TSS_SEL ", %%eax", "ltr %%ax");
	R1_EXPECT("ltr (TLS slot)", 13, 0, "movl $" TLS_SEL ", %%eax", "ltr %%ax");
	__asm__ volatile("sldt %0\n\tstr %1" : "=r"(ldt1), "=r"(tr1));
	CHECK_EQ(ldt1, 0);
	CHECK_EQ(ldt1, ldt0);
	CHECK_EQ(tr1, tr0);
}
