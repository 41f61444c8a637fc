/*
 * hostile/cpu_ldt_selectors - attack: selectors with the TI bit (the LDT).
 * The hypervisor has no LDT, but the LDT register is whatever it holds:
 * after reset a present table at linear 0, limit 0xFFFF - memory the guest
 * can map.  The guest maps page 0 and writes there a call gate (DPL 3) to
 * the hypervisor's code segment 0x08 at a function of its own, a DPL 1
 * flat data segment and a DPL 3 code segment reaching 4 GiB, then calls
 * through the gate and loads the data segment.
 * Containment: the LDT register is null: each use raises #GP(selector) at
 * the instruction, reflected to the guest kernel; nothing ever ran in
 * ring 0; sldt reads 0.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "LDT selectors are unusable";

#define GATE_SEL  (0x08 | 4 | 3)     /* LDT index 1 */
#define DATA_SEL  (0x10 | 4 | 1)     /* LDT index 2 */
#define CODE_SEL  (0x18 | 4 | 3)     /* LDT index 3 */

volatile uint32_t ring0_cs;          /* set by in_ring0 if it ever runs */
void in_ring0(void);
__asm__(".pushsection .text\nin_ring0:\n\tpushl %eax\n\tmovl %cs, %eax\n\t"
        "movl %eax, ring0_cs\n\tpopl %eax\n\tlret\n.popsection");
struct __attribute__((packed)) { uint32_t off; uint16_t sel; } gate_far = { 0, GATE_SEL },
	code_far = { 0, CODE_SEL };                        /* named in asm */

void test_main(void)
{
	uint32_t page0 = frame_alloc(), ldtr;
	uint64_t *ldt = pfn_to_va(page0);

	ldt[1] = gate_desc(PVHV_HV_CS, (uint32_t)in_ring0, 0xC, 3);
	ldt[2] = vmi_seg_desc(0, 0xFFFFF, 0xB2, 0xC);                 /* DPL 1 data, 4 GiB */
	ldt[3] = vmi_seg_desc(0, 0xFFFFF, 0xFA, 0xC);                 /* DPL 3 code, 4 GiB */
	CHECK_RET(pt_map(pt_current_l2, 0, page0, VMI_PTE_P | VMI_PTE_W), 0);
	r1_catch_all();
	__asm__ volatile("sldt %0" : "=r"(ldtr));
	CHECK_EQ(ldtr & 0xFFFF, 0);
	R1_EXPECT("lcall through an LDT call gate to 0x08", 13, GATE_SEL & ~3u, "",
	          "lcall *gate_far");
	R1_EXPECT("load a DPL 1 LDT data segment into %fs", 13, DATA_SEL & ~3u,
	          "movl $" XSTR(DATA_SEL) ", %%eax", "movl %%eax, %%fs");
	R1_EXPECT("ljmp to a 4 GiB LDT code segment", 13, CODE_SEL & ~3u, "", "ljmp *code_far");
	CHECK_EQ(ring0_cs, 0);
}
