/* tst_wallclock.c - test.restore_wallclock: remember the wall clock and a
 * monotonic clock before the test; afterwards set the wall clock to the
 * remembered time plus the monotonic time that passed, so a test that set
 * the clock leaves the machine's time as if it had not. */
#include <time.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

static struct timespec real_begin, mono_begin;

/* CLOCK_MONOTONIC_RAW is not slewed by adjtime; fall back if absent. */
static int mono_now(struct timespec *ts)
{
	if (!clock_gettime(CLOCK_MONOTONIC_RAW, ts))
		return 0;
	return clock_gettime(CLOCK_MONOTONIC, ts);
}

void tst_wallclock_save(void)
{
	if (clock_gettime(CLOCK_REALTIME, &real_begin))
		tst_brk(TBROK | TERRNO, "clock_gettime() realtime failed");
	if (mono_now(&mono_begin))
		tst_brk(TBROK | TERRNO, "clock_gettime() monotonic failed");
}

void tst_wallclock_restore(void)
{
	struct timespec now, set;
	long long ns;

	if (!real_begin.tv_sec)
		return;
	if (mono_now(&now)) {
		tst_res(TWARN | TERRNO, "clock_gettime() monotonic failed");
		return;
	}
	ns = (now.tv_sec - mono_begin.tv_sec) * 1000000000LL +
	     (now.tv_nsec - mono_begin.tv_nsec) + real_begin.tv_nsec;
	set.tv_sec = real_begin.tv_sec + ns / 1000000000LL;
	set.tv_nsec = ns % 1000000000LL;
	if (clock_settime(CLOCK_REALTIME, &set))
		tst_res(TWARN | TERRNO, "clock_settime() realtime failed");
}
