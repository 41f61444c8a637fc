/*
 * time_wallclock - vmi_wallclock_ns: plausible, and advancing with system
 * time.
 *
 * Wall-clock time is boot-time wall clock plus system time, so file times
 * and time() agree with the timers.  Checks that wallclock_ns lies between
 * 2020-01-01 and 2100-01-01, and that wallclock - time_ns is constant: each
 * sample brackets the offset between a time_ns read before and one after
 * the wallclock read, and brackets taken 20 ms apart (of busy waiting)
 * must overlap within 1 ms.  That bracketing makes the check independent of
 * how long any single read takes (a descheduled guest only widens the
 * bracket).  The date and offset appear only in env: lines.
 */
#include "../runtime/test.h"

const char test_title[] = "wallclock_ns is plausible and advances with time_ns";

#define NS           1000000000ull
#define Y2020        (1577836800ull * NS)   /* 2020-01-01 00:00 UTC */
#define Y2100        (4102444800ull * NS)   /* 2100-01-01 00:00 UTC */
#define SLACK_NS     1000000ull             /* 1 ms of rounding */

struct bracket { uint64_t lo, hi; };      /* lo <= wallclock - time <= hi */

static struct bracket sample(uint64_t *wall)
{
	uint64_t t0 = vmi_time_ns(), w = vmi_wallclock_ns(), t1 = vmi_time_ns();

	*wall = w;
	return (struct bracket){ w - t1, w - t0 };
}

void test_main(void)
{
	uint64_t w0, w1, w2, until;
	struct bracket a, b, c;

	a = sample(&w0);
	CHECK_GE(w0, Y2020);
	CHECK_LT(w0, Y2100);

	until = vmi_time_ns() + 20000000ull;
	while (vmi_time_ns() < until)
		;
	b = sample(&w1);
	CHECK_GT(w1, w0);
	/* The offset is the same: the brackets overlap (up to rounding). */
	CHECK_LE(a.lo, b.hi + SLACK_NS);
	CHECK_LE(b.lo, a.hi + SLACK_NS);
	CHECK_GE(w1 - w0, 20000000ull - SLACK_NS);

	until = vmi_time_ns() + 20000000ull;
	while (vmi_time_ns() < until)
		;
	c = sample(&w2);
	CHECK_GT(w2, w1);
	CHECK_LE(a.lo, c.hi + SLACK_NS);
	CHECK_LE(c.lo, a.hi + SLACK_NS);
	test_env("wallclock %llu s since 1970, offset %llu ns",
	         (unsigned long long)(w0 / NS), (unsigned long long)a.lo);
}
