/*
 * time.c - system time, run time and wall-clock time natively.
 *
 * System time is the TSC scaled to nanoseconds with a 32-bit multiplier and
 * a shift - the same representation pvhv publishes in its shared page, so
 * both compute "now" the same way:
 *     ns = ((tsc - tsc0) << shift) * mul >> 32.
 * Run time is system time minus the time spent halted waiting for events.
 */
#include "native.h"
#include <vmi/rules.h>
#include "drivers/x86.h"

static uint64_t tsc0, halted_ns, boot_epoch_ns;
static uint32_t tsc_mul;
static int32_t tsc_shift;

void time_init(void)
{
	vmi_tsc_scale_init(pit_calibrate_tsc(), &tsc_mul, &tsc_shift);
	tsc0 = rdtsc();
	boot_epoch_ns = rtc_read_epoch() * 1000000000ull - vmi_time_ns();
}

uint64_t time_tsc_to_ns(uint64_t delta)
{
	return vmi_tsc_scale(delta, tsc_mul, tsc_shift);
}

uint64_t vmi_time_ns(void)
{
	return time_tsc_to_ns(rdtsc() - tsc0);     /* not vmi_rdtsc: no call in a call */
}

void time_account_halt(uint64_t ns)
{
	halted_ns += ns;
}

uint64_t vmi_vtime_ns(void)
{
	return vmi_time_ns() - halted_ns;
}

uint64_t vmi_wallclock_ns(void)
{
	return boot_epoch_ns + vmi_time_ns();
}
