/*
 * runtime.c - the conformance test runtime (test.h), linked into every test.
 *
 * guest_main boots the test (traps, frame allocator), prints its title and
 * env: lines, runs test_main and reports the verdict.  Statuses are ordered
 * SUCCESS < SKIP < ERROR < FAILURE; each report can only raise the status,
 * so the most severe one wins.  The verdict is the last line of the
 * transcript and travels as the exit status too (0, 3, 4, 5).
 *
 * Decisions:
 *  - A test that returns without reporting anything (no check, skip or
 *    error) gets ERROR: a silent test proves nothing.
 *  - SKIP and ERROR print "SKIP: <why>" / "ERROR: <why>" lines, like PASS.
 *  - Every report is formatted first and printed with one printf, so an
 *    event handler printing meanwhile cannot split a line.
 *  - Backend, ring and memory size differ between backends, so they appear
 *    only in env: lines.
 */
#include "test.h"

enum status { SUCCESS, SKIP, ERROR, FAILURE };  /* by severity */

static const char *const status_names[] = {
	[SUCCESS] = "SUCCESS", [SKIP] = "SKIP", [ERROR] = "ERROR", [FAILURE] = "FAILURE",
};
static const uint32_t status_codes[] = {
	[SUCCESS] = 0, [SKIP] = 3, [ERROR] = 4, [FAILURE] = 5,
};

const struct vmi_boot_info *test_bi;

int test_has_word(const char *word)
{
	size_t n = strlen(word);

	for (const char *s = test_bi->cmdline; *s; s++)
		if (!strncmp(s, word, n))
			return 1;
	return 0;
}

unsigned test_option(const char *key, unsigned fallback)
{
	const char *s = test_bi->cmdline;
	size_t n = strlen(key);

	for (; *s; s++)
		if ((s == test_bi->cmdline || s[-1] == ' ') && !strncmp(s, key, n) && s[n] == '=') {
			unsigned v = 0;
			for (s += n + 1; *s >= '0' && *s <= '9'; s++)
				v = v * 10 + (unsigned)(*s - '0');
			return v;
		}
	return fallback;
}

static enum status status = SUCCESS;
static int reported;        /* anything reported at all */

static void report(enum status s)
{
	reported = 1;
	if (s > status)
		status = s;
}

void test_pass(const char *what)
{
	report(SUCCESS);
	printf("PASS: %s\n", what);
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(FAILURE);
	printf("FAIL: %s:%d: %s\n", file, line, msg);
}

void test_skip(const char *why)
{
	report(SKIP);
	printf("SKIP: %s\n", why);
}

void test_error(const char *why)
{
	report(ERROR);
	printf("ERROR: %s\n", why);
}

void test_env(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("env: %s\n", msg);
}

void test_done(void)
{
	if (!reported)
		test_error("the test reported nothing");
	printf("Test result: %s\n", status_names[status]);
	vmi_shutdown(VMI_SHUTDOWN_POWEROFF, status_codes[status]);
}

/* The privilege level this code runs at: the RPL of %cs.  Reading a segment
 * register is not privileged; the answer differs by backend (0 native, 1 on
 * pvhv), which is why it is an env: line. */
static unsigned current_ring(void)
{
	uint32_t cs;

	__asm__ volatile("movl %%cs, %0" : "=r"(cs));
	return cs & 3;
}

void guest_main(const struct vmi_boot_info *bi);

void guest_main(const struct vmi_boot_info *bi)
{
	test_bi = bi;
	trap_init(bi);
	frames_init(bi);
	printf("Test: %s\n", test_title);
	test_env("backend=%s ring=%u pages=%u", vmi_backend_name(),
	         current_ring(), bi->nr_pages);
	test_main();
	test_done();
}
