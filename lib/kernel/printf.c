/*
 * printf.c - printf for guest-side programs: the format.c engine writing to
 * the VMI console.  The console is raw, so this is where a newline becomes
 * CR LF, as a tty's ONLCR would do; each chunk goes out in one write so a
 * line stays whole when an event handler prints in between.  A kernel that
 * keeps a log (the guest's klog.c) defines klog_capture and gets every byte
 * printed as well; the conformance tests do not.
 */
#include <vmi/vmi.h>
#include "lib/klib.h"

void klog_capture(const char *buf, size_t len) __attribute__((weak));

static void console_out(const char *buf, size_t len)
{
	char out[512];             /* twice format.c's chunk: every byte may grow */
	size_t n = 0;

	if (klog_capture)
		klog_capture(buf, len);
	for (size_t i = 0; i < len; i++) {
		if (n + 2 > sizeof(out)) {
			vmi_console_write(out, n);
			n = 0;
		}
		if (buf[i] == '\n')
			out[n++] = '\r';
		out[n++] = buf[i];
	}
	if (n)
		vmi_console_write(out, n);
}

int vprintf(const char *fmt, va_list ap)
{
	return vformat(console_out, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
