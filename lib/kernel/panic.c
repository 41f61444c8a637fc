/*
 * panic.c - the end of a guest that cannot go on (klib.h).
 *
 * Prints "panic: <message>" as one line and shuts down with
 * VMI_SHUTDOWN_CRASH, which the runners see as a missing verdict and exit
 * status VMI_EXIT_CRASH.  Events are masked first so no handler runs (or
 * prints) in between.  A panic inside a panic (e.g. printf faulting) skips
 * straight to the shutdown instead of recursing.
 */
#include <vmi/vmi.h>
#include "lib/klib.h"

void panic(const char *fmt, ...)
{
	static volatile int panicking;
	char msg[256];
	va_list ap;
	int n;

	vmi_irq_disable();
	if (panicking++)
		vmi_shutdown(VMI_SHUTDOWN_CRASH, VMI_EXIT_CRASH);
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(msg))
		n = sizeof(msg) - 1;
	/* Callers may or may not end the message with a newline; print one. */
	printf("panic: %s%s", msg, n > 0 && msg[n - 1] == '\n' ? "" : "\n");
	vmi_shutdown(VMI_SHUTDOWN_CRASH, VMI_EXIT_CRASH);
}
