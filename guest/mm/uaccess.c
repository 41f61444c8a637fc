/*
 * uaccess.c - checked copies between kernel and user memory (uaccess.h).
 *
 * The range check keeps user pointers out of the kernel half; the copy
 * itself is done by usercopy.S, whose faulting instructions the page-fault
 * handler (pagefault.c) recognises through uaccess_fixup.
 */
#include "mm/uaccess.h"
#include "sys/linux.h"
#include <vmi/vmi.h>

int usercopy(void *dst, const void *src, uint32_t n);
int userstr(char *dst, const char *usrc, uint32_t max);
extern const char usercopy_insn[], usercopy_fixup[];
extern const char userstr_insn[], userstr_fixup[];

int user_range_ok(uint32_t uaddr, uint32_t n)
{
	return uaddr < VMI_KERNEL_BASE && n <= VMI_KERNEL_BASE - uaddr;
}

int copy_from_user(void *dst, const void *usrc, uint32_t n)
{
	if (!user_range_ok((uint32_t)usrc, n))
		return -EFAULT;
	return n ? usercopy(dst, usrc, n) : 0;
}

int copy_to_user(void *udst, const void *src, uint32_t n)
{
	if (!user_range_ok((uint32_t)udst, n))
		return -EFAULT;
	return n ? usercopy(udst, src, n) : 0;
}

int strncpy_from_user(char *dst, const char *usrc, uint32_t max)
{
	uint32_t u = (uint32_t)usrc;
	int n;

	if (max == 0 || u >= VMI_KERNEL_BASE)
		return -EFAULT;
	/* Never read past the end of user space looking for the NUL. */
	if (max > VMI_KERNEL_BASE - u)
		max = VMI_KERNEL_BASE - u;
	n = userstr(dst, usrc, max);
	if (n < 0)
		return n;
	if ((uint32_t)n == max) {
		dst[max - 1] = 0;
		return -ENAMETOOLONG;
	}
	return n;
}

uint32_t uaccess_fixup(uint32_t eip)
{
	if (eip == (uint32_t)usercopy_insn)
		return (uint32_t)usercopy_fixup;
	if (eip == (uint32_t)userstr_insn)
		return (uint32_t)userstr_fixup;
	return 0;
}
