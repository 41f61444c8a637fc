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

static uint64_t tsc0, halted_ns, boot_epoch_ns;
static uint32_t tsc_mul;
static uint32_t tsc_shift;

void time_init(void)
{
	uint64_t hz = pit_calibrate_tsc();
	if (hz == 0)
		hz = 1;
	tsc_shift = 0;
	while ((hz << tsc_shift) <= 1000000000ull)  /* keep mul below 2^32 */
		tsc_shift++;
	tsc_mul = (uint32_t)((1000000000ull << 32) / (hz << tsc_shift));
	tsc0 = vmi_rdtsc();
	boot_epoch_ns = rtc_read_epoch() * 1000000000ull - vmi_time_ns();
}

/* (delta << shift) * mul >> 32 without a 96-bit type. */
uint64_t time_tsc_to_ns(uint64_t delta)
{
	delta <<= tsc_shift;
	uint32_t lo = (uint32_t)delta, hi = (uint32_t)(delta >> 32);
	return (((uint64_t)lo * tsc_mul) >> 32) + (uint64_t)hi * tsc_mul;
}

uint64_t vmi_time_ns(void)
{
	return time_tsc_to_ns(vmi_rdtsc() - tsc0);
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
