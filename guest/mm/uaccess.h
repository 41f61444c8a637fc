/*
 * uaccess.h - the one way the kernel touches user memory.
 *
 * System calls receive user pointers; the kernel never dereferences them.
 * These routines check that the whole range lies below VMI_KERNEL_BASE and
 * copy with instructions the page-fault handler knows (usercopy.S): a fault
 * there first gets the usual demand-paging and copy-on-write treatment, and
 * if the address is really bad the copy stops and returns -EFAULT instead
 * of crashing the kernel.  The file layer uses them for ioctl arguments.
 */
#ifndef GUEST_UACCESS_H
#define GUEST_UACCESS_H

#include <stdint.h>

/* 0, or -EFAULT (nothing useful can be said about how much was copied). */
int copy_from_user(void *dst, const void *usrc, uint32_t n);
int copy_to_user(void *udst, const void *src, uint32_t n);
/* A NUL-terminated user string into dst[0..max): its length, -EFAULT, or
 * -ENAMETOOLONG when no NUL is found in max bytes. */
int strncpy_from_user(char *dst, const char *usrc, uint32_t max);
/* Is [uaddr, uaddr + n) inside user space? */
int user_range_ok(uint32_t uaddr, uint32_t n);

/* Used by the page-fault handler: the fixup for a fault at eip inside a
 * user-copy instruction, or 0 if eip is not one. */
uint32_t uaccess_fixup(uint32_t eip);

#endif /* GUEST_UACCESS_H */
