/*
 * entry.S - pvhv_entry, where the domain builder starts a pvhv guest.
 *
 * The builder enters at the ELF entry point with paging on, in ring 1 on the
 * kernel selectors, ESP on a boot stack, events masked (upcall_mask = 1) and
 * ESI = the virtual address of struct vmi_boot_info.  pvhv_boot records what
 * the backend needs from it; then the guest runs, with the same pointer.
 * guest_main must not return: if it does, the domain ends as a crash.
 */
	.text
	.globl pvhv_entry
	.type pvhv_entry, @function
pvhv_entry:
	cld                             /* the C ABI assumes DF clear */
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	pushl %esi
	call pvhv_boot                  /* ESI is callee-saved: still the info */
	addl $4, %esp
	pushl %esi                      /* a fresh slot: C may reuse its argument's */
	call guest_main
	pushl $guest_returned
	call pvhv_crash                 /* does not return */
	ud2
	.size pvhv_entry, . - pvhv_entry

	.section .rodata
guest_returned:
	.asciz "pvhv: guest_main returned\n"
