/*
 * hostile/cpu_gdt_remembered_slot - attack on the return path's shortcut:
 * the hypervisor remembers the selectors of the last frames it found
 * loadable and skips the GDT look for them until a TLS slot is written
 * again (hypervisor/traps.c, sanitize_selectors).  Here %gs holds a TLS selector
 * across a hypercall (so it is remembered), then its slot is rewritten
 * to not-present and, separately, to execute-only code.  A shortcut that
 * missed the rewrite would pop the selector in ring 0 and fault there.
 * Containment: after each rewrite %gs is null, the hypervisor runs on and
 * a later trap returns normally.
 */
#include "insn_harness.h"

const char test_title[] = "a remembered TLS selector is checked again after its slot changes";

static uint32_t get_gs(void) { uint32_t v; __asm__ volatile("movl %%gs, %0" : "=r"(v)); return v; }

/* Load sel into %gs and make a hypercall that touches no TLS slot, so the
 * way back finds sel loadable and remembers it. */
static void load_and_remember(uint32_t sel)
{
	__asm__ volatile("movl %0, %%gs" : : "r"(sel));
	vmi_sched_yield();
	CHECK_EQ(get_gs(), sel);
}

void test_main(void)
{
	uint32_t first = test_bi->tls_gdt_first, lim = test_bi->seg_limit >> 12;
	uint32_t sel = (first << 3) | 3;

	r1_catch_all();
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	load_and_remember(sel);

	printf("attack: the remembered selector's slot becomes not present\n");
	CHECK_RET(vmi_write_gdt_entry(first, 0), 0);
	CHECK_EQ(get_gs(), 0);

	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	load_and_remember(sel);
	printf("attack: the remembered selector's slot becomes execute-only code\n");
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF8, 0xC)), 0);
	CHECK_EQ(get_gs(), 0);

	unsigned before = r1_caught.count;
	uint32_t at = R1_TRY("", "ud2");
	r1_expect("ud2 afterwards", before, at, 6, 0);
}
