/*
 * uart16550.h - the 16550 UART of a PC, as a device: set-up, polled output,
 * and a receive ring.  One of the PC drivers both the native backend (COM1,
 * the guest console) and the hypervisor (COM1 for guests, COM2 for its log)
 * link; who owns the port and what input means stays with them.
 */
#ifndef UART16550_H
#define UART16550_H

#include <stdint.h>

#define UART_COM1 0x3F8
#define UART_COM2 0x2F8
#define IRQ_COM1 4
#define UART_RX_SIZE 256                /* power of two */

struct uart_rx {
	char buf[UART_RX_SIZE];
	uint32_t head, tail;                /* free-running indexes */
};

/* 115200 baud, 8N1, FIFO on; rx_irq: raise the IRQ line on received data. */
void uart16550_init(uint16_t base, int rx_irq);
void uart16550_putc(uint16_t base, char c);
/* Move received bytes into rx while it has room (the rest stays in the
 * UART's FIFO, which makes the sender wait); 1 if any came. */
int uart16550_drain(uint16_t base, struct uart_rx *rx);
/* Take up to n buffered bytes; returns how many. */
uint32_t uart_rx_take(struct uart_rx *rx, char *buf, uint32_t n);

#endif /* UART16550_H */
