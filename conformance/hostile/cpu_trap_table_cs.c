/*
 * hostile/cpu_trap_table_cs - attack: vmi_set_trap_table entries whose
 * code selector is not the guest kernel's: the hypervisor's code (0x08)
 * and data (0x10) segments, the kernel code segment with RPL 0, the user
 * code segment, the TSS, a TLS slot and the null selector (a handler
 * entered in ring 0, or through a non-code selector).
 * Containment: each table is refused with -VMI_EINVAL and the trap table
 * is unchanged: a #UD still reaches the test's own handler in ring 1.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "trap-table entries with foreign selectors are refused";

void alt_ud(void);
volatile uint32_t alt_count;         /* named in asm */
__asm__(".pushsection .text\nalt_ud:\n\tincl alt_count\n\taddl $2, (%esp)\n\tjmp vmi_iret\n.popsection");

void test_main(void)
{
	uint16_t sels[] = { PVHV_HV_CS, PVHV_HV_DS, (uint16_t)(test_bi->kernel_cs & ~3u),
	                    (uint16_t)test_bi->user_cs, PVHV_TSS,
	                    (uint16_t)((test_bi->tls_gdt_first << 3) | 3), 0 };

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(sels); i++) {
		struct vmi_trap_entry e = { 6, 0, sels[i], (uint32_t)alt_ud };
		printf("attack: #UD handler with cs %#x\n", sels[i]);
		CHECK_RET(vmi_set_trap_table(&e, 1), -VMI_EINVAL);
	}
	R1_EXPECT("ud2 still reaches the old handler", 6, 0, "", "ud2");
	CHECK_EQ(alt_count, 0);
}
