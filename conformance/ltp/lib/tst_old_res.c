/* tst_old_res.c - reporting of the old test API (test.h): numbered result
 * lines on stdout ("dup01       1  TPASS  :  message"), the exit status as
 * the OR of every result type seen, and tst_brkm's cleanup-then-exit. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>

#include "test.h"
#include "tst_private.h"

/* The test defines these; the weak ones serve new-API programs. */
char *TCID __attribute__((weak)) = "unknown";
int TST_TOTAL __attribute__((weak)) = 1;
int tst_count;

static int exitval;     /* OR of the result types reported */
static int passed_cnt;
static int brk_depth;   /* tst_brkm called again from its cleanup */

static const char *type_name(int ttype)
{
	switch (TTYPE_RESULT(ttype)) {
	case TPASS: return "TPASS";
	case TFAIL: return "TFAIL";
	case TBROK: return "TBROK";
	case TCONF: return "TCONF";
	case TWARN: return "TWARN";
	case TINFO: return "TINFO";
	}
	return "???";
}

static void print_line(int tnum, int ttype, const char *msg, int err)
{
	char line[2048];
	size_t n;

	n = snprintf(line, sizeof(line), "%-8s %4d  %s  :  %s", TCID, tnum,
		     type_name(ttype), msg);
	if ((ttype & TERRNO) && n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - n, ": errno=%s(%i): %s",
			      tst_strerrno(err), err, strerror(err));
	if ((ttype & TTERRNO) && n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - n,
			      ": TEST_ERRNO=%s(%i): %s", tst_strerrno(TST_ERR),
			      TST_ERR, strerror(TST_ERR));
	if ((ttype & TRERRNO) && n < sizeof(line)) {
		int e = TST_RET < 0 ? -(int)TST_RET : (int)TST_RET;

		n += snprintf(line + n, sizeof(line) - n,
			      ": TEST_RETURN=%s(%i): %s", tst_strerrno(e), e,
			      strerror(e));
	}
	fprintf(stdout, "%s\n", line);
	fflush(stdout);
}

void tst_old_res(const char *file, int lineno, int ttype, const char *fmt,
		 va_list va)
{
	int err = errno, result = TTYPE_RESULT(ttype);
	char msg[1536];
	size_t n = 0;

	if (file && result != TPASS && result != TINFO)
		n = snprintf(msg, sizeof(msg), "%s:%d: ", file, lineno);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, va);
	exitval |= result;
	if (result == TPASS)
		passed_cnt++;
	if (result == TWARN || result == TINFO) {
		print_line(0, ttype, msg, err);
		return;
	}
	print_line(tst_count + 1, ttype, msg, err);
	tst_count++;
}

static void old_res(const char *file, int lineno, int ttype,
		    const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	tst_old_res(file, lineno, ttype, fmt, va);
	va_end(va);
}

void tst_old_brk(const char *file, int lineno, int ttype,
		 void (*cleanup)(void), const char *fmt, va_list va)
{
	int result = TTYPE_RESULT(ttype);

	if (result != TFAIL && result != TBROK && result != TCONF) {
		old_res(NULL, 0, TWARN, "tst_brkm(): invalid type %d, using TBROK",
			result);
		ttype = (ttype & ~TTYPE_MASK) | TBROK;
		result = TBROK;
	}
	tst_old_res(file, lineno, ttype, fmt, va);
	if (!brk_depth) {
		if (result == TCONF)
			old_res(file, lineno, ttype,
				"Remaining cases not appropriate for configuration");
		else if (result == TBROK)
			old_res(file, lineno, TBROK, "Remaining cases broken");
	}
	if (cleanup) {
		brk_depth++;
		cleanup();
		brk_depth--;
	}
	if (!brk_depth)
		tst_exit();
}

void tst_resm_(const char *file, const int lineno, int ttype,
	       const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	if (tst_test) {
		char msg[1536];

		vsnprintf(msg, sizeof(msg), fmt, va);
		tst_res_(file, lineno, ttype, "%s", msg);
	} else {
		tst_old_res(file, lineno, ttype, fmt, va);
	}
	va_end(va);
}

void tst_old_flush(void)
{
	fflush(stdout);
}

void tst_exit(void)
{
	fflush(stdout);
	fflush(stderr);
	exitval &= ~TINFO;
	if (exitval == TCONF && passed_cnt)
		exitval = 0;
	exit(exitval);
}

pid_t tst_fork(void)
{
	pid_t child;

	tst_flush();
	child = fork();
	if (child == 0)
		exitval = 0;
	return child;
}

pid_t tst_vfork(void)
{
	tst_flush();
	return vfork();
}

/* Fold a child's exit status (its own result bits) into ours. */
void tst_record_childstatus(void (*cleanup)(void), pid_t child)
{
	int status, res;

	if (waitpid(child, &status, 0) < 0)
		tst_brkm(TBROK | TERRNO, cleanup, "waitpid(%d) failed", child);
	if (!WIFEXITED(status))
		tst_brkm(TBROK, cleanup, "child process(%d) killed by "
			 "unexpected signal %s(%d)", child,
			 tst_strsig(WTERMSIG(status)), WTERMSIG(status));
	res = TTYPE_RESULT(WEXITSTATUS(status));
	exitval |= res;
	if (res == TPASS)
		tst_resm(TINFO, "Child process returned TPASS");
	if (res & TFAIL)
		tst_resm(TINFO, "Child process returned TFAIL");
	if (res & TBROK)
		tst_resm(TINFO, "Child process returned TBROK");
	if (res & TCONF)
		tst_resm(TINFO, "Child process returned TCONF");
}

void tst_require_root_(void)
{
	if (geteuid() != 0)
		tst_brkm(TCONF, NULL, "Test needs to be run as root");
}
