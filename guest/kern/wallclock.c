/*
 * wallclock.c - the guest's own wall clock: VMI's wall clock plus an offset
 * that clock_settime and settimeofday move.
 *
 * Setting the time is a guest decision, not the hypervisor's: a domain that
 * sets its clock must not move another domain's or the host's, and the
 * native backend has no RTC writes to offer.  So the kernel keeps the
 * difference between the time root asked for and VMI's clock, and every
 * reader of CLOCK_REALTIME (the time calls, file timestamps, /proc/stat's
 * btime) goes through wall_ns().
 */
#include "kernel.h"
#include <vmi/vmi.h>

static int64_t wall_offset_ns;

int64_t wall_ns(void)
{
	return (int64_t)vmi_wallclock_ns() + wall_offset_ns;
}

void wall_set_ns(int64_t ns)
{
	wall_offset_ns = ns - (int64_t)vmi_wallclock_ns();
}
