/*
 * log.c - the hypervisor's own log, on COM2.
 *
 * Guests own the console (COM1, console.c) and the conformance runner
 * compares their transcripts byte for byte across backends, so the
 * hypervisor says nothing there but its one isolation line at boot (which
 * the runner ignores): every log line goes to the second UART as
 * "hv: <message>\n" (QEMU: -serial file:...).  Output is polled with
 * interrupts off, so the log works before any other device and in a panic.
 *
 * What the user must see - a domain rejected, a panic, no domain to run -
 * goes to the status channel as well (hv_alert; drivers/statusport.h), which
 * scripts/qemu.py copies to its stderr: the launcher's console, not the
 * guests'.  The end of the run is reported there too (hv_poweroff).
 */
#include <stdarg.h>
#include "hv.h"
#include "pc.h"
#include "drivers/statusport.h"
#include "drivers/uart16550.h"
#include "lib/klib.h"

static int log_ready;

/* The log's last LOG_RING bytes, for the privileged domain (domctl.c). */
#define LOG_RING 16384u
static char ring[LOG_RING];
static uint32_t ring_total;             /* bytes logged since boot */

uint32_t hv_log_oldest(void)
{
	return ring_total > LOG_RING ? ring_total - LOG_RING : 0;
}

/* Up to len bytes from offset (at least the oldest kept); the count. */
uint32_t hv_log_copy(uint32_t offset, char *buf, uint32_t len)
{
	uint32_t n = 0;

	if (offset < hv_log_oldest())
		offset = hv_log_oldest();
	for (; n < len && offset + n < ring_total; n++)
		buf[n] = ring[(offset + n) % LOG_RING];
	return n;
}

static void log_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		ring[ring_total++ % LOG_RING] = buf[i];
	if (!log_ready) {                   /* no IRQ: the log only writes */
		uart16550_init(UART_COM2, 0);
		log_ready = 1;
	}
	for (size_t i = 0; i < len; i++)
		uart16550_putc(UART_COM2, buf[i]);
}

static int alerting;                    /* this line goes to the status channel too */

static void log_out(const char *buf, size_t len)
{
	log_write(buf, len);
	if (alerting)
		status_write(buf, (uint32_t)len);
}

static void log_line(const char *prefix, const char *fmt, va_list ap)
{
	log_out(prefix, strlen(prefix));
	vformat(log_out, fmt, ap);
	log_out("\n", 1);
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("hv: ", fmt, ap);
	va_end(ap);
}

void hv_alert(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	alerting = 1;
	log_line("hv: ", fmt, ap);
	alerting = 0;
	va_end(ap);
}

void hv_panic(const char *fmt, ...)
{
	va_list ap;

	asm volatile("cli");
	va_start(ap, fmt);
	alerting = 1;
	log_line("hv: PANIC: ", fmt, ap);
	alerting = 0;
	va_end(ap);
	hv_poweroff(HV_EXIT_CRASHED | VMI_EXIT_CRASH);
}

void hv_poweroff(uint32_t code)
{
	if (code & HV_EXIT_CRASHED)
		status_line("crash");
	else
		status_exit(code);
	hv_exit(code & 0xFF);
}

void hv_no_domain(void)
{
	hv_alert("no domain to run");
	status_line("rejected");
	hv_exit(VMI_EXIT_CRASH);
}
