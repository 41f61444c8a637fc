/*
 * uart16550.c - the 16550 UART driver shared by the native backend and the
 * hypervisor (see uart16550.h).  Output is polled: a console must work
 * before interrupts are set up and in a crash.
 */
#include "uart16550.h"
#include "x86.h"

#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LSR_DATA 0x01
#define LSR_THR_EMPTY 0x20
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08                   /* gates the IRQ line on a PC */

void uart16550_init(uint16_t base, int rx_irq)
{
	outb(base + REG_IER, 0x00);
	outb(base + REG_LCR, 0x80);         /* divisor latch: 115200 baud */
	outb(base + REG_DATA, 0x01);
	outb(base + REG_IER, 0x00);
	outb(base + REG_LCR, 0x03);         /* 8 bits, no parity, 1 stop */
	outb(base + REG_FCR, 0xC7);         /* FIFO on, cleared */
	outb(base + REG_MCR, MCR_DTR_RTS | (rx_irq ? MCR_OUT2 : 0));
	outb(base + REG_IER, rx_irq ? 0x01 : 0x00);
}

void uart16550_putc(uint16_t base, char c)
{
	while (!(inb(base + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(base + REG_DATA, (uint8_t)c);
}

int uart16550_drain(uint16_t base, struct uart_rx *rx)
{
	int got = 0;
	/* A full ring leaves the rest in the UART: its FIFO fills, and the
	 * sender (QEMU, the launcher's pipe behind it) waits - nothing is lost. */
	while (rx->head - rx->tail < UART_RX_SIZE && (inb(base + REG_LSR) & LSR_DATA)) {
		rx->buf[rx->head++ % UART_RX_SIZE] = (char)inb(base + REG_DATA);
		got = 1;
	}
	return got;
}

uint32_t uart_rx_take(struct uart_rx *rx, char *buf, uint32_t n)
{
	uint32_t got = 0;
	while (got < n && rx->tail != rx->head)
		buf[got++] = rx->buf[rx->tail++ % UART_RX_SIZE];
	return got;
}
