/*
 * check.h - the reporting helpers of our own user test programs.
 *
 * These programs are ordinary Linux/i386 static binaries (glibc), run in the
 * guest from the initramfs and - for the expected output - on the host.  So
 * every line they print must be the same on a real Linux kernel and on
 * ours: a check prints "PASS: <what>" or "FAIL: file:line: <what> ..." and
 * never a pid, an address or a time.  Output goes straight to write(2), not
 * through stdio: a buffered line would be printed twice after a fork and
 * would be reordered against a child's output when stdout is a pipe.
 */
#ifndef USER_CHECK_H
#define USER_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int check_total, check_failed;

/* printf to fd 1 with a single write, so lines of several processes never
 * interleave inside a line. */
__attribute__((format(printf, 1, 2), unused))
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	if (n > 0 && write(1, buf, (size_t)n) < 0)
		_exit(99);
}

/* Record one check; errno is reported with a failure, as it explains most. */
__attribute__((format(printf, 4, 5), unused))
static int check_report(int ok, const char *file, int line, const char *fmt, ...)
{
	char what[256];
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	check_total++;
	if (ok) {
		say("PASS: %s\n", what);
	} else {
		check_failed++;
		say("FAIL: %s:%d: %s (errno %d: %s)\n", file, line, what, err, strerror(err));
	}
	errno = err;
	return ok;
}

#define CHECK(cond, ...) check_report(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* The last line of a program, and its exit status: 0 only if all passed. */
__attribute__((unused))
static int check_summary(const char *prog)
{
	if (check_failed)
		say("%s: %d of %d checks failed\n", prog, check_failed, check_total);
	else
		say("%s: all %d checks passed\n", prog, check_total);
	return check_failed ? 1 : 0;
}

#endif /* USER_CHECK_H */
