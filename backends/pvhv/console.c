/*
 * console.c - the VMI console on pvhv: the hypervisor owns the UART.
 *
 * HC_CONSOLE_IO copies from or to guest memory (a bad buffer is -VMI_EFAULT)
 * and bounds how much one call moves, returning the count it did; a long
 * write is therefore a loop.  Reads never wait: VIRQ_CONSOLE says when
 * input has arrived.
 */
#include "backend.h"
#include "hypercall.h"

int vmi_console_write(const char *buf, uint32_t len)
{
	uint32_t done = 0;

	while (done < len) {
		int r = hc3(HC_CONSOLE_IO, CONSOLEIO_WRITE, len - done, (uint32_t)(buf + done));
		if (r < 0)
			return r;
		if (r == 0)
			break;          /* nothing moved: do not spin */
		done += (uint32_t)r;
	}
	return (int)done;
}

int vmi_console_read(char *buf, uint32_t len)
{
	return hc3(HC_CONSOLE_IO, CONSOLEIO_READ, len, (uint32_t)buf);
}
