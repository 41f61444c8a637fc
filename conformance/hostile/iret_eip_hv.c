/*
 * hostile/iret_eip_hv - attack: forged vmi_iret frames whose eip lies in
 * the hypervisor (at and above 0xFC400000, past the guest segments' limit)
 * for a return to the guest kernel and to user mode: the first byte past
 * seg_limit, the hypervisor's image, the top of memory.  (An iret to an eip
 * past the code segment's limit faults in ring 0; under TCG, which does not
 * check limits, the guest would execute the hypervisor's code.)
 * Containment: each frame is refused: #GP(0) reflected to the guest kernel
 * from inside vmi_iret; nothing runs there.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "vmi_iret to an eip in the hypervisor is refused";

void test_main(void)
{
	uint32_t eips[] = { test_bi->seg_limit + 1, PVHV_HV_BASE + 0x1000, 0xFFFFFFF0u };
	char what[64];

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(eips); i++) {
		const uint32_t fk[3] = { eips[i], test_bi->kernel_cs, read_eflags() };
		const uint32_t fu[5] = { eips[i], test_bi->user_cs, 0x202, 0x40001000u,
		                         test_bi->user_ds };
		unsigned before = r1_caught.count;
		iret_forge(fk, 3);
		snprintf(what, sizeof what, "ring 1 at eip %#x", eips[i]);
		iret_refused(what, before);
		before = r1_caught.count;
		iret_forge(fu, 5);
		snprintf(what, sizeof what, "ring 3 at eip %#x", eips[i]);
		iret_refused(what, before);
	}
}
