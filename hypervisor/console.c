/*
 * console.c - the system console (COM1), owned by the hypervisor and shared
 * by every domain.
 *
 * Output: with a single domain its bytes pass through unchanged, so its
 * transcript is byte-identical to a native run (the conformance runner
 * compares them).  Once more than one domain is live, every line is
 * prefixed "[name] ", and stays so for the rest of the run (a stable format
 * is easier to read than one that changes when a domain ends).  Each domain
 * has its own "inside a line" state, so a line written in several pieces
 * gets one prefix; if another domain writes in the middle of it, the
 * unfinished line is ended first and its continuation gets a new prefix.
 *
 * Input: the receive interrupt (IRQ 4) drains the UART into a ring buffer
 * and raises VIRQ_CONSOLE in the console domain; console_read takes bytes
 * from the buffer without waiting.  Like a Xen dom0 console, input goes to
 * one domain: the first marked is_console, else domain 0.
 */
#include "hv.h"
#include "pc.h"
#include "../guest/lib/klib.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LSR_DATA 0x01
#define LSR_THR_EMPTY 0x20
#define RX_SIZE 256                     /* power of two */

static char rx_buf[RX_SIZE];
static uint32_t rx_head, rx_tail;       /* free-running indexes */

static int multi;                       /* prefix lines with the domain */
static uint8_t in_line[HV_MAX_DOMAINS]; /* a line of this domain is open */
static struct domain *last_writer;

void console_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x80);         /* divisor latch: 115200 baud */
	outb(COM1 + REG_DATA, 0x01);
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x03);         /* 8 bits, no parity, 1 stop */
	outb(COM1 + REG_FCR, 0xC7);         /* FIFO on, cleared */
	outb(COM1 + REG_MCR, 0x0B);         /* DTR, RTS, OUT2 (IRQ line) */
	outb(COM1 + REG_IER, 0x01);         /* interrupt on received data;
	                                     * boot.c unmasks IRQ 4 at the PIC */
}

static void uart_putc(char c)
{
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static int live_domains(void)
{
	int n = 0;

	for (int i = 0; i < HV_MAX_DOMAINS; i++)
		n += domain_is_live(&domains[i]);
	return n;
}

static void put_prefix(struct domain *d)
{
	char tag[48];

	if (d->name[0])
		snprintf(tag, sizeof(tag), "[%.31s] ", d->name);
	else
		snprintf(tag, sizeof(tag), "[dom%u] ", d->id);
	uart_puts(tag);
}

/* Another domain's line is unfinished: end it, so lines never mix. */
static void switch_writer(struct domain *d)
{
	if (last_writer && last_writer != d && in_line[last_writer - domains]) {
		uart_puts("\r\n");
		in_line[last_writer - domains] = 0;
	}
	last_writer = d;
}

void console_put(struct domain *d, const char *buf, uint32_t len)
{
	uint8_t *open = &in_line[d - domains];

	if (!multi && live_domains() > 1)
		multi = 1;
	if (!multi) {
		for (uint32_t i = 0; i < len; i++)
			uart_putc(buf[i]);
		return;
	}
	switch_writer(d);
	for (uint32_t i = 0; i < len; i++) {
		if (!*open)
			put_prefix(d);
		uart_putc(buf[i]);
		*open = buf[i] != '\n';
	}
}

/* Move what the UART received into the ring; 1 if anything came. */
static int uart_drain(void)
{
	int got = 0;

	while (inb(COM1 + REG_LSR) & LSR_DATA) {
		char c = (char)inb(COM1 + REG_DATA);
		if (rx_head - rx_tail < RX_SIZE)
			rx_buf[rx_head++ % RX_SIZE] = c;
		got = 1;
	}
	return got;
}

static struct domain *console_domain(void)
{
	for (int i = 0; i < HV_MAX_DOMAINS; i++)
		if (domains[i].is_console && domain_is_live(&domains[i]))
			return &domains[i];
	return &domains[0];
}

/* IRQ 4; the core acknowledges the PIC afterwards. */
void console_irq(void)
{
	struct domain *d = console_domain();

	if (uart_drain() && domain_is_live(d))
		evtchn_raise_virq(d, VMI_VIRQ_CONSOLE);
}

/* Input belongs to the console domain only: others always read nothing. */
int console_read(struct domain *d, char *buf, uint32_t len)
{
	uint32_t n = 0;

	if (d != console_domain())
		return 0;
	uart_drain();                       /* bytes whose IRQ is still due */
	while (n < len && rx_tail != rx_head)
		buf[n++] = rx_buf[rx_tail++ % RX_SIZE];
	return (int)n;
}
