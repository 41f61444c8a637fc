/* lapi/ldt.h - modify_ldt(2), which the C library does not wrap. */
#ifndef LAPI_LDT_H__
#define LAPI_LDT_H__

#include <asm/ldt.h>
#include "lapi/syscalls.h"

static inline int modify_ldt(int func, const struct user_desc *ptr,
			     unsigned long bytecount)
{
	long rval = tst_syscall(__NR_modify_ldt, func, ptr, bytecount);

	/* The kernel's int result comes back in a long: keep its sign. */
	return (int)rval;
}

static inline int safe_modify_ldt(const char *file, const int lineno, int func,
				  const struct user_desc *ptr,
				  unsigned long bytecount)
{
	int rval = modify_ldt(func, ptr, bytecount);

	if (rval == -1)
		tst_brkm_(file, lineno, TBROK | TERRNO, NULL,
			  "modify_ldt(%d, %p, %lu)", func, (void *)ptr, bytecount);
	return rval;
}

#define SAFE_MODIFY_LDT(func, ptr, bytecount) \
	safe_modify_ldt(__FILE__, __LINE__, (func), (ptr), (bytecount))

#endif
