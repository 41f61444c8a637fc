/* lapi/common_timers.h - POSIX timer helpers: the kernel's timer id type,
 * the clocks to try, and which clocks need privileges or are optional. */
#ifndef LAPI_COMMON_TIMERS_H__
#define LAPI_COMMON_TIMERS_H__

#include <time.h>
#include <errno.h>
#include "lapi/syscalls.h"
#include "lapi/posix_clocks.h"

#ifndef NSEC_PER_SEC
# define NSEC_PER_SEC (1000000000LL)
#endif

typedef int kernel_timer_t;

static const clock_t clock_list[] = {
	CLOCK_REALTIME,
	CLOCK_MONOTONIC,
	CLOCK_PROCESS_CPUTIME_ID,
	CLOCK_THREAD_CPUTIME_ID,
	CLOCK_BOOTTIME,
	CLOCK_BOOTTIME_ALARM,
	CLOCK_REALTIME_ALARM,
	CLOCK_TAI,
};
#define CLOCK_LIST_SIZE (sizeof(clock_list) / sizeof(clock_list[0]))

#define CLOCK_TO_STR(clk_id) ({ \
	const char *tst_clk_str_; \
	switch (clk_id) { \
	case CLOCK_REALTIME: tst_clk_str_ = "CLOCK_REALTIME"; break; \
	case CLOCK_MONOTONIC: tst_clk_str_ = "CLOCK_MONOTONIC"; break; \
	case CLOCK_PROCESS_CPUTIME_ID: tst_clk_str_ = "CLOCK_PROCESS_CPUTIME_ID"; break; \
	case CLOCK_THREAD_CPUTIME_ID: tst_clk_str_ = "CLOCK_THREAD_CPUTIME_ID"; break; \
	case CLOCK_BOOTTIME: tst_clk_str_ = "CLOCK_BOOTTIME"; break; \
	case CLOCK_BOOTTIME_ALARM: tst_clk_str_ = "CLOCK_BOOTTIME_ALARM"; break; \
	case CLOCK_REALTIME_ALARM: tst_clk_str_ = "CLOCK_REALTIME_ALARM"; break; \
	case CLOCK_TAI: tst_clk_str_ = "CLOCK_TAI"; break; \
	default: tst_clk_str_ = "CLOCK_!?!?!?"; break; \
	} \
	tst_clk_str_; })

/* Some clocks exist only with some kernel options or privileges. */
static inline int possibly_unsupported(clock_t clock)
{
	switch (clock) {
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		return 1;
	}
	return 0;
}

static inline int have_cputime_timers(void)
{
	return 1;
}

#endif
