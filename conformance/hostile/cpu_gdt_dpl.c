/*
 * hostile/cpu_gdt_dpl - attack: vmi_write_gdt_entry with code and data
 * segments of DPL 0, 1 and 2 (a DPL 0 code segment is ring 0 for whoever
 * can reach it, a DPL 1 one the guest kernel's ring for its user programs,
 * a DPL 0 data segment the hypervisor's data).
 * Containment: each is refused with -VMI_EINVAL and the slot keeps its
 * DPL 3 data segment (lar/lsl on its selector unchanged, still loadable);
 * the guest kernel's own segments are unchanged too.
 */
#include "insn_harness.h"

const char test_title[] = "GDT entries with DPL 0-2 are refused";

void test_main(void)
{
	uint32_t slot = test_bi->tls_gdt_first + 1, sel = (slot << 3) | 3;
	uint32_t lim = test_bi->seg_limit >> 12;
	char what[64];

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0x1000, 0xFFF, 0xF2, 0x4)), 0);
	uint32_t rights = sel_rights(sel), limit = sel_limit(sel);
	uint32_t kcs = sel_rights(test_bi->kernel_cs), kds = sel_rights(test_bi->kernel_ds);
	CHECK_NE(rights, ~0u);
	for (uint32_t dpl = 0; dpl < 3; dpl++)
		for (int code = 0; code < 2; code++) {
			uint32_t access = 0x90 | (dpl << 5) | (code ? 0xA : 0x2);
			snprintf(what, sizeof what, "DPL %u %s segment (access %#x)", dpl,
			         code ? "code" : "data", access);
			printf("attack: %s\n", what);
			CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0, lim, access, 0xC)), -VMI_EINVAL);
			CHECK_EQ(sel_rights(sel), rights);
			CHECK_EQ(sel_limit(sel), limit);
		}
	CHECK_EQ(sel_rights(test_bi->kernel_cs), kcs);
	CHECK_EQ(sel_rights(test_bi->kernel_ds), kds);
	unsigned before = r1_caught.count;
	__asm__ volatile("movl %0, %%fs\n\tmovl $0, %%eax\n\tmovl %%eax, %%fs" : : "r"(sel) : "eax");
	CHECK_EQ(r1_caught.count, before);            /* still a loadable segment */
}
