/* lapi/futex.h - futex constants and the futex word type. */
#ifndef LAPI_FUTEX_H__
#define LAPI_FUTEX_H__

#include <stdint.h>
#include <time.h>
#include <linux/futex.h>
#include "lapi/syscalls.h"

typedef volatile uint32_t futex_t;

#ifndef FUTEX_WAITV_MAX
# define FUTEX_WAITV_MAX 128
struct futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t __reserved;
};
#endif
/* The futex call through the 32-bit and the 64-bit time syscall. */
static inline int sys_futex(int *uaddr, int futex_op, int val, void *to,
			    int *uaddr2, int val3)
{
	return tst_syscall(__NR_futex, uaddr, futex_op, val, to, uaddr2, val3);
}

static inline int sys_futex_time64(int *uaddr, int futex_op, int val, void *to,
				   int *uaddr2, int val3)
{
	return tst_syscall(__NR_futex_time64, uaddr, futex_op, val, to, uaddr2,
			   val3);
}

#ifndef FUTEX_32
# define FUTEX_32 2
#endif

#endif
