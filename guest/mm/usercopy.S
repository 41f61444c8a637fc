/*
 * usercopy.S - the instructions that may fault on user addresses.
 *
 * Each routine has a labelled instruction that touches user memory and a
 * fixup label; uaccess.c lists the pairs.  When the page fault handler
 * cannot resolve a fault at one of the labelled instructions, it resumes at
 * the fixup, which returns -EFAULT.  A resolved fault (demand paging,
 * copy-on-write) simply retries: rep movsb keeps its progress in
 * ecx/esi/edi, and the string loop re-executes one byte.
 */
#define EFAULT 14

	.text

/* int usercopy(void *dst, const void *src, uint32_t n): 0 or -EFAULT */
	.globl usercopy, usercopy_insn, usercopy_fixup
	.type usercopy, @function
usercopy:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi             /* dst */
	movl 16(%esp), %esi             /* src */
	movl 20(%esp), %ecx             /* n */
usercopy_insn:
	rep movsb                       /* either side may be user memory */
	xorl %eax, %eax
1:	popl %edi
	popl %esi
	ret
usercopy_fixup:
	movl $-EFAULT, %eax
	jmp 1b
	.size usercopy, . - usercopy

/* int userstr(char *dst, const char *usrc, uint32_t max): the length
 * before the NUL (copied too), max if none in max bytes, or -EFAULT. */
	.globl userstr, userstr_insn, userstr_fixup
	.type userstr, @function
userstr:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi             /* dst (kernel) */
	movl 16(%esp), %esi             /* usrc */
	movl 20(%esp), %ecx             /* max */
	xorl %edx, %edx                 /* bytes copied */
2:	cmpl %ecx, %edx
	je 3f
userstr_insn:
	movb (%esi,%edx), %al           /* the only user access */
	movb %al, (%edi,%edx)
	testb %al, %al
	jz 4f
	incl %edx
	jmp 2b
3:	movl %ecx, %eax                 /* no NUL within max */
	jmp 5f
4:	movl %edx, %eax
5:	popl %edi
	popl %esi
	ret
userstr_fixup:
	movl $-EFAULT, %eax
	jmp 5b
	.size userstr, . - userstr
