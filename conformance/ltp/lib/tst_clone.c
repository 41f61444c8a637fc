/* tst_clone.c - clone for tests: tst_clone() is fork-like (clone3, or
 * clone where the kernel has none), ltp_clone*() run a function on a
 * separate stack with glibc's clone(). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdarg.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

#ifndef SYS_clone3
# define SYS_clone3 435
#endif

pid_t tst_clone(const struct tst_clone_args *tst_args)
{
	struct tst_clone_args args = *tst_args;
	pid_t pid;

	if (!args.exit_signal && !(args.flags & CLONE_THREAD))
		args.exit_signal = 0;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == -1 && errno == ENOSYS) {
		unsigned long flags = args.flags | args.exit_signal;

		/* i386 clone: flags, stack, parent_tid, tls, child_tid */
		pid = syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
		if (pid == -1)
			return -2;
	}
	return pid;
}

pid_t safe_clone(const char *file, const int lineno,
		 const struct tst_clone_args *args)
{
	pid_t pid;

	if (tst_test && !tst_test->forks_child)
		tst_brk(TBROK, "test.forks_child must be set!");
	tst_flush();
	pid = tst_clone(args);
	if (pid == -1)
		tst_brk_(file, lineno, TBROK | TERRNO, "clone3 failed");
	if (pid == -2)
		tst_brk_(file, lineno, TBROK | TERRNO, "clone failed");
	return pid;
}

/* The stack grows down on x86: hand clone() its top. */
int ltp_clone(unsigned long flags, int (*fn)(void *arg), void *arg,
	      size_t stack_size, void *stack, ...)
{
	pid_t *ptid, *ctid;
	void *tls;
	va_list va;

	va_start(va, stack);
	ptid = va_arg(va, pid_t *);
	tls = va_arg(va, void *);
	ctid = va_arg(va, pid_t *);
	va_end(va);
	return clone(fn, (char *)stack + stack_size, flags, arg, ptid, tls,
		     ctid);
}

int ltp_clone7(unsigned long flags, int (*fn)(void *arg), void *arg,
	       size_t stack_size, void *stack, ...)
{
	pid_t *ptid, *ctid;
	void *tls;
	va_list va;

	va_start(va, stack);
	ptid = va_arg(va, pid_t *);
	tls = va_arg(va, void *);
	ctid = va_arg(va, pid_t *);
	va_end(va);
	return clone(fn, (char *)stack + stack_size, flags, arg, ptid, tls,
		     ctid);
}

void *ltp_alloc_stack(size_t size)
{
	void *p;

	if (posix_memalign(&p, 64, size))
		return NULL;
	return p;
}

int ltp_clone_alloc(unsigned long clone_flags, int (*fn)(void *arg),
		    void *arg, size_t stacksize)
{
	void *stack = ltp_alloc_stack(stacksize);
	int ret, saved;

	if (!stack)
		return -1;
	ret = ltp_clone(clone_flags, fn, arg, stacksize, stack, NULL, NULL, NULL);
	saved = errno;
	/* A child sharing our memory still runs on it: keep it. */
	if (ret == -1 || !(clone_flags & CLONE_VM))
		free(stack);
	errno = saved;
	return ret;
}

int ltp_clone_malloc(unsigned long clone_flags, int (*fn)(void *arg),
		     void *arg, size_t stacksize)
{
	return ltp_clone_alloc(clone_flags, fn, arg, stacksize);
}
