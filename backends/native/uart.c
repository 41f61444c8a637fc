/*
 * uart.c - the 16550 UART on COM1: the native console.
 *
 * Output is polled (a console must work before interrupts and after a
 * crash).  Input raises IRQ 4; the handler moves bytes into a ring buffer
 * and makes VIRQ_CONSOLE pending, so the guest reads without waiting.
 */
#include "native.h"
#include "io.h"

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

void uart_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x80);         /* divisor latch: 115200 baud */
	outb(COM1 + REG_DATA, 0x01);
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x03);         /* 8 bits, no parity, 1 stop */
	outb(COM1 + REG_FCR, 0xC7);         /* FIFO on, cleared */
	outb(COM1 + REG_MCR, 0x0B);         /* DTR, RTS, OUT2 (IRQ line) */
	outb(COM1 + REG_IER, 0x01);         /* interrupt on received data */
}

void uart_putc(char c)
{
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

/* Drain the receiver; called with interrupts off. */
static int uart_poll(void)
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

void uart_irq(void)
{
	if (uart_poll())
		evt_raise_virq(VMI_VIRQ_CONSOLE);
}

int uart_read(char *buf, uint32_t len)
{
	uint32_t f = irq_save_native(), n = 0;
	uart_poll();
	while (n < len && rx_tail != rx_head)
		buf[n++] = rx_buf[rx_tail++ % RX_SIZE];
	irq_restore_native(f);
	return (int)n;
}
