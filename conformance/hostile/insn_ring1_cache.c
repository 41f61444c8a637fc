/*
 * hostile/insn_ring1_cache - attack: cache and TLB control from the guest
 * kernel (ring 1): invlpg (flush a translation behind the hypervisor's
 * back), wbinvd and invd (invd discards dirty cache lines - other domains'
 * and the hypervisor's writes).
 * Containment: each raises #GP(0) at the instruction, reflected to the
 * guest kernel; the guest's data written just before is intact.
 */
#include "insn_harness.h"

const char test_title[] = "cache and TLB control in ring 1 are contained";

static volatile uint32_t canary;

void test_main(void)
{
	r1_catch_all();
	canary = 0xC0FFEE;
	R1_EXPECT("invlpg", 13, 0, "movl %%esp, %%eax", "invlpg (%%eax)");
	R1_EXPECT("wbinvd", 13, 0, "", "wbinvd");
	R1_EXPECT("invd", 13, 0, "", "invd");
	CHECK_EQ(canary, 0xC0FFEE);
}
