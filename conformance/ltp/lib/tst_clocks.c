/* tst_clocks.c - clocks through the system call itself (so a test times
 * the kernel, not the vDSO), clock names, and the coarse clock
 * filesystems stamp files with. */
#define _GNU_SOURCE
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <sys/syscall.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"
#include "tst_clocks.h"

int tst_clock_getres(clockid_t clk_id, struct timespec *res)
{
	return syscall(SYS_clock_getres, clk_id, res);
}

int tst_clock_gettime(clockid_t clk_id, struct timespec *ts)
{
	return syscall(SYS_clock_gettime, clk_id, ts);
}

int tst_clock_settime(clockid_t clk_id, struct timespec *ts)
{
	return syscall(SYS_clock_settime, clk_id, ts);
}

const char *tst_clock_name(clockid_t clk_id)
{
	switch (clk_id) {
	case CLOCK_REALTIME: return "CLOCK_REALTIME";
	case CLOCK_MONOTONIC: return "CLOCK_MONOTONIC";
	case CLOCK_PROCESS_CPUTIME_ID: return "CLOCK_PROCESS_CPUTIME_ID";
	case CLOCK_THREAD_CPUTIME_ID: return "CLOCK_THREAD_CPUTIME_ID";
	case CLOCK_MONOTONIC_RAW: return "CLOCK_MONOTONIC_RAW";
	case CLOCK_REALTIME_COARSE: return "CLOCK_REALTIME_COARSE";
	case CLOCK_MONOTONIC_COARSE: return "CLOCK_MONOTONIC_COARSE";
	case CLOCK_BOOTTIME: return "CLOCK_BOOTTIME";
	case CLOCK_REALTIME_ALARM: return "CLOCK_REALTIME_ALARM";
	case CLOCK_BOOTTIME_ALARM: return "CLOCK_BOOTTIME_ALARM";
	case CLOCK_TAI: return "CLOCK_TAI";
	}
	return "INVALID/UNKNOWN CLOCK";
}

/* File timestamps come from the coarse real-time clock. */
time_t tst_get_fs_timestamp(void)
{
	struct timespec ts;

	if (tst_clock_gettime(CLOCK_REALTIME_COARSE, &ts))
		tst_brk(TBROK | TERRNO, "clock_gettime(CLOCK_REALTIME_COARSE)");
	return ts.tv_sec;
}

time_t tst_fs_timestamp_start(void)
{
	return tst_get_fs_timestamp();
}

time_t tst_fs_timestamp_end(void)
{
	return tst_get_fs_timestamp();
}
