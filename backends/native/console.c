/*
 * console.c - VMI console calls natively: straight to the UART.
 */
#include "native.h"

int vmi_console_write(const char *buf, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		uart_putc(buf[i]);
	return (int)len;
}

int vmi_console_read(char *buf, uint32_t len)
{
	return uart_read(buf, len);
}
