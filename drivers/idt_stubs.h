/*
 * idt_stubs.h - the 256 IDT entry stubs of whatever owns the bare machine
 * (the native backend and the hypervisor), as assembler macros; include it
 * from a .S file.
 *
 * Every stub leaves the same frame: an error code (a pushed 0 where the CPU
 * pushes none) and then its vector number, so one common path can save the
 * rest.  The CPU pushes an error code for vectors 8, 10-14 and 17 only.
 *
 *   IDT_STUBS prefix, table, irq_target, other_target[, section]
 *
 * emits prefix_0 .. prefix_255 (vectors 0x20-0x2F, the PIC's IRQs where
 * both owners put them, jump to irq_target, the rest to other_target) and,
 * in .rodata, the global table `table` of their 256 addresses for the IDT.
 * The stubs go to `section` (default .text) and the macro leaves that
 * section current: the hypervisor puts them on the pages it keeps mapped
 * while a guest runs (hypervisor/entry.S).
 */
#ifndef DRIVERS_IDT_STUBS_H
#define DRIVERS_IDT_STUBS_H

#define X86_ERRCODE_MASK ((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17))

	.macro idt_stub prefix, vec, irq_target, other_target
	.balign 8
\prefix\()_\vec:
	/* No "<" or ">" below: under .altmacro they quote strings. */
	.if \vec / 32
	pushl $0                        /* uniform frame: fake error code */
	.elseif !((X86_ERRCODE_MASK / (1 << \vec)) & 1)
	pushl $0
	.endif
	pushl $\vec
	.if (\vec / 16) == 2               /* 0x20-0x2F */
	jmp \irq_target
	.else
	jmp \other_target
	.endif
	.endm

	.macro idt_stub_addr prefix, vec
	.long \prefix\()_\vec
	.endm

	.macro IDT_STUBS prefix, table, irq_target, other_target, section=.text
	.section \section, "ax"
	.altmacro
	.set idt_vec, 0
	.rept 256
	idt_stub \prefix, %idt_vec, \irq_target, \other_target
	.set idt_vec, idt_vec + 1
	.endr
	.section .rodata
	.globl \table
	.balign 4
\table:
	.set idt_vec, 0
	.rept 256
	idt_stub_addr \prefix, %idt_vec
	.set idt_vec, idt_vec + 1
	.endr
	.noaltmacro
	.section \section, "ax"
	.endm

#endif /* DRIVERS_IDT_STUBS_H */
