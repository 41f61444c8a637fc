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
#include <stddef.h>
#include "backend.h"
#include <vmi/rules.h>
#include "hypercall.h"

struct time_sample {
	uint64_t now, vtime_base, vtime_stamp, wallclock_base;
};

/* "=A": EDX:EAX as one 64-bit value (i386 only), no recombining. */
static uint64_t read_tsc(void)
{
	uint64_t tsc;

	__asm__ volatile("rdtsc" : "=A"(tsc));
	return tsc;
}


/*
 * vmi_tsc_scale, with the shifts the hypervisor publishes (0 to 31:
 * vmi_tsc_scale_init) first: one unsigned compare, then shld and shl -
 * the compiler's 64-bit shift by a variable count also handles counts of
 * 32 to 63 and the sign, four more instructions on every read.  Any other
 * shift takes vmi_tsc_scale itself; the product is its in both cases.
 */
static inline __attribute__((always_inline)) uint64_t scale(uint64_t delta, uint32_t mul,
							      int32_t shift)
{
	if ((uint32_t)shift >= 32)
		return vmi_tsc_scale(delta, mul, shift);
	__asm__("shldl %%cl, %%eax, %%edx\n\tshll %%cl, %%eax" : "+A"(delta) : "c"(shift) : "cc");
	return vmi_tsc_scale(delta, mul, 0);
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
		           scale(tsc > stamp ? tsc - stamp : 0, t->tsc_to_system_mul, t->tsc_shift);
		out->vtime_base = t->vtime_base;
		out->vtime_stamp = t->vtime_stamp;
		out->wallclock_base = t->wallclock_base;
		barrier();
	} while ((version & 1) || version != t->version);
}

/* "now", reading only what it needs (the same seqlock and formula as
 * sample(), without the run-time fields), and with WALL non-NULL the
 * wall-clock base from the same snapshot.  The TSC is read after the
 * snapshot: any TSC value later than the stamp gives a correct "now".  No
 * clamp as in sample(): the TSC cannot be behind the stamp here - one
 * processor, the hypervisor read the stamp before this guest ran again,
 * and nothing writes the TSC.  Inline: each caller keeps only its reads. */
static inline __attribute__((always_inline)) uint64_t now_ns(uint64_t *wall)
{
	const volatile struct pvhv_time_info *t = &SHARED->time;
	uint32_t version, mul;
	uint64_t stamp, base;
	int32_t shift;

	do {
		version = t->version;
		barrier();
		stamp = t->tsc_timestamp;
		base = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		if (wall)
			*wall = t->wallclock_base;
		barrier();
	} while (t->version != (version & ~1u));  /* changed, or odd: retry */
	return base + scale(read_tsc() - stamp, mul, shift);
}

/* The hottest of the three. */
uint64_t vmi_time_ns(void)
{
	return now_ns(NULL);
}

uint64_t vmi_vtime_ns(void)
{
	struct time_sample s;

	sample(&s);
	return s.vtime_base + (s.now > s.vtime_stamp ? s.now - s.vtime_stamp : 0);
}

/* File times, time(), gettimeofday: about as hot as vmi_time_ns (a
 * fork+exit reads it dozens of times), so the same short path. */
uint64_t vmi_wallclock_ns(void)
{
	uint64_t wall, now = now_ns(&wall);

	return wall + now;
}

int vmi_timer_set(uint64_t deadline_ns)
{
	return hc3(HC_TIMER_OP, TIMEROP_SET, (uint32_t)deadline_ns, (uint32_t)(deadline_ns >> 32));
}

void vmi_timer_cancel(void)
{
	hc1(HC_TIMER_OP, TIMEROP_CANCEL);
}
