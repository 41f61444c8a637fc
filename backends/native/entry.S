/*
 * entry.S - multiboot header and the boot stub of the native backend.
 *
 * QEMU enters native_entry at its PHYSICAL address with paging off, EAX =
 * multiboot magic, EBX = multiboot info.  The stub zeroes .bss, maps the
 * first BOOT_L1_COUNT * 4 MiB (boot_map.h) both at 0 (so the next
 * instruction still runs) and at VMI_KERNEL_BASE with 4 KiB pages, enables
 * paging with CR0.WP (so read-only
 * page-table aliases are enforced in ring 0 too), jumps high and calls
 * native_main.  The identity half is dropped by mmu_init.  Until the jump
 * every symbol is used through its physical alias (minus KERNEL_BASE).
 */
#define KERNEL_BASE 0xC0000000
#define PHYS(x) ((x) - KERNEL_BASE)
#include "boot_map.h"
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003                  /* page-align modules, memory info */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text.boot, "ax"
	.globl native_entry
native_entry:
	cli
	movl %eax, %esi                      /* keep the magic; EBX (info) is kept */

	/* zero .bss: the boot page tables live there */
	movl $PHYS(__bss_start), %edi
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	cld
	rep stosl

	/* boot_l1[i] = frame i, present + writable, for the whole boot map */
	movl $PHYS(boot_l1), %edi
	movl $0x003, %eax
	movl $(BOOT_L1_COUNT * 1024), %ecx
1:	movl %eax, (%edi)
	addl $4, %edi
	addl $0x1000, %eax
	loop 1b

	/* boot_l2[0..] (identity) and [768..] (higher half) -> boot_l1 */
	movl $PHYS(boot_l2), %edi
	movl $(PHYS(boot_l1) + 0x003), %eax
	xorl %ecx, %ecx
2:	movl %eax, (%edi, %ecx, 4)
	movl %eax, (768 * 4)(%edi, %ecx, 4)
	addl $0x1000, %eax
	incl %ecx
	cmpl $BOOT_L1_COUNT, %ecx
	jne 2b

	movl $PHYS(boot_l2), %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $0x80010000, %eax                /* PG | WP */
	movl %eax, %cr0
	movl $high, %eax                     /* absolute: the higher half */
	jmp *%eax

high:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp                      /* end of the frame-pointer chain */
	pushl %ebx                           /* native_main(magic, mbi) */
	pushl %esi
	call native_main
1:	hlt                                  /* native_main never returns */
	jmp 1b

	/* boot tables: referenced by mmu_init and the boot info */
	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl boot_l2, boot_l1
boot_l2:	.skip 4096
boot_l1:	.skip 4096 * BOOT_L1_COUNT

	.section .bss
	.balign 16
boot_stack:	.skip 16384
	.globl boot_stack_top
boot_stack_top:
