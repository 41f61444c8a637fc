/*
 * hostile/cpu_gdt_limit - attack: vmi_write_gdt_entry with DPL 3 segments
 * reaching the hypervisor: a page-granular limit one page past seg_limit
 * (seg_limit + 1 and beyond), a byte-granular one ending at seg_limit + 1,
 * a base at the hypervisor's image, flat 4 GiB code and data, and a base +
 * limit that wraps around 4 GiB.
 * Containment: each is refused with -VMI_EINVAL and the slot keeps what it
 * had (lsl/lar unchanged); a segment ending exactly at seg_limit is
 * accepted, and lsl then reports seg_limit.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "GDT segments reaching the hypervisor are refused";

void test_main(void)
{
	uint32_t slot = test_bi->tls_gdt_first + 2, sel = (slot << 3) | 3;
	uint32_t top = test_bi->seg_limit;               /* 0xFC3FFFFF */
	struct { const char *what; uint64_t d; } evil[] = {
		{ "page-granular limit to seg_limit + 1 page", vmi_seg_desc(0, (top >> 12) + 1, 0xF2, 0xC) },
		{ "byte-granular end at seg_limit + 1", vmi_seg_desc(top - 0xFFFF, 0x10000, 0xF2, 0x4) },
		{ "page-granular base 4 KiB, limit to seg_limit", vmi_seg_desc(0x1000, top >> 12, 0xF2, 0xC) },
		{ "base at the hypervisor's image", vmi_seg_desc(PVHV_HV_BASE, 0, 0xF2, 0x4) },
		{ "base at the M2P, limit to 4 GiB", vmi_seg_desc(VMI_HV_START, 0xFFFFF, 0xF2, 0xC) },
		{ "flat 4 GiB data", vmi_seg_desc(0, 0xFFFFF, 0xF2, 0xC) },
		{ "flat 4 GiB code", vmi_seg_desc(0, 0xFFFFF, 0xFA, 0xC) },
		{ "base + limit wraps 4 GiB", vmi_seg_desc(0xFFFFF000u, 0x1FFF, 0xF2, 0x4) },
	};

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0x3000, 0x7FF, 0xF2, 0x4)), 0);
	uint32_t rights = sel_rights(sel), limit = sel_limit(sel);
	CHECK_EQ(limit, 0x7FF);
	for (unsigned i = 0; i < ARRAY_SIZE(evil); i++) {
		printf("attack: %s\n", evil[i].what);
		CHECK_RET(vmi_write_gdt_entry(slot, evil[i].d), -VMI_EINVAL);
		CHECK_EQ(sel_rights(sel), rights);
		CHECK_EQ(sel_limit(sel), limit);
	}
	printf("control: a segment ending exactly at seg_limit\n");
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc(0, top >> 12, 0xF2, 0xC)), 0);
	CHECK_EQ(sel_limit(sel), top);
}
