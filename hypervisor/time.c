/*
 * time.c - system time and its publication in each domain's shared page.
 *
 * System time is the TSC scaled to nanoseconds since boot with a 32-bit
 * multiplier and a shift, chosen exactly as backends/native/time.c does:
 *     ns = ((tsc - tsc0) << shift) * mul >> 32.
 * Guests compute "now" themselves from the same parameters and a recent
 * (tsc_timestamp, system_time) sample published in their shared page, read
 * like a seqlock: the version is odd while the hypervisor writes.  The
 * sample's system_time is computed from the same tsc0, and the scaling
 * rounds down (superadditive), so a guest's "now" never runs ahead of the
 * hypervisor's hv_now() - a deadline a guest computed is never seen early.
 *
 * Run time (vtime): a domain's run time is d->run_ns as of the moment it
 * was last scheduled in (d->sched_in_ns); while it runs the guest adds
 * now - vtime_stamp.  Both are republished at every switch-in.
 */
#include "hv.h"
#include <vmi/rules.h>
#include "pc.h"

static uint64_t tsc0, wallclock_base;
static uint32_t tsc_mul;
static int32_t tsc_shift;

#define barrier() asm volatile("" : : : "memory")

void time_init(void)
{
	uint64_t hz = pit_calibrate_tsc();

	vmi_tsc_scale_init(hz, &tsc_mul, &tsc_shift);
	tsc0 = rdtsc();
	wallclock_base = rtc_read_epoch() * 1000000000ull - hv_now();
	hv_log("TSC %u kHz (mul %u shift %d), wall clock %u s since the epoch",
	       (uint32_t)(hz / 1000), tsc_mul, tsc_shift,
	       (uint32_t)(wallclock_base / 1000000000ull));
}

uint64_t time_tsc_to_ns(uint64_t delta)
{
	return vmi_tsc_scale(delta, tsc_mul, tsc_shift);
}

uint64_t hv_now(void)
{
	return time_tsc_to_ns(rdtsc() - tsc0);
}

void time_publish(struct domain *d)
{
	volatile struct pvhv_time_info *t = &d->shared->time;
	uint64_t stamp = rdtsc();
	uint32_t v = t->version | 1;        /* odd even if the page was not 0 */

	t->version = v;                     /* odd: readers retry */
	barrier();
	t->tsc_timestamp = stamp;
	t->system_time = time_tsc_to_ns(stamp - tsc0);
	t->tsc_to_system_mul = tsc_mul;
	t->tsc_shift = tsc_shift;
	t->wallclock_base = wallclock_base;
	t->vtime_base = d->run_ns;
	t->vtime_stamp = d->sched_in_ns;
	barrier();
	t->version = v + 1;                 /* even: consistent again */
}
