/*
 * shutdown.c - ending the run and the backend's own log.
 *
 * Natively "power off with status c" is a write of c to QEMU's isa-debug-exit
 * device (QEMU exits with (c << 1) | 1).  If the device is missing, the CPU
 * halts with interrupts off, which ends a -no-reboot run only by timeout -
 * the runner reports that as a crash, never as success.  QEMU's exit status
 * keeps only seven bits of c, so the full status (or "crash") is first
 * written to the status channel (drivers/statusport.h).
 */
#include "native.h"
#include "drivers/statusport.h"
#include "drivers/x86.h"

#define DEBUG_EXIT_PORT 0xF4

void native_exit(uint32_t code)
{
	cli();
	outl(DEBUG_EXIT_PORT, code);
	for (;;)
		asm volatile("hlt");
}

/* The run ends as a crash (scripts/qemu.py: "the guest crashed"). */
void native_crash(void)
{
	status_line("crash");
	native_exit(VMI_EXIT_CRASH);
}

void native_log(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void native_log_hex(uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	for (int shift = 28; shift >= 0; shift -= 4)
		uart_putc(hex[(v >> shift) & 0xF]);
}

void vmi_shutdown(uint32_t reason, uint32_t code)
{
	if (reason != VMI_SHUTDOWN_POWEROFF) {
		native_log("native: guest crashed\n");
		native_crash();
	}
	if (code > 255)
		native_crash();
	status_exit(code);
	native_exit(code);
}

/* One domain natively: nobody to yield to. */
void vmi_sched_yield(void)
{
}
