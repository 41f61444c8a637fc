/*
 * uart.c - the native console on COM1 (uart16550.c is the device).
 *
 * Output is polled.  Input raises IRQ 4; the handler moves bytes into a
 * ring buffer and makes VIRQ_CONSOLE pending, so the guest reads without
 * waiting.
 */
#include "native.h"
#include "drivers/uart16550.h"

static struct uart_rx rx;

void uart_init(void)
{
	uart16550_init(UART_COM1, 1);
}

void uart_putc(char c)
{
	uart16550_putc(UART_COM1, c);
}

void uart_irq(void)
{
	if (uart16550_drain(UART_COM1, &rx))
		evt_raise_virq(VMI_VIRQ_CONSOLE);
}

int uart_read(char *buf, uint32_t len)
{
	uint32_t f = irq_save_native();
	uart16550_drain(UART_COM1, &rx);     /* bytes whose IRQ is still due */
	uint32_t n = uart_rx_take(&rx, buf, len);
	irq_restore_native(f);
	return (int)n;
}
