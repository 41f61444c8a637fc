/* tst_clocks.h - clock helpers: raw clock syscalls (no vDSO), clock names,
 * the fastest clock for timing, and the boot-time to real-time offset. */
#ifndef TST_CLOCKS_H__
#define TST_CLOCKS_H__

#include <time.h>

int tst_clock_getres(clockid_t clk_id, struct timespec *res);
int tst_clock_gettime(clockid_t clk_id, struct timespec *ts);
int tst_clock_settime(clockid_t clk_id, struct timespec *ts);
const char *tst_clock_name(clockid_t clk_id);
time_t tst_get_fs_timestamp(void);
time_t tst_fs_timestamp_start(void);
time_t tst_fs_timestamp_end(void);

#endif
