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
 * calls hv_trap, and returns through hv_return.  The hypercall gate
 * (vector 0x82) has an entry of its own: HC_EVTCHN_SEND from the guest
 * kernel takes fast_send, which saves only what the send needs; every
 * other hypercall goes the stub's way.  There is one hypervisor
 * stack: in segment mode the frame of a trap from a guest always sits at
 * its top, which is where context_switch rewrites it (through hv_trap's
 * pointer) and hv_enter_guest builds it.
 *
 * Address-space isolation (isolation.c): a guest then runs on its view of
 * its tables, where nothing of the hypervisor is mapped but the switcher
 * pages, so the stubs, hv_common and hv_return live there (.switcher.text)
 * and the processor leaves a guest's trap frame on the switcher's one-page
 * trap stack (TSS esp0).  Entry loads the hypervisor's tables (the guest's
 * full L2, sw_hv_cr3) and runs the C code on the hypervisor stack with the
 * frame left where the processor put it: hv_trap's struct hv_regs is on
 * the trap stack, and the way back loads the guest's view
 * (current->view_pa) and irets from there - no copy either way (only
 * hv_enter_guest's frame, built on the hypervisor stack, is copied over).
 * The guest can write the trap stack page, but only while it runs, when
 * the page holds nothing but its own last frame: the hypervisor runs with
 * no guest running (one processor), reads the frame only after the
 * processor wrote it, and a context switch overwrites all of it with the
 * next domain's registers.  Nothing else of the hypervisor's is ever on
 * that page.  Segment mode takes neither branch (sw_as_mode is 0): no
 * page-table switch at all.
 */
#include "drivers/idt_stubs.h"
	/* vmi/pvhv.h is a C header: gas skips its declarations in this
	 * never-assembled block, while cpp still defines its macros. */
	.if 0
#include <vmi/pvhv.h>
	.endif
#define HV_LOAD_OFFSET 0xFC300000
#define PHYS(x) ((x) - HV_LOAD_OFFSET)
#define HV_DS 0x10
#define PTE_PW 0x003
#define HV_REGS_SIZE (19 * 4)
#define REGS_CS     (15 * 4)                 /* offsets in struct hv_regs */
#define REGS_EFLAGS (16 * 4)
#define EFLAGS_VM   0x20000
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
	/* image L1: 0xFC400000 + x -> 0x100000 + x, one table (4 MiB, hv.ld) */
	movl $PHYS(image_l1), %edi
	movl $(0x100000 + PTE_PW), %eax
	movl $1024, %ecx
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
	movl $(PHYS(image_l1) + PTE_PW), %eax   /* slot 1009: the image */
	movl %eax, (1009 * 4)(%edi)
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
	IDT_STUBS hv_stub, hv_stubs, hv_common, hv_common, .switcher.text

	/* still .switcher.text: mapped in every guest's view */

/* int $0x82 (its IDT gate, traps.c): HC_EVTCHN_SEND takes fast_send, every
 * other hypercall vector 0x82's stub, which falls through to hv_common. */
	.globl hv_hypercall_entry
hv_hypercall_entry:
	cmpl $HC_EVTCHN_SEND, %eax
	je fast_send
hv_hypercall_stub:
	pushl $0
	pushl $PVHV_HYPERCALL_VECTOR
hv_common:
	pushal
	pushl %ds                            /* struct hv_regs: gs lowest */
	pushl %es
	pushl %fs
	pushl %gs
	cld                                  /* the guest's DF is in its eflags */
	movl $HV_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	/* %fs/%gs too: a trap nested in the hypervisor (a guest-copy fault, an
	 * IRQ while idle) pops what was loaded when it came, and the guest's
	 * TLS selectors may name slots it rewrote meanwhile (#GP in ring 0). */
	movl %eax, %fs
	movl %eax, %gs
	cmpl $0, sw_as_mode
	jne as_entry
hv_call:
	pushl %esp
	call hv_trap
	addl $4, %esp
	.globl hv_return
hv_return:
	cmpl $0, sw_as_mode
	je hv_pop

/* Address-space mode, the way out to a guest: the frame on the trap stack
 * (hv_enter_guest's is copied there), then the guest's view; from here
 * on only switcher pages are touched. */
as_exit:
	testl $3, REGS_CS(%esp)
	jz hv_pop                            /* back into the hypervisor */
	cmpl $sw_stack_top - HV_REGS_SIZE, %esp
	je as_exit_guest
	movl %esp, %esi
	movl $sw_stack_top - HV_REGS_SIZE, %edi
	movl $(HV_REGS_SIZE / 4), %ecx
	cld
	rep movsl
	movl $sw_stack_top - HV_REGS_SIZE, %esp
	jmp as_exit_guest

/* Address-space mode, the way in.  A frame from a guest (ring 1 or 3, or
 * virtual-8086 mode whose cs may have RPL 0) always finds the guest's view
 * loaded - a guest never runs on anything else - so the hypervisor's
 * tables are loaded without a look at CR3; the frame stays on the trap
 * stack while hv_trap runs on the hypervisor stack, and the way out falls
 * through to as_exit_guest.  A frame from ring 0 (a trap inside the
 * hypervisor) loads them only if they are not loaded already - only when
 * the way out itself faulted, a hypervisor bug, are they not - and stays
 * where it is: on the hypervisor stack, or in that case on the trap
 * stack, where hv_trap then panics. */
as_entry:
	testl $3, REGS_CS(%esp)
	jnz as_entry_guest
	testl $EFLAGS_VM, REGS_EFLAGS(%esp)
	jnz as_entry_guest
	movl sw_hv_cr3, %eax
	movl %cr3, %edx
	cmpl %eax, %edx
	je hv_call
	movl %eax, %cr3
	incl mm_tlb_clock                    /* a full flush (mm.h) */
	movl sw_cr3_count, %edx
	incl (%edx)
	jmp hv_call
as_entry_guest:
	movl sw_hv_cr3, %eax
	movl %eax, %cr3
	incl mm_tlb_clock                    /* a full flush (mm.h) */
	movl sw_cr3_count, %edx
	incl (%edx)
	movl %esp, %ebx                      /* the frame stays on the trap stack; */
	movl $hv_stack_top, %esp             /* EBX (callee-saved) keeps it */
	pushl %ebx
	call hv_trap
	movl %ebx, %esp                      /* the frame, rewritten or not */
	/* falls through to as_exit_guest */
as_exit_guest:
	movl sw_cr3_count, %edx
	incl (%edx)
	movl sw_view_pa, %eax                /* &current->view_pa */
	movl (%eax), %eax
	movl %eax, %cr3
	/* falls through to hv_pop */
hv_pop:
	popl %gs                             /* selectors checked by hv_trap */
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp                        /* vector, error code */
	iret

/*
 * HC_EVTCHN_SEND's fast path: EBX = port, the result in EAX, ECX and EDX
 * not preserved (vmi/pvhv.h).  Only the send itself, in C
 * (hypercall_fast_send), on the hypervisor's tables and stack: no struct
 * hv_regs, no hv_trap, no dispatch, and no return work - events for this
 * domain are left to the caller, which enters its callback itself
 * (backends/pvhv/events.c); any other domain's wait for its own return.
 * Whatever the general path would check is checked first, and anything
 * uncommon goes there instead (hv_hypercall_stub: as if the fast path did
 * not exist, EAX and EBX untouched):
 *  - the frame is the guest kernel's (cs PVHV_KERNEL_CS: ring 1, not
 *    virtual-8086 mode) and its eip is reachable (return_to_guest_check);
 *  - ds and es hold the kernel data selector.  The C code needs the
 *    hypervisor's, and PVHV_KERNEL_DS is a fixed slot the guest cannot
 *    rewrite, so loading it back on the way out cannot fault and gives the
 *    guest what it had: no selector check.  fs and gs are not touched at
 *    all (nothing on this path uses them, and nothing here can trap: the
 *    send reads no guest memory, and interrupts are off).
 * DF is cleared for the C code; the guest's is in the frame's eflags.
 * The send never switches or kills a domain, so the frame stays current's.
 */
fast_send:
	cmpl $PVHV_KERNEL_CS, 4(%esp)        /* the frame: eip, cs, eflags, esp, ss */
	jne hv_hypercall_stub
	cmpl $PVHV_SEG_LIMIT, (%esp)
	ja hv_hypercall_stub
	movl %ds, %ecx
	cmpl $PVHV_KERNEL_DS, %ecx
	jne hv_hypercall_stub
	movl %es, %ecx
	cmpl $PVHV_KERNEL_DS, %ecx
	jne hv_hypercall_stub
	movl $HV_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	cld
	movl %ebx, %eax                      /* the port: regparm(1) */
	cmpl $0, sw_as_mode
	jne fast_send_as
	call hypercall_fast_send             /* segments: on the hypervisor stack */
	jmp fast_send_out
fast_send_as:                                /* as as_entry_guest and as_exit_guest */
	movl sw_hv_cr3, %ecx
	movl %ecx, %cr3
	incl mm_tlb_clock                    /* a full flush (mm.h) */
	movl sw_cr3_count, %ecx
	incl (%ecx)
	movl %esp, %ecx                      /* the frame stays on the trap stack */
	movl $hv_stack_top, %esp
	pushl %ecx
	call hypercall_fast_send
	popl %esp
	movl sw_cr3_count, %ecx
	incl (%ecx)
	movl sw_view_pa, %ecx
	movl (%ecx), %ecx
	movl %ecx, %cr3
fast_send_out:
	movl $PVHV_KERNEL_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	iret

	.text
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
image_l1:	.skip 4096

	.section .bss
	.balign 16
	.globl hv_stack_top
hv_stack:	.skip 32768
hv_stack_top:

/* The trap stack of address-space mode (TSS esp0 there): one page, which
 * the guest may read and write - it only ever holds its own frame. */
	.section .switcher.stack, "aw"
	.balign 4096
	.globl sw_stack_top
sw_stack:	.skip 4096
sw_stack_top:
