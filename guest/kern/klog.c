/*
 * klog.c - the kernel log: what the kernel says, kept for dmesg.
 *
 * Every line the kernel prints (printf, through lib/kernel/printf.c's
 * klog_capture hook) is kept in a ring of KLOG_SIZE bytes with a "<6>"
 * prefix, as Linux's syslog(2) hands lines out; the boot messages are there
 * for BusyBox's dmesg (klogctl).  Diagnostics that need not interrupt the
 * user go through klog(level, ...): kept, and printed on the console only
 * when level < the console level (default KLOG_CONSOLE_DEFAULT: warnings
 * and worse; loglevel=N on the command line, or dmesg -n N, changes it).
 * printf itself always reaches the console: the boot transcript is part of
 * what the conformance runner compares.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include <stdarg.h>

#define KLOG_SIZE 16384
#define KLOG_CONSOLE_DEFAULT 5           /* emerg..warning (0-4) are printed */

static char ring[KLOG_SIZE];
static uint32_t head;                    /* bytes ever written */
static uint32_t start;                   /* first byte still kept (or cleared) */
static uint32_t read_pos;                /* SYSLOG_ACTION_READ's position */
static int console_level = KLOG_CONSOLE_DEFAULT;
static int line_open;                    /* inside a line: no prefix yet */
static int next_level = 6;               /* the level of lines printf makes */

static void put(char c)
{
	ring[head++ % KLOG_SIZE] = c;
	if (head - start > KLOG_SIZE)
		start = head - KLOG_SIZE;
	if (head - read_pos > KLOG_SIZE)
		read_pos = head - KLOG_SIZE;
}

static void append(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r')
			continue;
		if (!line_open) {
			put('<');
			put((char)('0' + next_level));
			put('>');
			line_open = 1;
		}
		put(buf[i]);
		if (buf[i] == '\n')
			line_open = 0;
	}
}

/* lib/kernel/printf.c: every byte the kernel prints. */
void klog_capture(const char *buf, size_t len)
{
	append(buf, len);
}

void klog(int level, const char *fmt, ...)
{
	va_list ap;

	if (level < 0 || level > 7)
		level = 4;
	next_level = level;
	va_start(ap, fmt);
	if (level < console_level)
		vprintf(fmt, ap);               /* printed, and captured */
	else
		vformat(append, fmt, ap);       /* kept only */
	va_end(ap);
	next_level = 6;
}

void klog_init(const struct vmi_boot_info *bi)
{
	char v[4];

	if (boot_option(bi, "loglevel", v, sizeof v) && v[0] >= '0' && v[0] <= '8' && !v[1])
		console_level = v[0] - '0';
}

/* Copy the kept bytes from index `from` (at most len) out; the count. */
static long copy_out(char *ubuf, uint32_t from, uint32_t len)
{
	uint32_t n = head - from < len ? head - from : len, done = 0;

	while (done < n) {
		uint32_t at = (from + done) % KLOG_SIZE;
		uint32_t chunk = KLOG_SIZE - at < n - done ? KLOG_SIZE - at : n - done;
		if (copy_to_user(ubuf + done, ring + at, chunk))
			return -EFAULT;
		done += chunk;
	}
	return (long)n;
}

/* syslog(2) / klogctl: the actions BusyBox's dmesg and klogd use. */
long sys_syslog(int type, char *ubuf, int len)
{
	long n;

	switch (type) {
	case 0: case 1:                          /* close, open */
		return 0;
	case 2:                                  /* read what is unread (no wait) */
		if (len < 0)
			return -EINVAL;
		if (read_pos < start)
			read_pos = start;
		n = copy_out(ubuf, read_pos, (uint32_t)len);
		if (n > 0)
			read_pos += (uint32_t)n;
		return n;
	case 3: case 4:                          /* read all (and clear) */
		if (len < 0)
			return -EINVAL;
		{
			uint32_t kept = head - start;
			uint32_t from = kept > (uint32_t)len ? head - (uint32_t)len : start;
			n = copy_out(ubuf, from, (uint32_t)len);
		}
		if (type == 4 && n >= 0)
			start = head;
		return n;
	case 5:                                  /* clear */
		start = head;
		return 0;
	case 6:                                  /* console off: panics only */
		console_level = 1;
		return 0;
	case 7:                                  /* console on */
		console_level = KLOG_CONSOLE_DEFAULT;
		return 0;
	case 8:                                  /* console level */
		if (len < 1 || len > 8)
			return -EINVAL;
		console_level = len;
		return 0;
	case 9:                                  /* unread bytes */
		return (long)(head - (read_pos < start ? start : read_pos));
	case 10:                                 /* buffer size */
		return KLOG_SIZE;
	}
	return -EINVAL;
}
