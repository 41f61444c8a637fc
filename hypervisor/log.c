/*
 * log.c - the hypervisor's own log, on COM2.
 *
 * Guests own the console (COM1, console.c) and the conformance runner
 * compares their transcripts byte for byte across backends, so the
 * hypervisor says nothing there but its one isolation line at boot (which
 * the runner ignores): every log line goes to the second UART as
 * "hv: <message>\n" (QEMU: -serial file:...).  Output is polled with
 * interrupts off, so the log works before any other device and in a panic.
 */
#include <stdarg.h>
#include "hv.h"
#include "pc.h"
#include "drivers/uart16550.h"
#include "lib/klib.h"

static int log_ready;

static void log_write(const char *buf, size_t len)
{
	if (!log_ready) {                   /* no IRQ: the log only writes */
		uart16550_init(UART_COM2, 0);
		log_ready = 1;
	}
	for (size_t i = 0; i < len; i++)
		uart16550_putc(UART_COM2, buf[i]);
}

static void log_line(const char *prefix, const char *fmt, va_list ap)
{
	log_write(prefix, strlen(prefix));
	vformat(log_write, fmt, ap);
	log_write("\n", 1);
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("hv: ", fmt, ap);
	va_end(ap);
}

void hv_panic(const char *fmt, ...)
{
	va_list ap;

	asm volatile("cli");
	va_start(ap, fmt);
	log_line("hv: PANIC: ", fmt, ap);
	va_end(ap);
	hv_exit(VMI_EXIT_CRASH);
}
