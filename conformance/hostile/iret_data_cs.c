/*
 * hostile/iret_data_cs - attack: forged vmi_iret frames whose cs is not a
 * code segment: the kernel and user data segments, the hypervisor's data
 * segment, the TSS, a TLS slot holding a data segment, the null selector,
 * and an LDT selector (there is no LDT).  An iret executed by the
 * hypervisor with such a cs faults in ring 0.
 * Containment: each frame is refused: #GP(0) reflected to the guest kernel
 * from inside vmi_iret; the hypervisor runs on.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "vmi_iret with a data selector as cs is refused";

void test_main(void)
{
	uint32_t tls = test_bi->tls_gdt_first;
	uint32_t cs[] = { test_bi->kernel_ds, test_bi->user_ds, PVHV_HV_DS, PVHV_TSS,
	                  (tls << 3) | 3, 0, 3, test_bi->kernel_cs | 4 };
	char what[48];

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(tls, vmi_seg_desc(0, test_bi->seg_limit >> 12, 0xF2, 0xC)), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(cs); i++) {
		const uint32_t f[5] = { (uint32_t)iret_back, cs[i], read_eflags(),
		                        (uint32_t)&iret_area.room[512], test_bi->user_ds };
		unsigned before = r1_caught.count;
		iret_forge(f, 5);
		snprintf(what, sizeof what, "cs %#x", cs[i]);
		iret_refused(what, before);
	}
}
