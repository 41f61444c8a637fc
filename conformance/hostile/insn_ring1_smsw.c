/*
 * hostile/insn_ring1_smsw - attack: smsw and lmsw in the guest kernel
 * (ring 1).  smsw does not fault (sensitive, not privileged) and reveals
 * the machine status word (PE, and the real TS the hypervisor uses for lazy
 * FPU switching); lmsw would write it: set TS, or clear PE.
 * Containment: smsw only reveals (PE is set: protected mode); each lmsw
 * raises #GP(0) at the instruction, reflected to the guest kernel; the
 * status word is unchanged afterwards and an FPU instruction raises no
 * #NM in the guest (its virtual TS is clear).
 */
#include "insn_harness.h"

const char test_title[] = "smsw/lmsw in ring 1 are contained";

static uint32_t msw(void)
{
	uint32_t v;
	__asm__ volatile("smsw %0" : "=r"(v));
	return v & 0xFFFF;
}

void test_main(void)
{
	r1_catch_all();
	unsigned before = r1_caught.count;
	uint32_t m0 = msw();
	CHECK_EQ(r1_caught.count, before);          /* no fault: sensitive only */
	CHECK_EQ(m0 & 1, 1);                        /* PE */
	R1_EXPECT("lmsw (set TS)", 13, 0, "smsw %%eax; orl $8, %%eax", "lmsw %%ax");
	R1_EXPECT("lmsw (clear MP, EM, TS)", 13, 0, "movl $1, %%eax", "lmsw %%ax");
	CHECK_EQ(msw() & ~8u, m0 & ~8u);            /* TS is the hypervisor's to change */
	before = r1_caught.count;
	__asm__ volatile("fnop");
	CHECK_EQ(r1_caught.count, before);
}
