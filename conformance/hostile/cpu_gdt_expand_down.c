/*
 * hostile/cpu_gdt_expand_down - attack: vmi_write_gdt_entry with DPL 3
 * expand-down data segments (read-write and read-only, page- and
 * byte-granular, 32- and 16-bit).  An expand-down segment's valid offsets
 * are those ABOVE its limit, up to 4 GiB (or 64 KiB when 16-bit), so a
 * small limit field is a segment covering the hypervisor.
 * Containment: each is refused with -VMI_EINVAL and the slot keeps its
 * expand-up segment (lar/lsl unchanged); the same descriptor expand-up is
 * accepted.
 */
#include "insn_harness.h"

const char test_title[] = "expand-down GDT segments are refused";

void test_main(void)
{
	uint32_t slot = test_bi->tls_gdt_first, sel = (slot << 3) | 3;
	struct { const char *what; uint64_t d; } evil[] = {
		{ "expand-down RW, limit 0, 32-bit, 4K granular", vmi_seg_desc(0, 0, 0xF6, 0xC) },
		{ "expand-down RW, limit 0xFFFF, byte granular", vmi_seg_desc(0, 0xFFFF, 0xF6, 0x4) },
		{ "expand-down RO, limit 0x1000, 32-bit", vmi_seg_desc(0, 0x1000, 0xF4, 0x4) },
		{ "expand-down RW, 16-bit", vmi_seg_desc(0x10000, 0xFFF, 0xF6, 0x0) },
		{ "expand-down RW, accessed", vmi_seg_desc(0, 0x10, 0xF7, 0xC) },
	};

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0x4000, 0xFFF, 0xF2, 0x4)), 0);
	uint32_t rights = sel_rights(sel), limit = sel_limit(sel);
	for (unsigned i = 0; i < ARRAY_SIZE(evil); i++) {
		printf("attack: %s\n", evil[i].what);
		CHECK_RET(vmi_write_gdt_entry(slot, evil[i].d), -VMI_EINVAL);
		CHECK_EQ(sel_rights(sel), rights);
		CHECK_EQ(sel_limit(sel), limit);
	}
	printf("control: the same segment expand-up\n");
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0, 0x1000, 0xF2, 0x4)), 0);
	CHECK_EQ(sel_limit(sel), 0x1000);
}
