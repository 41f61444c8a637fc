/* safe_macros.c - the SAFE_* functions with more to them than "call, and
 * TBROK on -1" (tst_safe_call.h has those): counted reads and writes,
 * close, readlink's terminator, number parsing, sysconf. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sys/syscall.h>

#include "test.h"

ssize_t safe_read(const char *file, const int lineno, void (*cleanup_fn)(void),
		  char len_strict, int fildes, void *buf, size_t nbyte)
{
	ssize_t rval = read(fildes, buf, nbyte);

	if (rval == -1 || (len_strict && (size_t)rval != nbyte))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "read(%d,%p,%zu) failed, returned %zd", fildes, buf,
			  nbyte, rval);
	return rval;
}

ssize_t safe_write(const char *file, const int lineno, void (*cleanup_fn)(void),
		   int len_strict, int fildes, const void *buf, size_t nbyte)
{
	const char *p = buf;
	size_t left = nbyte;
	ssize_t rval;

	do {
		rval = write(fildes, p, left);
		if (rval == -1) {
			tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
				  "write(%d,%p,%zu) failed", fildes, buf, nbyte);
			return rval;
		}
		if (len_strict == SAFE_WRITE_ALL && (size_t)rval != nbyte) {
			tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
				  "short write(%d,%p,%zu) return value %zd",
				  fildes, buf, nbyte, rval);
			return rval;
		}
		p += rval;
		left -= rval;
	} while (len_strict == SAFE_WRITE_RETRY && left);
	return len_strict == SAFE_WRITE_RETRY ? (ssize_t)nbyte : rval;
}

int safe_close(const char *file, const int lineno, void (*cleanup_fn)(void),
	       int fildes)
{
	int rval = close(fildes);

	if (rval == -1)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "close(%d) failed", fildes);
	return rval;
}

/* readlink() that terminates the string (truncating if it must). */
ssize_t safe_readlink(const char *file, const int lineno,
		      void (*cleanup_fn)(void), const char *path, char *buf,
		      size_t bufsize)
{
	ssize_t rval = readlink(path, buf, bufsize);

	if (rval == -1) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "readlink(%s,%p,%zu) failed", path, buf, bufsize);
		return rval;
	}
	if ((size_t)rval >= bufsize) {
		buf[bufsize - 1] = 0;
		errno = ENAMETOOLONG;
		return -1;
	}
	buf[rval] = 0;
	return rval;
}

long safe_strtol(const char *file, const int lineno, void (*cleanup_fn)(void),
		 char *str, long min, long max)
{
	char *end;
	long rval;

	errno = 0;
	rval = strtol(str, &end, 10);
	if ((errno == ERANGE && (rval == LONG_MAX || rval == LONG_MIN)) ||
	    (errno && !rval) || rval > max || rval < min) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "strtol(%s): %ld is out of range %ld - %ld",
			  str, rval, min, max);
		return 0;
	}
	if (end == str || *end) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "strtol(%s): Invalid value", str);
		return 0;
	}
	return rval;
}

unsigned long safe_strtoul(const char *file, const int lineno,
			   void (*cleanup_fn)(void), char *str,
			   unsigned long min, unsigned long max)
{
	char *end;
	unsigned long rval;

	errno = 0;
	rval = strtoul(str, &end, 10);
	if ((errno == ERANGE && rval == ULONG_MAX) || (errno && !rval) ||
	    rval > max || rval < min) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "strtoul(%s): %lu is out of range %lu - %lu",
			  str, rval, min, max);
		return 0;
	}
	if (end == str || *end) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "strtoul(%s): Invalid value", str);
		return 0;
	}
	return rval;
}

float safe_strtof(const char *file, const int lineno, void (*cleanup_fn)(void),
		  char *str, float min, float max)
{
	char *end;
	float rval;

	errno = 0;
	rval = strtof(str, &end);
	if (errno || rval > max || rval < min) {
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "strtof(%s): %f is out of range %f - %f",
			  str, rval, min, max);
		return 0;
	}
	if (end == str || *end) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "strtof(%s): Invalid value", str);
		return 0;
	}
	return rval;
}

long safe_sysconf(const char *file, const int lineno, void (*cleanup_fn)(void),
		  int name)
{
	long rval;

	errno = 0;
	rval = sysconf(name);
	if (rval == -1 && errno)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "sysconf(%d) failed", name);
	return rval;
}

int safe_fanotify_init(const char *file, const int lineno,
		       unsigned int flags, unsigned int event_f_flags)
{
	int rval = syscall(SYS_fanotify_init, flags, event_f_flags);

	if (rval == -1) {
		if (errno == ENOSYS)
			tst_brkm_(file, lineno, TCONF, NULL,
				  "fanotify is not configured in this kernel");
		tst_brkm_(file, lineno, TBROK | TERRNO, NULL,
			  "fanotify_init(%x, %x) failed", flags, event_f_flags);
	}
	return rval;
}

int safe_pipe(const char *file, const int lineno, void (*cleanup_fn)(void),
	      int fildes[2])
{
	int rval = pipe(fildes);

	if (rval == -1)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "pipe({%d,%d}) failed", fildes[0], fildes[1]);
	return rval;
}
