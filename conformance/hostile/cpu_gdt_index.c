/*
 * hostile/cpu_gdt_index - attack: vmi_write_gdt_entry outside the TLS
 * slots: over the null descriptor, the hypervisor's code and data segments,
 * the guest kernel's and user segments, the TSS, just past the TLS slots,
 * at the end of a full GDT, and with high index bits set (truncation).  A
 * valid DPL 3 flat data descriptor is used, so only the index is wrong.
 * Containment: each is refused with -VMI_EINVAL and every existing segment
 * is unchanged: lar/lsl of the kernel and user selectors give what they
 * gave before, the hypervisor's stay invisible from ring 1, and the
 * kernel's code segment still works (a trap returns into it).
 */
#include "insn_harness.h"

const char test_title[] = "GDT writes outside the TLS slots are refused";

void test_main(void)
{
	uint32_t first = test_bi->tls_gdt_first, count = test_bi->tls_gdt_count;
	uint32_t lim = test_bi->seg_limit >> 12;
	uint32_t sels[] = { 0x08, 0x10, test_bi->kernel_cs, test_bi->kernel_ds,
	                    test_bi->user_cs, test_bi->user_ds, 0x38 };
	uint32_t idx[] = { 0, 1, 2, 3, 4, 5, 6, 7, first + count, first + count + 1, 8191,
	                   0x10000u + first, 0x80000000u | first, 0xFFFFFFFFu, first - 1 };
	uint32_t rights[ARRAY_SIZE(sels)], limits[ARRAY_SIZE(sels)];
	uint64_t evil = vmi_seg_desc(0, lim, 0xF2, 0xC);

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(sels); i++) {
		rights[i] = sel_rights(sels[i]);
		limits[i] = sel_limit(sels[i]);
	}
	CHECK_EQ(rights[0], ~0u);                    /* hypervisor code: invisible */
	for (unsigned i = 0; i < ARRAY_SIZE(idx); i++) {
		printf("attack: index %#x\n", idx[i]);
		CHECK_RET(vmi_write_gdt_entry(idx[i], evil), -VMI_EINVAL);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(sels); i++) {
		CHECK_EQ(sel_rights(sels[i]), rights[i]);
		CHECK_EQ(sel_limit(sels[i]), limits[i]);
	}
	R1_EXPECT("ud2 afterwards", 6, 0, "", "ud2");
}
