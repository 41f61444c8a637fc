/*
 * gdt.c - loading a GDT, the segment registers, the TSS and a null LDT
 * (gdt.h), for the native backend and the hypervisor alike.
 */
#include "gdt.h"
#include <vmi/rules.h>

void gdt_load(uint64_t *gdt, unsigned entries, struct x86_tss *tss,
	      uint16_t code_sel, uint16_t data_sel, uint16_t tss_sel)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr;

	tss->iomap_base = sizeof *tss;      /* no I/O bitmap: port I/O below
					     * ring 0 (IOPL 0) gets #GP */
	gdt[tss_sel >> 3] = vmi_seg_desc((uint32_t)tss, sizeof *tss - 1, 0x89, 0x0);
	gdtr.limit = entries * sizeof *gdt - 1;
	gdtr.base = (uint32_t)gdt;
	/* A far return reloads CS with a selector known only at run time. */
	asm volatile("lgdt %0\n\t"
		     "pushl %k1\n\tpushl $1f\n\tlret\n"
		     "1:\tmov %2, %%ds\n\tmov %2, %%es\n\tmov %2, %%ss\n\t"
		     "mov %2, %%fs\n\tmov %2, %%gs\n\t"
		     "ltr %w3"
		     : : "m"(gdtr), "r"((uint32_t)code_sel), "r"((uint32_t)data_sel),
		       "r"((uint32_t)tss_sel)
		     : "memory");
	/* LDTR still holds what reset left (base 0, limit 0xFFFF): a guest
	 * could write descriptors at virtual 0 of its own space and load them
	 * with TI-bit selectors.  A null LDTR makes every such selector #GP. */
	asm volatile("lldt %w0" : : "r"(0) : "memory");
}
