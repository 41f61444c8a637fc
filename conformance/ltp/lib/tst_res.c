/* tst_res.c - tst_res()/tst_brk() of the new API: print one result line
 * ("file:line: TPASS: message[: ENAME (n)]") to stderr, count it in the
 * shared region, and for tst_brk end the calling process the way LTP does.
 * With no tst_test running (an old-API test) both fall through to the old
 * reporter, so helpers written for either API work in both. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <errno.h>
#include <sys/syscall.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"
#include "tst_private.h"

long TST_RET;
int TST_ERR;
int TST_PASS;
void *TST_RET_PTR;

int tst_in_cleanup;

static const char *ttype_name(int ttype)
{
	switch (TTYPE_RESULT(ttype)) {
	case TPASS: return "TPASS";
	case TFAIL: return "TFAIL";
	case TBROK: return "TBROK";
	case TCONF: return "TCONF";
	case TWARN: return "TWARN";
	case TINFO: return "TINFO";
	case TDEBUG: return "TDEBUG";
	}
	return "T???";
}

/* The errno a flag asks for, or -1 for none. */
static int flag_errno(int ttype, int saved_errno)
{
	if (ttype & TRERRNO)
		return TST_RET < 0 ? -(int)TST_RET : (int)TST_RET;
	if (ttype & TTERRNO)
		return TST_ERR;
	if (ttype & TERRNO)
		return saved_errno;
	return -1;
}

/* One line, written with a single write(): results may come from signal
 * handlers and from several processes at once. */
void tst_print_result(const char *file, int lineno, int ttype,
		      const char *fmt, va_list va)
{
	int err = flag_errno(ttype, errno);
	char buf[1024];
	size_t len;

	len = snprintf(buf, sizeof(buf), "%s:%i: %s: ", file, lineno,
		       ttype_name(ttype));
	if (len < sizeof(buf))
		len += vsnprintf(buf + len, sizeof(buf) - len, fmt, va);
	if (err >= 0 && len < sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - len, ": %s (%d)",
				tst_strerrno(err), err);
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	if (write(STDERR_FILENO, buf, len) < 0)
		return;
}

void tst_count_result(int ttype)
{
	struct tst_results *r;

	if (!tst_region)
		return;
	r = &tst_region->res;
	switch (TTYPE_RESULT(ttype)) {
	case TPASS: __atomic_fetch_add(&r->passed, 1, __ATOMIC_SEQ_CST); break;
	case TFAIL: __atomic_fetch_add(&r->failed, 1, __ATOMIC_SEQ_CST); break;
	case TBROK: __atomic_fetch_add(&r->broken, 1, __ATOMIC_SEQ_CST); break;
	case TCONF: __atomic_fetch_add(&r->skipped, 1, __ATOMIC_SEQ_CST); break;
	case TWARN: __atomic_fetch_add(&r->warnings, 1, __ATOMIC_SEQ_CST); break;
	}
}

/* New-API reporting once a test runs or an exec'd helper joined its region. */
static int new_api(void)
{
	return tst_test || tst_region;
}

static void vres(const char *file, int lineno, int ttype, const char *fmt,
		 va_list va)
{
	if (!new_api()) {
		tst_old_res(file, lineno, ttype, fmt, va);
		return;
	}
	if (TTYPE_RESULT(ttype) == TDEBUG &&
	    (!tst_region || !tst_region->tdebug))
		return;
	tst_print_result(file, lineno, ttype, fmt, va);
	tst_count_result(ttype);
}

void tst_res_(const char *file, const int lineno, int ttype,
	      const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	vres(file, lineno, ttype, fmt, va);
	va_end(va);
}

static pid_t real_getpid(void)
{
	/* A CLONE_VM child may share glibc's cached pid with its parent. */
	return syscall(SYS_getpid);
}

int tst_setup_started;

/* The test's cleanup runs once, in the main test process, and only once
 * its setup has begun: a test the library turns away before (TCONF for its
 * filesystem, say) has nothing to undo, and a cleanup that "restores"
 * values setup never saved would write zeros into the host's /proc/sys
 * (fcntl33's lease-break-time).  A tst_brk() inside it is only a warning
 * (LTP's rule). */
void tst_run_test_cleanup(void)
{
	if (tst_in_cleanup || !tst_setup_started)
		return;
	tst_in_cleanup = 1;
	if (tst_test && tst_test->cleanup)
		tst_test->cleanup();
	tst_free_all();
	tst_in_cleanup = 0;
}

static void vbrk(const char *file, int lineno, int ttype, const char *fmt,
		 va_list va)
{
	pid_t me = real_getpid();

	if (tst_in_cleanup && TTYPE_RESULT(ttype) == TBROK)
		ttype = (ttype & ~TTYPE_MASK) | TWARN;
	tst_print_result(file, lineno, ttype, fmt, va);
	if (!tst_region || !tst_region->lib_pid)
		exit(TTYPE_RESULT(ttype));
	tst_count_result(ttype);
	if (tst_in_cleanup)
		return;
	if (me == tst_region->main_pid)
		tst_run_test_cleanup();
	if (me == tst_region->lib_pid)
		tst_lib_exit(TTYPE_RESULT(ttype));
	if (TTYPE_RESULT(ttype) == TBROK) {
		__atomic_store_n(&tst_region->abort_flag, 1, __ATOMIC_SEQ_CST);
		/* A child's TBROK ends the whole test: kill the main process,
		 * the driver then kills what is left of its group. */
		if (tst_region->main_pid && me != tst_region->main_pid) {
			tst_res(TINFO, "Child process reported TBROK killing the test");
			kill(tst_region->main_pid, SIGKILL);
		}
	}
	exit(0);
}

void tst_brk_(const char *file, const int lineno, int ttype,
	      const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	if (new_api())
		vbrk(file, lineno, ttype, fmt, va);
	else
		tst_old_brk(file, lineno, ttype, NULL, fmt, va);
	va_end(va);
}

/* The shared SAFE_* functions report through this one: in the new API the
 * cleanup argument is always NULL (the library knows test.cleanup). */
void tst_brkm_(const char *file, const int lineno, int ttype,
	       void (*func)(void), const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	if (new_api())
		vbrk(file, lineno, ttype, fmt, va);
	else
		tst_old_brk(file, lineno, ttype, func, fmt, va);
	va_end(va);
}

/* A message followed by BUF in hex, 16 bytes a line. */
void tst_resm_hexd_(const char *file, const int lineno, int ttype,
		    const void *buf, size_t size, const char *arg_fmt, ...)
{
	const unsigned char *p = buf;
	char msg[512], line[16 * 3 + 1];
	size_t i, n;
	va_list va;

	va_start(va, arg_fmt);
	vsnprintf(msg, sizeof(msg), arg_fmt, va);
	va_end(va);
	tst_res_(file, lineno, ttype, "%s", msg);
	for (i = 0; i < size; i += 16) {
		char *out = line;

		for (n = i; n < size && n < i + 16; n++)
			out += sprintf(out, "%s%02x", n > i ? " " : "", p[n]);
		tst_res_(file, lineno, ttype, "%s", line);
	}
}

void tst_printf(const char *const fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	vdprintf(STDERR_FILENO, fmt, va);
	va_end(va);
}

void tst_flush(void)
{
	fflush(stderr);
	fflush(stdout);
}
