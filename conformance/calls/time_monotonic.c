/*
 * time_monotonic - vmi_time_ns and vmi_vtime_ns: monotonic, advancing,
 * and run time never ahead of system time.
 *
 * Everything time-related in a kernel (timeouts, scheduling, the timer
 * deadline itself) is computed from system time; a clock that ran backwards
 * even once, e.g. when pvhv's guest-side scaling crosses an update of its
 * shared parameters, breaks them all.  Checks: 100000 consecutive reads of
 * time_ns never decrease and the clock advances; run time (vtime_ns) never
 * decreases either, advances while the guest is busy, and is never ahead of
 * system time read after it (checked on every step of a 10 ms busy wait).
 * No check depends on how fast time passes: the busy wait is ended by
 * time_ns itself.  Values appear only in env: lines.
 */
#include "../runtime/test.h"

const char test_title[] = "time_ns and vtime_ns are monotonic and advance";

#define READS   100000u
#define BUSY_NS 10000000ull                 /* 10 ms */

void test_main(void)
{
	uint64_t t0 = vmi_time_ns(), prev = t0, now, v0, v1, vprev, t1;
	unsigned backwards = 0, vbackwards = 0, vahead = 0;

	for (unsigned i = 0; i < READS; i++) {
		now = vmi_time_ns();
		if (now < prev)
			backwards++;
		prev = now;
	}
	CHECK_EQ(backwards, 0);
	CHECK_GT(prev, t0);

	/* Busy for 10 ms of system time: run time moves too, never ahead. */
	v0 = vmi_vtime_ns();
	vprev = v0;
	do {
		uint64_t v = vmi_vtime_ns();
		t1 = vmi_time_ns();
		if (v < vprev)
			vbackwards++;
		if (v > t1)
			vahead++;
		vprev = v;
	} while (t1 - prev < BUSY_NS);
	v1 = vmi_vtime_ns();
	CHECK_EQ(vbackwards, 0);
	CHECK_EQ(vahead, 0);
	CHECK_GT(v1, v0);
	CHECK_LE(v1, vmi_time_ns());
	CHECK_GE(t1 - prev, BUSY_NS);
	test_env("time_ns %llu us since boot, vtime advanced %llu us while busy",
	         (unsigned long long)(t1 / 1000), (unsigned long long)((v1 - v0) / 1000));
}
