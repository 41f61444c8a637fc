/* safe_file_ops.c - whole-file scanf/printf (the way tests read and set
 * /proc and /sys values), line-wise scanning, copying and touching files. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>

#include "test.h"

/* Conversions that store a value: %d counts, %% and %*d do not. */
int tst_count_scanf_conversions(const char *fmt)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
		fmt++;
		if (*fmt == '%')
			continue;
		if (*fmt != '*')
			n++;
		if (!*fmt)
			break;
	}
	return n;
}

static int vscan_file(const char *path, const char *fmt, va_list va,
		      int *filled)
{
	FILE *f = fopen(path, "r");

	*filled = 0;
	if (!f)
		return -1;
	*filled = vfscanf(f, fmt, va);
	fclose(f);
	return 0;
}

int file_scanf(const char *file, const int lineno, const char *path,
	       const char *fmt, ...)
{
	int filled, ret;
	va_list va;

	va_start(va, fmt);
	ret = vscan_file(path, fmt, va, &filled);
	va_end(va);
	if (ret) {
		tst_resm_(file, lineno, TINFO | TERRNO, "Failed to open '%s'", path);
		return 1;
	}
	if (filled != tst_count_scanf_conversions(fmt)) {
		tst_resm_(file, lineno, TINFO, "Expected %i conversions got %i FILE '%s'",
			  tst_count_scanf_conversions(fmt), filled, path);
		return 1;
	}
	return 0;
}

void safe_file_scanf(const char *file, const int lineno,
		     void (*cleanup_fn)(void), const char *path,
		     const char *fmt, ...)
{
	int filled, ret;
	va_list va;

	va_start(va, fmt);
	ret = vscan_file(path, fmt, va, &filled);
	va_end(va);
	if (ret) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to open FILE '%s' for reading", path);
		return;
	}
	if (filled == EOF)
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "The FILE '%s' ended prematurely", path);
	else if (filled != tst_count_scanf_conversions(fmt))
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "Expected %i conversions got %i FILE '%s'",
			  tst_count_scanf_conversions(fmt), filled, path);
}

/* Try FMT on each line until one fills every conversion. */
int file_lines_scanf(const char *file, const int lineno,
		     void (*cleanup_fn)(void), int strict, const char *path,
		     const char *fmt, ...)
{
	int want = tst_count_scanf_conversions(fmt), got = 0;
	char line[BUFSIZ];
	va_list va;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to open FILE '%s' for reading", path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		va_start(va, fmt);
		got = vsscanf(line, fmt, va);
		va_end(va);
		if (got == want)
			break;
	}
	fclose(f);
	if (strict && got != want) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "Expected %i conversions got %i FILE '%s'", want, got,
			  path);
		return 1;
	}
	return got != want;
}

static int vprint_file(const char *path, const char *fmt, va_list va)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = vfprintf(f, fmt, va);
	if (fclose(f) || ret < 0)
		return -2;
	return 0;
}

int file_printf(const char *file, const int lineno, const char *path,
		const char *fmt, ...)
{
	va_list va;
	int ret;

	va_start(va, fmt);
	ret = vprint_file(path, fmt, va);
	va_end(va);
	if (ret == -1)
		tst_resm_(file, lineno, TINFO | TERRNO,
			  "Failed to open FILE '%s' for writing", path);
	else if (ret)
		tst_resm_(file, lineno, TINFO | TERRNO,
			  "Failed to write FILE '%s'", path);
	return ret ? 1 : 0;
}

void safe_file_printf(const char *file, const int lineno,
		      void (*cleanup_fn)(void), const char *path,
		      const char *fmt, ...)
{
	va_list va;
	int ret;

	va_start(va, fmt);
	ret = vprint_file(path, fmt, va);
	va_end(va);
	if (ret == -1)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to open FILE '%s' for writing", path);
	else if (ret)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to write FILE '%s'", path);
}

/* Like safe_file_printf, but a missing file is fine. */
void safe_try_file_printf(const char *file, const int lineno,
			  void (*cleanup_fn)(void), const char *path,
			  const char *fmt, ...)
{
	va_list va;
	int ret;

	if (access(path, F_OK))
		return;
	va_start(va, fmt);
	ret = vprint_file(path, fmt, va);
	va_end(va);
	if (ret)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to write FILE '%s'", path);
}

void safe_cp(const char *file, const int lineno, void (*cleanup_fn)(void),
	     const char *src, const char *dst)
{
	char buf[4096];
	int in, out;
	ssize_t n;

	in = open(src, O_RDONLY);
	if (in < 0) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "open(%s) failed", src);
		return;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		close(in);
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "open(%s) failed", dst);
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
				  "write(%s) failed", dst);
			break;
		}
	}
	close(in);
	close(out);
}

/* Create PATHNAME if needed, set MODE if non-zero and the times if given. */
void safe_touch(const char *file, const int lineno, void (*cleanup_fn)(void),
		const char *pathname, mode_t mode, const struct timespec times[2])
{
	int fd = open(pathname, O_CREAT | O_WRONLY, 0666);

	if (fd < 0) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to open file '%s'", pathname);
		return;
	}
	close(fd);
	if (mode && chmod(pathname, mode))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to chmod file '%s'", pathname);
	if (utimensat(AT_FDCWD, pathname, times, 0))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "Failed to update the access/modification time on file '%s'",
			  pathname);
}
