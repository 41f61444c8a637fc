/*
 * hostile/insn_ring1_str - attack: str and sldt in the guest kernel
 * (ring 1).  They do not fault (sensitive, not privileged): str reveals
 * the hypervisor's TSS selector, sldt that there is no LDT.  The attack is
 * to use the TSS selector: a far jump and a far call to it (a task switch
 * would load the hypervisor's whole register state) and loading it into
 * a data segment register.
 * Containment: each use raises #GP with the selector as error code,
 * reflected to the guest kernel; lar says the descriptor is not
 * accessible from ring 1; the task register is unchanged.
 */
#include "insn_harness.h"

const char test_title[] = "str/sldt in ring 1 reveal nothing usable";

/* Read by the asm below (so not static): the TSS selector, and a far
 * pointer to it (offset 0). */
uint32_t tss;
struct __attribute__((packed)) { uint32_t off; uint16_t sel; } tss_far;

void test_main(void)
{
	uint32_t ldt, tr, ok, tr1;

	r1_catch_all();
	unsigned before = r1_caught.count;
	__asm__ volatile("sldt %0\n\tstr %1" : "=r"(ldt), "=r"(tr));
	CHECK_EQ(r1_caught.count, before);          /* no fault: sensitive only */
	CHECK_EQ(ldt, 0);
	CHECK_NE(tr, 0);
	test_env("task register %#x", tr);
	tss = tr;
	tss_far.sel = (uint16_t)tr;
	__asm__ volatile("movl $0, %0\n\tlar %1, %%eax\n\tjnz 1f\n\tmovl $1, %0\n1:"
	                 : "=&r"(ok) : "r"(tr) : "eax", "cc");
	CHECK_EQ(ok, 0);                            /* lar: not visible */
	R1_EXPECT("ljmp to the TSS (task switch)", 13, tss & ~3u, "", "ljmp *tss_far");
	R1_EXPECT("lcall to the TSS (task switch)", 13, tss & ~3u, "", "lcall *tss_far");
	R1_EXPECT("mov TSS selector to %fs", 13, tss & ~3u, "movl tss, %%eax", "movl %%eax, %%fs");
	__asm__ volatile("str %0" : "=r"(tr1));
	CHECK_EQ(tr1, tr);
}

