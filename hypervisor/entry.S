/*
 * entry.S - the hypervisor's boot stub, its page tables, every IDT entry
 * stub, and the one path back into a guest.
 *
 * Boot: QEMU enters hv_entry at its physical address with paging off.  The
 * stub maps machine [0, 16 MiB) twice - identity (to survive turning paging
 * on) and at HV_DIRECT_BASE - plus the image at 0xFC400000 and the window L1
 * at slot 1023, turns on paging with CR0.WP, jumps high and calls hv_main.
 * These tables become the "idle" address space whose slots 1009-1023 every
 * guest L2 shares.
 *
 * Traps: every vector has a stub that pushes an error code where the CPU
 * does not, then its number; hv_common saves the rest as struct hv_regs,
 * calls hv_trap, and returns through hv_return.  There is one hypervisor
 * stack: the frame of a trap from a guest always sits at its top, which is
 * where context_switch rewrites it and hv_enter_guest builds it.
 */
#include "drivers/idt_stubs.h"
#define HV_LOAD_OFFSET 0xFC300000
#define PHYS(x) ((x) - HV_LOAD_OFFSET)
#define HV_DS 0x10
#define PTE_PW 0x003
#define HV_REGS_SIZE (19 * 4)
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .text.boot, "ax"
	.globl hv_entry
hv_entry:
	cli
	movl %eax, %esi                      /* multiboot magic; EBX = info */
	movl $PHYS(__bss_start), %edi        /* zero .bss (the tables live there) */
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	cld
	rep stosl

	/* direct L1s: machine [0, 16 MiB), 4 tables */
	movl $PHYS(direct_l1), %edi
	movl $PTE_PW, %eax
	movl $4096, %ecx
1:	stosl
	addl $0x1000, %eax
	loop 1b
	/* image L1s: 0xFC400000 + x -> 0x100000 + x, 3 tables (12 MiB) */
	movl $PHYS(image_l1), %edi
	movl $(0x100000 + PTE_PW), %eax
	movl $3072, %ecx
2:	stosl
	addl $0x1000, %eax
	loop 2b

	movl $PHYS(hv_idle_l2), %edi
	xorl %ecx, %ecx
3:	movl %ecx, %eax                      /* slots 0-3 (identity) and 1012-1015 */
	shll $12, %eax
	addl $(PHYS(direct_l1) + PTE_PW), %eax
	movl %eax, (%edi, %ecx, 4)
	movl %eax, (1012 * 4)(%edi, %ecx, 4)
	incl %ecx
	cmpl $4, %ecx
	jne 3b
	xorl %ecx, %ecx
4:	movl %ecx, %eax                      /* slots 1009-1011: the image */
	shll $12, %eax
	addl $(PHYS(image_l1) + PTE_PW), %eax
	movl %eax, (1009 * 4)(%edi, %ecx, 4)
	incl %ecx
	cmpl $3, %ecx
	jne 4b
	movl $(PHYS(hv_window_l1) + PTE_PW), %eax   /* slot 1023: windows */
	movl %eax, (1023 * 4)(%edi)
	movl %eax, PHYS(hv_window_l1) + 1022 * 4    /* ... mapped onto itself */

	movl $PHYS(hv_idle_l2), %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $0x80010000, %eax                /* PG | WP */
	movl %eax, %cr0
	movl $high, %eax
	jmp *%eax
high:
	movl $hv_stack_top, %esp
	xorl %ebp, %ebp
	movl $0, hv_idle_l2                  /* drop the identity slots */
	movl $0, hv_idle_l2 + 4
	movl $0, hv_idle_l2 + 8
	movl $0, hv_idle_l2 + 12
	movl %cr3, %eax
	movl %eax, %cr3
	pushl %ebx
	pushl %esi
	call hv_main                         /* never returns */
5:	hlt
	jmp 5b

/* ---- IDT stubs (drivers/idt_stubs.h): every vector to hv_common ---- */
	IDT_STUBS hv_stub, hv_stubs, hv_common, hv_common

	.text
hv_common:
	pushal
	pushl %ds                            /* struct hv_regs: gs lowest */
	pushl %es
	pushl %fs
	pushl %gs
	movl $HV_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	/* %fs/%gs too: a trap nested in the hypervisor (a guest-copy fault, an
	 * IRQ while idle) pops what was loaded when it came, and the guest's
	 * TLS selectors may name slots it rewrote meanwhile (#GP in ring 0). */
	movl %eax, %fs
	movl %eax, %gs
	pushl %esp
	call hv_trap
	addl $4, %esp
	.globl hv_return
hv_return:
	popl %gs                             /* selectors checked by hv_trap */
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp                        /* vector, error code */
	iret

/* hv_enter_guest(r): build r at the top of the stack and return into it. */
	.globl hv_enter_guest
hv_enter_guest:
	movl 4(%esp), %esi
	movl $hv_stack_top - HV_REGS_SIZE, %esp
	movl %esp, %edi
	movl $(HV_REGS_SIZE / 4), %ecx
	cld
	rep movsl
	jmp hv_return

/* hv_exit(code): QEMU's isa-debug-exit, then stop. */
	.globl hv_exit
hv_exit:
	cli
	movl 4(%esp), %eax
	movl $0xF4, %edx
	outl %eax, %dx
6:	hlt
	jmp 6b

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl hv_idle_l2, hv_window_l1
hv_idle_l2:	.skip 4096
hv_window_l1:	.skip 4096
direct_l1:	.skip 4096 * 4
image_l1:	.skip 4096 * 3

	.section .bss
	.balign 16
	.globl hv_stack_top
hv_stack:	.skip 32768
hv_stack_top:
