/*
 * test.h - the conformance test runtime (XTF style).
 *
 * A test is one C file defining `const char test_title[]` and
 * `void test_main(void)`.  The runtime boots (trap_init, frames_init), prints
 * "Test: <title>" and env: lines, runs test_main, then prints the verdict
 * line "Test result: SUCCESS|SKIP|ERROR|FAILURE" and powers off with exit
 * status 0, 3, 4 or 5.  The most severe status reported wins.  A crash prints
 * no verdict.  Lines starting "env:" may differ between backends; nothing
 * else may, so checks never print addresses or timings outside env: lines.
 */
#ifndef CONFORMANCE_TEST_H
#define CONFORMANCE_TEST_H

#include <stdint.h>
#include <vmi/vmi.h>
#include "lib/klib.h"
#include "lib/kernel/trap.h"
#include "lib/kernel/event.h"
#include "lib/kernel/frames.h"
#include "lib/kernel/pt.h"

extern const char test_title[];
void test_main(void);

/* The boot info, for tests. */
extern const struct vmi_boot_info *test_bi;
/* Nonzero if WORD stands in the command line (a domain's options): how a
 * multi-domain test tells its roles apart. */
int test_has_word(const char *word);
/* The number of a "key=N" word of the command line, else fallback. */
unsigned test_option(const char *key, unsigned fallback);

void test_pass(const char *what);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_skip(const char *why);
void test_error(const char *why);
void test_env(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the verdict and power off (also called after test_main returns). */
void test_done(void) __attribute__((noreturn));

/* Each check prints "PASS: <expression>" or "FAIL: file:line: <expression>"
 * (with both values for the comparisons) and records the failure. */
#define CHECK(cond) do { \
	if (cond) test_pass(#cond); \
	else test_fail(__FILE__, __LINE__, "%s", #cond); } while (0)

#define CHECK_CMP_(a, op, b) do { \
	unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
	if (a_ op b_) test_pass(#a " " #op " " #b); \
	else test_fail(__FILE__, __LINE__, "%s %s %s (%llu vs %llu)", \
	               #a, #op, #b, a_, b_); } while (0)

#define CHECK_EQ(a, b) CHECK_CMP_(a, ==, b)
#define CHECK_NE(a, b) CHECK_CMP_(a, !=, b)
#define CHECK_LT(a, b) CHECK_CMP_(a, <, b)
#define CHECK_LE(a, b) CHECK_CMP_(a, <=, b)
#define CHECK_GE(a, b) CHECK_CMP_(a, >=, b)
#define CHECK_GT(a, b) CHECK_CMP_(a, >, b)
/* Signed comparison for int results such as -VMI_EINVAL. */
#define CHECK_RET(expr, want) do { \
	long long r_ = (long long)(expr), w_ = (long long)(want); \
	if (r_ == w_) test_pass(#expr " == " #want); \
	else test_fail(__FILE__, __LINE__, "%s returned %lld, want %s (%lld)", \
	               #expr, r_, #want, w_); } while (0)

#endif /* CONFORMANCE_TEST_H */
