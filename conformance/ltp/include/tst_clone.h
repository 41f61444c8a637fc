/* tst_clone.h - creating processes with clone flags: SAFE_CLONE with
 * struct tst_clone_args (clone3, falling back to clone where the kernel
 * has no clone3) and the older ltp_clone*() helpers that run a function
 * on a stack of their own. */
#ifndef TST_CLONE_H__
#define TST_CLONE_H__

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

struct tst_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

/* Fork-like: returns 0 in the child, the pid in the parent; -1 if clone3
 * failed, -2 if the clone fallback failed (errno set). */
pid_t tst_clone(const struct tst_clone_args *args);
pid_t safe_clone(const char *file, const int lineno,
		 const struct tst_clone_args *args);
#define SAFE_CLONE(args) safe_clone(__FILE__, __LINE__, (args))

int ltp_clone(unsigned long flags, int (*fn)(void *arg), void *arg,
	      size_t stack_size, void *stack, ...);
int ltp_clone7(unsigned long flags, int (*fn)(void *arg), void *arg,
	       size_t stack_size, void *stack, ...);
void *ltp_alloc_stack(size_t size);
int ltp_clone_alloc(unsigned long clone_flags, int (*fn)(void *arg),
		    void *arg, size_t stacksize);
int ltp_clone_malloc(unsigned long clone_flags, int (*fn)(void *arg),
		     void *arg, size_t stacksize);
#define ltp_clone_quick(clone_flags, fn, arg) \
	ltp_clone_alloc((clone_flags), (fn), (arg), 256 * 1024)
#define LTP_CLONE_SUPPORTS_7_ARGS 1

#define TST_CLONE_DETACH (1 << 0)

#endif
