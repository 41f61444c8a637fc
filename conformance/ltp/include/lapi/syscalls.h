/* lapi/syscalls.h - tst_syscall(): a raw system call by number that ends
 * the test in TCONF when the kernel (or this architecture) lacks it
 * (ENOSYS), as LTP's does. Numbers are the C library's <sys/syscall.h>
 * plus syscalls_names.h for calls it does not know. */
#ifndef LAPI_SYSCALLS_H__
#define LAPI_SYSCALLS_H__

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <asm/unistd.h>
#include "tst_res_flags.h"

#define __LTP__NR_INVALID_SYSCALL -1
#include "lapi/syscalls_names.h"

#ifndef CLEANUP
# define TST_SYSCALL_CLEANUP_ NULL
#else
# define TST_SYSCALL_CLEANUP_ CLEANUP
#endif

void tst_brkm_(const char *file, const int lineno, int ttype,
	       void (*func)(void), const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#define tst_syscall(NR, ...) ({ \
	intptr_t tst_ret; \
	if ((NR) == __LTP__NR_INVALID_SYSCALL) { \
		errno = ENOSYS; \
		tst_ret = -1; \
	} else { \
		tst_ret = syscall(NR, ##__VA_ARGS__); \
	} \
	if (tst_ret == -1 && errno == ENOSYS) \
		tst_brkm_(__FILE__, __LINE__, TCONF, TST_SYSCALL_CLEANUP_, \
			  "syscall(%d) " #NR " not supported", (int)(NR)); \
	tst_ret; \
})

#define ltp_syscall tst_syscall

/* Variant tests switch on it in helpers included before tst_test.h. */
extern unsigned int tst_variant;
extern long TST_RET;
extern int TST_ERR;

#endif
