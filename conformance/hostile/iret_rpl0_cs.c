/*
 * hostile/iret_rpl0_cs - attack: forged vmi_iret frames whose cs names a
 * guest code segment with the wrong RPL: the kernel code segment with RPL 0
 * and RPL 2, the user code segment with RPL 0, 1 and 2.  (An iret executed
 * by the hypervisor with such a cs could run guest code with the wrong CPL:
 * RPL 0 would be ring 0.)
 * Containment: each frame is refused: #GP(0) reflected to the guest kernel
 * from inside vmi_iret; the correctly-tagged kernel selector returns.
 */
#include "insn_harness.h"

const char test_title[] = "vmi_iret with a wrong-RPL code selector is refused";

void test_main(void)
{
	uint32_t k = test_bi->kernel_cs & ~3u, u = test_bi->user_cs & ~3u;
	uint32_t cs[] = { k, k | 2, u, u | 1, u | 2 };
	char what[48];

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(cs); i++) {
		const uint32_t f[5] = { (uint32_t)iret_back, cs[i], read_eflags(),
		                        (uint32_t)&iret_area.room[512], test_bi->user_ds };
		unsigned before = r1_caught.count;
		iret_forge(f, 5);
		snprintf(what, sizeof what, "cs %#x", cs[i]);
		iret_refused(what, before);
	}
	printf("control: the kernel's own cs returns\n");
	const uint32_t ok[3] = { (uint32_t)iret_back, test_bi->kernel_cs, read_eflags() };
	unsigned before = r1_caught.count;
	iret_forge(ok, 3);
	CHECK_EQ(r1_caught.count, before);
}
