/*
 * statusport.h - the run's status channel: QEMU's isa-debugcon device on
 * port 0xE9, which scripts/qemu.py attaches to a pipe beside the console.
 *
 * The console (COM1) belongs to the guest and the isa-debug-exit status is
 * seven bits wide ((code << 1) | 1 must fit QEMU's 8-bit exit status), so
 * whatever the launcher must know for certain comes here, one text line at
 * a time:
 *   "ready"      console input is wired to the guest (it bound VIRQ_CONSOLE):
 *                input sent from now on is kept until read
 *   "exit N"     the guest powered off with status N (0-255)
 *   "crash"      the guest, or the hypervisor, crashed
 *   "rejected"   the hypervisor had no domain to run
 *   "hv: ..."    a hypervisor message the user must see on the console
 * Without the device (another runner, real hardware) the writes go nowhere.
 */
#ifndef DRIVERS_STATUSPORT_H
#define DRIVERS_STATUSPORT_H

#include "drivers/x86.h"

#define STATUS_PORT 0xE9

static inline void status_write(const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		outb(STATUS_PORT, (uint8_t)s[i]);
}

/* One line: s, then a newline. */
static inline void status_line(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	status_write(s, n);
	outb(STATUS_PORT, '\n');
}

/* "exit N", N in 0-255. */
static inline void status_exit(uint32_t code)
{
	char line[] = "exit 000";
	uint32_t n = 5;

	code &= 0xFF;
	if (code >= 100)
		line[n++] = (char)('0' + code / 100);
	if (code >= 10)
		line[n++] = (char)('0' + code / 10 % 10);
	line[n++] = (char)('0' + code % 10);
	status_write(line, n);
	outb(STATUS_PORT, '\n');
}

#endif /* DRIVERS_STATUSPORT_H */
