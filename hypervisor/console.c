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
 * The hypervisor itself writes one line there at boot, before any domain
 * runs: which isolation it uses ("hv: isolation: ...", isolation.c).  The
 * conformance runner leaves "hv: " lines out when it compares transcripts.
 *
 * Input: the receive interrupt (IRQ 4) drains the UART into a ring buffer
 * and raises VIRQ_CONSOLE in the console domain; console_read takes bytes
 * from the buffer without waiting.  Like a Xen dom0 console, input goes to
 * one domain: the first marked is_console, else domain 0.
 */
#include "hv.h"
#include "pc.h"
#include "drivers/uart16550.h"
#include "drivers/statusport.h"
#include "lib/klib.h"

static struct uart_rx rx;

static int multi;                       /* prefix lines with the domain */
static uint8_t in_line[HV_MAX_DOMAINS]; /* a line of this domain is open */
static struct domain *last_writer;

void console_init(void)
{
	uart16550_init(UART_COM1, 1);       /* boot.c unmasks IRQ 4 at the PIC */
}

static void uart_putc(char c)
{
	uart16550_putc(UART_COM1, c);
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

void console_hv_line(const char *line)
{
	uart_puts(line);
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

	if (uart16550_drain(UART_COM1, &rx) && domain_is_live(d))
		evtchn_raise_virq(d, VMI_VIRQ_CONSOLE);
}

/* Input belongs to the console domain only: others always read nothing. */
int console_read(struct domain *d, char *buf, uint32_t len)
{
	if (d != console_domain())
		return 0;
	uart16550_drain(UART_COM1, &rx);    /* bytes whose IRQ is still due */
	return (int)uart_rx_take(&rx, buf, len);
}

/* The console domain takes input from now on: the launcher (scripts/qemu.py)
 * holds what the user typed until this, so nothing is lost while booting. */
void console_input_ready(struct domain *d)
{
	if (d == console_domain())
		status_line("ready");
}
