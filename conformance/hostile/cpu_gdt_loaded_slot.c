/*
 * hostile/cpu_gdt_loaded_slot - attack: load %fs/%gs with TLS selectors,
 * then rewrite (vmi_write_gdt_entry) the slots they name under them: to an
 * execute-only code segment (legal in a TLS slot, but not loadable into a
 * data segment register) and to not-present (0).  The hypervisor's way
 * back to the guest pops the guest's data selectors, so a selector it does
 * not re-check would fault in ring 0.
 * Containment: each write succeeds (the descriptors are legal), the
 * hypercall returns to the guest, and a selector that no longer loads is
 * null afterwards while one that still loads (readable code) is kept; the
 * hypervisor runs on and a later trap returns normally.
 */
#include "insn_harness.h"

const char test_title[] = "rewriting a loaded TLS slot cannot fault the hypervisor";

static uint32_t get_fs(void) { uint32_t v; __asm__ volatile("movl %%fs, %0" : "=r"(v)); return v; }
static uint32_t get_gs(void) { uint32_t v; __asm__ volatile("movl %%gs, %0" : "=r"(v)); return v; }

void test_main(void)
{
	uint32_t first = test_bi->tls_gdt_first, lim = test_bi->seg_limit >> 12;
	uint32_t sel_a = (first << 3) | 3, sel_b = ((first + 1) << 3) | 3;
	uint32_t sel_c = ((first + 2) << 3) | 3;

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	CHECK_RET(vmi_write_gdt_entry(first + 1, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	__asm__ volatile("movl %0, %%fs\n\tmovl %1, %%gs" : : "r"(sel_a), "r"(sel_b));
	CHECK_EQ(get_fs(), sel_a);

	printf("attack: %%fs's slot becomes execute-only code\n");
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF8, 0xC)), 0);
	CHECK_EQ(get_fs(), 0);
	CHECK_EQ(get_gs(), sel_b);

	printf("control: %%gs's slot becomes readable code (still loadable)\n");
	CHECK_RET(vmi_write_gdt_entry(first + 1, vmi_seg_desc(0, lim, 0xFA, 0xC)), 0);
	CHECK_EQ(get_gs(), sel_b);

	printf("attack: %%gs's slot becomes not present\n");
	CHECK_RET(vmi_write_gdt_entry(first + 1, 0), 0);
	CHECK_EQ(get_gs(), 0);

	printf("attack: %%fs holds a conforming execute-only code selector at a trap\n");
	CHECK_RET(vmi_write_gdt_entry(first + 2, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	__asm__ volatile("movl %0, %%fs" : : "r"(sel_c));
	CHECK_RET(vmi_write_gdt_entry(first + 2, vmi_seg_desc(0, lim, 0xFC, 0xC)), 0);
	CHECK_EQ(get_fs(), 0);
	unsigned before = r1_caught.count;
	uint32_t at = R1_TRY("", "ud2");
	r1_expect("ud2 afterwards", before, at, 6, 0);
}
