/*
 * hostile/iret_ring0_cs - attack: forged vmi_iret frames (jumped to with a
 * hand-made frame, as a trap handler returns) whose cs is the hypervisor's
 * code segment 0x08, with RPL 0 and with RPL 1 and 3, to return into
 * ring 0 at an address of the guest's choosing.
 * Containment: each frame is refused: #GP(0) reflected to the guest kernel
 * from inside vmi_iret (ring-1 frame); nothing runs in ring 0.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "vmi_iret to ring 0 is refused";

void test_main(void)
{
	uint32_t cs[] = { PVHV_HV_CS, PVHV_HV_CS | 1, PVHV_HV_CS | 3 };
	char what[48];

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(cs); i++) {
		const uint32_t f[3] = { (uint32_t)iret_back, cs[i], read_eflags() };
		unsigned before = r1_caught.count;
		iret_forge(f, 3);
		snprintf(what, sizeof what, "cs %#x", cs[i]);
		iret_refused(what, before);
	}
	printf("attack: ring-0 cs with a user-style frame (esp, ss)\n");
	const uint32_t f5[5] = { (uint32_t)iret_back, PVHV_HV_CS, read_eflags(),
	                         (uint32_t)&iret_area.room[512], PVHV_HV_DS };
	unsigned before = r1_caught.count;
	iret_forge(f5, 5);
	iret_refused("cs 0x08, ss 0x10", before);
}
