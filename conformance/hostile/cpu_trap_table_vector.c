/*
 * hostile/cpu_trap_table_vector - attack: vmi_set_trap_table entries for
 * vectors the guest does not own: the hypercall vector 0x82 (to take
 * hypercalls over), the timer and COM1 interrupt vectors, 32, 0x81, 0xFF;
 * unknown flag bits; and counts past 256.
 * Containment: each table is refused with -VMI_EINVAL; hypercalls still
 * reach the hypervisor (a timer event arrives), and `int $0x20` (the
 * timer's vector) from ring 1 still raises #GP(0x20 * 8 + 2).
 */
#include "insn_harness.h"

const char test_title[] = "trap-table entries for foreign vectors are refused";

void alt_handler(void);
volatile uint32_t alt_count;         /* named in asm */
__asm__(".pushsection .text\nalt_handler:\n\tincl alt_count\n\tjmp vmi_iret\n.popsection");

void test_main(void)
{
	uint16_t cs = (uint16_t)test_bi->kernel_cs;
	uint8_t vecs[] = { 0x82, 0x20, 0x24, 32, 0x81, 0xFF };
	static struct vmi_trap_entry many[257];

	r1_catch_all();
	for (unsigned i = 0; i < ARRAY_SIZE(vecs); i++) {
		struct vmi_trap_entry e = { vecs[i], 3, cs, (uint32_t)alt_handler };
		printf("attack: entry for vector %#x\n", vecs[i]);
		CHECK_RET(vmi_set_trap_table(&e, 1), -VMI_EINVAL);
	}
	printf("attack: unknown flag bits\n");
	struct vmi_trap_entry f = { 6, 0xF8, cs, (uint32_t)alt_handler };
	CHECK_RET(vmi_set_trap_table(&f, 1), -VMI_EINVAL);
	printf("attack: counts past 256\n");
	for (unsigned i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct vmi_trap_entry){ 6, 0, cs, (uint32_t)alt_handler };
	CHECK_RET(vmi_set_trap_table(many, 257), -VMI_EINVAL);
	CHECK_RET(vmi_set_trap_table(many, 0xFFFFFFFFu), -VMI_EINVAL);

	R1_EXPECT("int $0x20 from ring 1", 13, 0x20 * 8 + 2, "", "int $0x20");
	vmi_irq_enable();
	timer_arm(1000000ull);
	CHECK_EQ(timer_wait(0), 1);
	CHECK_EQ(alt_count, 0);
}
