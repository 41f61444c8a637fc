/*
 * hostile/cpu_gdt_system - attack: vmi_write_gdt_entry with system
 * descriptors of DPL 3: a 32-bit call gate to the hypervisor's code
 * segment (0x08) at its image, a 16-bit call gate, a task gate to the
 * hypervisor's TSS, an available TSS, an LDT, an interrupt and a trap gate.
 * Any of them would let ring 1 or ring 3 transfer into ring 0 or swap the
 * processor's whole state.
 * Containment: each is refused with -VMI_EINVAL; the slot keeps its DPL 3
 * data segment (lar/lsl unchanged), so a far call through its selector
 * raises #GP(selector) - it is no gate.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "GDT system descriptors and gates are refused";

static uint8_t fake_tss[104];
uint32_t far_target[2];          /* offset, selector: named in asm */

void test_main(void)
{
	uint32_t slot = test_bi->tls_gdt_first, sel = (slot << 3) | 3;
	struct { const char *what; uint64_t d; } evil[] = {
		{ "call gate to 0x08:hypervisor", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xC, 3) },
		{ "16-bit call gate to 0x08", gate_desc(PVHV_HV_CS, 0x1000, 0x4, 3) },
		{ "task gate to the hypervisor's TSS", gate_desc(PVHV_TSS, 0, 0x5, 3) },
		{ "available 32-bit TSS", vmi_seg_desc((uint32_t)fake_tss, 103, 0xE9, 0) },
		{ "LDT", vmi_seg_desc((uint32_t)fake_tss, 103, 0xE2, 0) },
		{ "interrupt gate to 0x08", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xE, 3) },
		{ "trap gate to 0x08", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xF, 3) },
	};

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0x2000, 0xFFF, 0xF2, 0x4)), 0);
	uint32_t rights = sel_rights(sel), limit = sel_limit(sel);
	for (unsigned i = 0; i < ARRAY_SIZE(evil); i++) {
		printf("attack: %s\n", evil[i].what);
		CHECK_RET(vmi_write_gdt_entry(slot, evil[i].d), -VMI_EINVAL);
		CHECK_EQ(sel_rights(sel), rights);
		CHECK_EQ(sel_limit(sel), limit);
	}
	far_target[1] = sel;
	R1_EXPECT("lcall through the slot", 13, sel & ~3u, "", "lcall *far_target");
}
