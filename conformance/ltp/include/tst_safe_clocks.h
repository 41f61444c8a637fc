/* tst_safe_clocks.h - clock and POSIX timer SAFE_* macros. A clock or
 * timer the kernel does not support (EINVAL, ENOTSUP) is TCONF. */
#ifndef TST_SAFE_CLOCKS_H__
#define TST_SAFE_CLOCKS_H__

#include <time.h>
#include <signal.h>
#include <errno.h>
#include "tst_test.h"
#include "tst_clocks.h"
#include "lapi/posix_clocks.h"

#define TST_SAFE_CLOCK_(EXPR, ...) ({ \
	int tst_r_ = (EXPR); \
	if (tst_r_ == -1) \
		tst_brk_(__FILE__, __LINE__, \
			 (errno == EINVAL || errno == ENOTSUP ? TCONF : TBROK) | TERRNO, \
			 __VA_ARGS__); \
	tst_r_; })

#define SAFE_CLOCK_GETRES(clk, res) \
	TST_SAFE_CLOCK_(clock_getres(clk, res), "clock_getres(%s) failed", tst_clock_name(clk))
#define SAFE_CLOCK_GETTIME(clk, tp) \
	TST_SAFE_CLOCK_(clock_gettime(clk, tp), "clock_gettime(%s) failed", tst_clock_name(clk))
#define SAFE_CLOCK_SETTIME(clk, tp) \
	TST_SAFE_CLOCK_(clock_settime(clk, tp), "clock_settime(%s) failed", tst_clock_name(clk))
#define SAFE_CLOCK_NANOSLEEP(clk, fl, rq, rm) ({ \
	int tst_e_ = clock_nanosleep(clk, fl, rq, rm); \
	if (tst_e_) { errno = tst_e_; \
		tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, \
			 "clock_nanosleep(%s) failed", tst_clock_name(clk)); } \
	tst_e_; })
#define SAFE_TIMER_CREATE(clk, sev, id) \
	TST_SAFE_CLOCK_(timer_create(clk, sev, id), "timer_create(%s) failed", tst_clock_name(clk))
#define SAFE_TIMER_GETTIME(id, v) \
	TST_SAFE_M1_(NULL, timer_gettime(id, v), "timer_gettime() failed")
#define SAFE_TIMER_SETTIME(id, fl, nv, ov) \
	TST_SAFE_M1_(NULL, timer_settime(id, fl, nv, ov), "timer_settime() failed")
#define SAFE_TIMER_DELETE(id) \
	TST_SAFE_M1_(NULL, timer_delete(id), "timer_delete() failed")

#endif
