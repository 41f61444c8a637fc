/*
 * hostile/cpu_trap_table_handler - attack: vmi_set_trap_table entries whose
 * handler lies in the platform's range: hv_start (the M2P), the shared-info
 * page (below seg_limit, but the platform's), the hypervisor's image, the
 * top of memory; and a two-entry table whose first entry is valid and
 * whose second is not (the table must be checked whole before anything
 * takes effect).
 * Containment: each table is refused with -VMI_EINVAL and nothing changes:
 * a #UD still reaches the old handler, not the valid first entry's.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "trap-table handlers in the hypervisor's range are refused";

void alt_ud(void);
volatile uint32_t alt_count;         /* named in asm */
__asm__(".pushsection .text\nalt_ud:\n\tincl alt_count\n\taddl $2, (%esp)\n\tjmp vmi_iret\n.popsection");

void test_main(void)
{
	uint16_t cs = (uint16_t)test_bi->kernel_cs;
	uint32_t bad[] = { test_bi->hv_start, PVHV_SHARED_INFO_VA, PVHV_HV_BASE,
	                   PVHV_HV_BASE + 0x1000, 0xFFFFF000u, 0xFFFFFFFFu };

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		struct vmi_trap_entry e = { 6, 0, cs, bad[i] };
		printf("attack: #UD handler at %#x\n", bad[i]);
		CHECK_RET(vmi_set_trap_table(&e, 1), -VMI_EINVAL);
	}
	printf("attack: valid entry, then one into the hypervisor\n");
	struct vmi_trap_entry two[2] = { { 6, 0, cs, (uint32_t)alt_ud }, { 13, 0, cs, PVHV_HV_BASE } };
	CHECK_RET(vmi_set_trap_table(two, 2), -VMI_EINVAL);
	R1_EXPECT("ud2 still reaches the old handler", 6, 0, "", "ud2");
	R1_EXPECT("#GP still reaches the old handler", 13, 0, "", "cli");
	CHECK_EQ(alt_count, 0);
}
