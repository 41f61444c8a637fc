/*
 * procfile.h - read a whole /proc file in our user test programs.
 *
 * /proc files are generated on each read and may come in several pieces,
 * so a test reads until end of file before it parses anything.  Shared by
 * the programs that check /proc (t_procfs, t_task).
 */
#ifndef USER_PROCFILE_H
#define USER_PROCFILE_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

/* The file named by fmt... into buf (NUL-terminated, at most size - 1
 * bytes); its length, or -1 when it cannot be opened or read. */
__attribute__((format(printf, 3, 4), unused))
static int slurp_into(char *buf, size_t size, const char *fmt, ...)
{
	char path[128];
	va_list ap;
	int fd, n, len = 0;

	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return n < 0 ? -1 : len;
}

/* Each program reads into its own static text[]. */
#define slurp(...) slurp_into(text, sizeof text, __VA_ARGS__)

#endif
