/*
 * copy.S - the only instructions that touch guest memory on a guest's
 * behalf.  hv_copy(dst, src, n) returns 0, or -VMI_EFAULT (-14) when the
 * copy faulted: a page fault at copy_words or copy_bytes is fixed up by
 * hv_trap through the .fixup_table entries below instead of being fatal.
 * hv_put_frame3 is the one fixed-size write: the three words of a ring-1
 * trap frame (eip, cs, eflags), the event upcall's frame, stored directly
 * instead of built on the stack and copied.
 */
	.text
	.globl hv_copy
hv_copy:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi
	movl 16(%esp), %esi
	movl 20(%esp), %ecx
	movl %ecx, %eax
	shrl $2, %ecx                        /* whole words first: a trap frame */
	andl $3, %eax                        /* or a table entry is 1/4 the */
	cld                                  /* iterations of a byte copy */
copy_words:
	rep movsl
	movl %eax, %ecx
copy_bytes:
	rep movsb
	xorl %eax, %eax
copy_done:
	popl %edi
	popl %esi
	ret
copy_fault:
	movl $-14, %eax
	jmp copy_done

/* regparm(3): dst in %eax, eip in %edx, cs in %ecx, eflags on the stack.
 * dst has been range-checked by the caller (guest_range_ok). */
	.globl hv_put_frame3
hv_put_frame3:
put_eip:
	movl %edx, (%eax)
put_cs:
	movl %ecx, 4(%eax)
	movl 4(%esp), %edx
put_eflags:
	movl %edx, 8(%eax)
	xorl %eax, %eax
	ret
put_fault:
	movl $-14, %eax
	ret

	.section .fixup_table, "a"
	.long copy_words, copy_fault
	.long copy_bytes, copy_fault
	.long put_eip, put_fault
	.long put_cs, put_fault
	.long put_eflags, put_fault
