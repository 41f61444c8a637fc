/*
 * time.c - system time, run time and wall-clock time on pvhv, and the timer.
 *
 * The three clocks are hot: computed from the shared page's time info and
 * the TSC, never by a hypercall.  The hypervisor publishes, at the TSC value
 * tsc_timestamp, the system time and a scale, and keeps `version` odd while
 * it rewrites them (from an interrupt, on this processor): a reader that saw
 * an odd or changed version read a torn snapshot and tries again (a seqlock).
 *     now    = system_time + (((tsc - tsc_timestamp) << shift) * mul >> 32)
 *     vtime  = vtime_base + (now - vtime_stamp)   (this domain is running)
 *     wall   = wallclock_base + now
 * The one-shot timer lives in the hypervisor (HC_TIMER_OP).
 */
#include "backend.h"
#include <vmi/rules.h>
#include "hypercall.h"

struct time_sample {
	uint64_t now, vtime_base, vtime_stamp, wallclock_base;
};

static uint64_t read_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}


/* One consistent snapshot of the time info, with "now" computed from it. */
static void sample(struct time_sample *out)
{
	const volatile struct pvhv_time_info *t = &SHARED->time;
	uint32_t version;

	do {
		version = t->version;
		barrier();
		uint64_t tsc = read_tsc(), stamp = t->tsc_timestamp;
		out->now = t->system_time +
		           vmi_tsc_scale(tsc > stamp ? tsc - stamp : 0, t->tsc_to_system_mul, t->tsc_shift);
		out->vtime_base = t->vtime_base;
		out->vtime_stamp = t->vtime_stamp;
		out->wallclock_base = t->wallclock_base;
		barrier();
	} while ((version & 1) || version != t->version);
}

uint64_t vmi_time_ns(void)
{
	struct time_sample s;

	sample(&s);
	return s.now;
}

uint64_t vmi_vtime_ns(void)
{
	struct time_sample s;

	sample(&s);
	return s.vtime_base + (s.now > s.vtime_stamp ? s.now - s.vtime_stamp : 0);
}

uint64_t vmi_wallclock_ns(void)
{
	struct time_sample s;

	sample(&s);
	return s.wallclock_base + s.now;
}

int vmi_timer_set(uint64_t deadline_ns)
{
	return hc3(HC_TIMER_OP, TIMEROP_SET, (uint32_t)deadline_ns, (uint32_t)(deadline_ns >> 32));
}

void vmi_timer_cancel(void)
{
	hc1(HC_TIMER_OP, TIMEROP_CANCEL);
}
