/*
 * gdt.h - the CPU's segment tables as the owner of the bare machine sets
 * them up (gdt.c): the 32-bit TSS layout and loading a GDT with its TSS.
 *
 * The native backend and the hypervisor lay out different descriptors (the
 * hypervisor adds ring-1 segments ending below itself); both load them the
 * same way, so that part lives here once.
 */
#ifndef DRIVERS_GDT_H
#define DRIVERS_GDT_H

#include <stdint.h>

/* The hardware task-state segment; only the stack fields are used (no
 * hardware task switching), and no I/O bitmap: iomap_base past the end. */
struct x86_tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

/* Put `tss` in slot tss_sel of gdt[entries], load the GDT, reload CS with
 * code_sel and every data segment register with data_sel, load the task
 * register and a null LDT (so no selector with the TI bit is usable). */
void gdt_load(uint64_t *gdt, unsigned entries, struct x86_tss *tss,
	      uint16_t code_sel, uint16_t data_sel, uint16_t tss_sel);

#endif /* DRIVERS_GDT_H */
