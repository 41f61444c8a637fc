/*
 * log.c - the hypervisor's own log, on COM2.
 *
 * Guests own the console (COM1, console.c) and the conformance runner
 * compares their transcripts byte for byte across backends, so nothing the
 * hypervisor says may appear there: every log line goes to the second UART
 * as "hv: <message>\n" (QEMU: -serial file:...).  Output is polled with
 * interrupts off, so the log works before any other device and in a panic.
 */
#include <stdarg.h>
#include "hv.h"
#include "pc.h"
#include "../guest/lib/klib.h"

#define COM2 0x2F8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LSR_THR_EMPTY 0x20

static int log_ready;

/* 115200 baud, 8N1, FIFO on, no interrupts: the log only ever writes. */
static void log_init(void)
{
	outb(COM2 + REG_IER, 0x00);
	outb(COM2 + REG_LCR, 0x80);         /* divisor latch */
	outb(COM2 + REG_DATA, 0x01);
	outb(COM2 + REG_IER, 0x00);
	outb(COM2 + REG_LCR, 0x03);
	outb(COM2 + REG_FCR, 0xC7);
	outb(COM2 + REG_MCR, 0x03);         /* DTR, RTS; OUT2 off: no IRQ 3 */
	log_ready = 1;
}

static void log_putc(char c)
{
	while (!(inb(COM2 + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(COM2 + REG_DATA, (uint8_t)c);
}

static void log_write(const char *buf, size_t len)
{
	if (!log_ready)
		log_init();
	for (size_t i = 0; i < len; i++)
		log_putc(buf[i]);
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
