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
 * Rate limit: with more than one domain, each has a byte budget that
 * refills at CONSOLE_RATE bytes per ms of system time up to CONSOLE_BURST;
 * output beyond it is dropped (counted, logged once per domain, and said on
 * the console when the domain writes again within budget).  A domain that
 * floods the console loses its own excess output; it cannot spend the
 * others' processor time on the UART.  Alone, a domain is not limited:
 * there is nobody to starve.
 *
 * The hypervisor itself writes one line there at boot, before any domain
 * runs: which isolation it uses ("hv: isolation: ...", isolation.c).  The
 * conformance runner leaves "hv: " lines out when it compares transcripts.
 *
 * Input: the receive interrupt (IRQ 4) drains the UART into a ring buffer
 * and raises VIRQ_CONSOLE in the console domain; console_read takes bytes
 * from the buffer without waiting.  Like a Xen dom0 console, input goes to
 * one domain: the first marked is_console, else domain 0 (else, if slot 0
 * holds a domain dom0 created, the privileged domain).
 *
 * Per-domain consoles for dom0 (the control plane, domctl.c): every
 * domain's output is also kept in a ring of CONSOLE_LOG_SIZE bytes of its
 * own, which dom0 reads by offset (`vmctl console`), and every domain but
 * the console domain reads its input from a small queue dom0 fills.  A
 * domain dom0 created at run time (d->created) writes to its ring only:
 * the physical console stays dom0's, and such domains neither count as
 * "more than one domain" for the prefixes nor spend UART time; their
 * output has the same byte budget per domain as above, alone or not (a
 * flood fills dom0's view of the ring and costs copying), and what is
 * dropped is said in the ring itself ("[N bytes dropped]").  Boot-time
 * domains keep the UART as above, so the transcripts of multi-domain runs
 * are what they were.
 */
#include "hv.h"
#include "pc.h"
#include "drivers/uart16550.h"
#include "drivers/statusport.h"
#include "lib/klib.h"
#include "mm.h"

static struct uart_rx rx;

static int multi;                       /* prefix lines with the domain */
static uint8_t in_line[HV_MAX_DOMAINS]; /* a line of this domain is open */
static struct domain *last_writer;

#define CONSOLE_CALL_ALONE 4096u        /* UART bytes per hypercall */
#define CONSOLE_CALL_MULTI 1024u
#define CONSOLE_BURST 65536u            /* bytes */
#define CONSOLE_RATE  64u               /* bytes per ms */
struct console_rate {
	uint64_t credit, stamp;             /* bytes, as of system time stamp */
	uint32_t dropped;                   /* since the domain's last output */
	int warned;
};
static struct console_rate rate[HV_MAX_DOMAINS];

#define CONSOLE_LOG_PAGES 2u
#define CONSOLE_LOG_SIZE  (CONSOLE_LOG_PAGES * VMI_PAGE_SIZE)
#define CONSOLE_IN_SIZE   256u
struct dom_console {
	char *log;                          /* CONSOLE_LOG_SIZE, from the heap */
	uint32_t written;                   /* bytes ever written */
	char in[CONSOLE_IN_SIZE];           /* input queued by dom0 */
	uint32_t in_rd, in_wr;              /* free-running */
};
static struct dom_console cons[HV_MAX_DOMAINS];

/* Take cost of d's budget for len bytes; 0: over the rate, drop them. */
static int rate_take(struct domain *d, struct console_rate *b, uint32_t len, uint32_t cost)
{
	uint64_t now = hv_now();

	if (!b->stamp) {
		b->credit = CONSOLE_BURST;
		b->stamp = now;
	}
	uint64_t ms = (now - b->stamp) / 1000000u;
	b->credit += ms * CONSOLE_RATE;
	b->stamp += ms * 1000000u;
	if (b->credit > CONSOLE_BURST)
		b->credit = CONSOLE_BURST;
	if (b->credit < cost) {
		b->dropped += len;          /* the domain's bytes */
		if (!b->warned)
			hv_log("domain %u (%s): console output over its rate, excess dropped",
			       d->id, d->name);
		b->warned = 1;
		return 0;
	}
	b->credit -= cost;
	return 1;
}

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

/* The live domains that write to the UART (not dom0's creations): while
 * there is one, its lines carry no prefix.  The scheduler counts them. */
static int live_domains(void)
{
	return sched_live_boot_domains();
}
/* ---- the per-domain rings ---- */

/* Keep d's bytes in its ring (allocated at its first output; without heap
 * they are only counted). */
static void log_keep(struct domain *d, const char *buf, uint32_t n)
{
	struct dom_console *c = &cons[d - domains];

	if (!c->log)
		c->log = heap_alloc_pages(CONSOLE_LOG_PAGES);
	for (uint32_t i = 0; c->log && i < n; i++)
		c->log[(c->written + i) % CONSOLE_LOG_SIZE] = buf[i];
	c->written += n;
}

uint32_t console_log_copy(struct domain *d, uint32_t *offset, char *buf, uint32_t len)
{
	struct dom_console *c = &cons[d - domains];
	uint32_t oldest = c->written > CONSOLE_LOG_SIZE ? c->written - CONSOLE_LOG_SIZE : 0;
	uint32_t from = *offset, n = 0;

	if (from - oldest > c->written - oldest)   /* before the oldest, or wrapped */
		from = oldest;
	if (from > c->written)
		from = c->written;
	while (c->log && n < len && from + n != c->written) {
		buf[n] = c->log[(from + n) % CONSOLE_LOG_SIZE];
		n++;
	}
	*offset = from + n;
	return n;
}

/* Input for d (not the console domain): what fits in its queue. */
uint32_t console_input_put(struct domain *d, const char *buf, uint32_t len)
{
	struct dom_console *c = &cons[d - domains];
	uint32_t n = 0;

	while (n < len && c->in_wr - c->in_rd < CONSOLE_IN_SIZE) {
		c->in[c->in_wr % CONSOLE_IN_SIZE] = buf[n++];
		c->in_wr++;
	}
	if (n)
		evtchn_raise_virq(d, VMI_VIRQ_CONSOLE);
	return n;
}

static uint32_t input_take(struct domain *d, char *buf, uint32_t len)
{
	struct dom_console *c = &cons[d - domains];
	uint32_t n = 0;

	while (n < len && c->in_rd != c->in_wr)
		buf[n++] = c->in[c->in_rd++ % CONSOLE_IN_SIZE];
	return n;
}

void console_forget(struct domain *d)
{
	struct dom_console *c = &cons[d - domains];

	if (c->log)
		heap_free_pages(c->log, CONSOLE_LOG_PAGES);
	memset(c, 0, sizeof *c);
	memset(&rate[d - domains], 0, sizeof rate[0]);
	in_line[d - domains] = 0;
	if (last_writer == d)
		last_writer = 0;
}

/* A created domain's output: into its ring, at its rate.  What is over
 * the rate is dropped and counted, and the count is written into the ring
 * as a line "[N bytes dropped]" before the domain's next output that gets
 * through - dom0 sees where and how much was lost. */
static uint32_t ring_put(struct domain *d, const char *buf, uint32_t len, uint32_t *left)
{
	struct console_rate *b = &rate[d - domains];
	uint8_t *open = &in_line[d - domains];
	uint32_t n = len < *left ? len : *left;

	*left -= n;
	if (!n || !rate_take(d, b, n, n))
		return n;                   /* dropped: the domain's loss */
	if (b->dropped) {
		char note[48];
		int k = snprintf(note, sizeof note, "%s[%u bytes dropped]\n", *open ? "\n" : "",
				 b->dropped);
		log_keep(d, note, (uint32_t)k);
		b->dropped = 0;
	}
	log_keep(d, buf, n);
	*open = buf[n - 1] != '\n';
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

/* The console bytes one hypercall may put on the UART: a whole 4 KiB call
 * alone, 1 KiB with others beside (prefixes included), so that no call
 * holds the processor long even where the UART is slow to emulate. */
uint32_t console_call_budget(void)
{
	if (!multi && live_domains() > 1)
		multi = 1;
	return multi ? CONSOLE_CALL_MULTI : CONSOLE_CALL_ALONE;
}

uint32_t console_put(struct domain *d, const char *buf, uint32_t len, uint32_t *left)
{
	uint8_t *open = &in_line[d - domains];
	uint32_t n = 0, cost = 0;

	if (d->created)                     /* dom0 reads it: the ring only */
		return ring_put(d, buf, len, left);
	if (!multi && live_domains() > 1)
		multi = 1;
	if (!multi) {
		n = len < *left ? len : *left;
		for (uint32_t i = 0; i < n; i++)
			uart_putc(buf[i]);
		log_keep(d, buf, n);
		*left -= n;
		return n;
	}
	/* what fits in this call's budget: the UART's work, prefixes too */
	uint32_t tag = d->name[0] ? strlen(d->name) + 3 : 8;
	if (tag > 34)
		tag = 34;                   /* "[%.31s] " */
	for (int o = *open; n < len; n++) {
		uint32_t c = 1 + (o ? 0 : tag);
		if (cost + c > *left)
			break;
		cost += c;
		o = buf[n] != '\n';
	}
	struct console_rate *b = &rate[d - domains];
	if (!n || !rate_take(d, b, n, cost))
		return n;                   /* dropped: the domain's loss */
	*left -= cost;
	switch_writer(d);
	if (b->dropped) {
		char note[64];
		if (*open)
			uart_puts("\r\n");
		put_prefix(d);
		snprintf(note, sizeof note, "(console: %u bytes dropped)\r\n", b->dropped);
		uart_puts(note);
		*open = 0;
		b->dropped = 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!*open)
			put_prefix(d);
		uart_putc(buf[i]);
		*open = buf[i] != '\n';
	}
	log_keep(d, buf, n);
	return n;
}

void console_hv_line(const char *line)
{
	uart_puts(line);
}

struct domain *console_domain(void)
{
	for (int i = 0; i < HV_MAX_DOMAINS; i++)
		if (domains[i].is_console && domain_is_live(&domains[i]))
			return &domains[i];
	for (int i = 0; domains[0].created && i < HV_MAX_DOMAINS; i++)
		if (domains[i].privileged)
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

/* The UART's input belongs to the console domain; the others read what
 * dom0 queued for them. */
int console_read(struct domain *d, char *buf, uint32_t len)
{
	if (d != console_domain())
		return (int)input_take(d, buf, len);
	uart16550_drain(UART_COM1, &rx);    /* bytes whose IRQ is still due */
	return (int)uart_rx_take(&rx, buf, len);
}

/* The console domain takes input from now on: the launcher (scripts/qemu.py)
 * holds what the user typed until this, so nothing is lost while booting. */
void console_input_ready(struct domain *d)
{
	struct dom_console *c = &cons[d - domains];

	if (d == console_domain())
		status_line("ready");
	else if (c->in_rd != c->in_wr)     /* dom0 queued input before this */
		evtchn_raise_virq(d, VMI_VIRQ_CONSOLE);
}
