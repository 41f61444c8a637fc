/* tst_timer.h - time arithmetic for tests: timeval and timespec
 * conversions and differences, struct tst_ts (one timespec in the layout
 * of libc, the kernel's old 32-bit one or its 64-bit one, so a test can run
 * the same checks through each syscall variant), the clock syscall
 * wrappers of those variants, and a stopwatch (tst_timer_start/stop). */
#ifndef TST_TIMER
#define TST_TIMER

#include <sys/time.h>
#include <time.h>
#ifndef __TEST_H__
# include "tst_test.h"
#endif
#include "tst_clocks.h"
#include "lapi/common_timers.h"
#include "lapi/posix_types.h"
#include "lapi/syscalls.h"

static inline long long tst_timeval_to_us(struct timeval t)
{
	return t.tv_sec * 1000000LL + t.tv_usec;
}

static inline long long tst_timeval_to_ms(struct timeval t)
{
	return t.tv_sec * 1000LL + (t.tv_usec + 500) / 1000;
}

static inline struct timeval tst_us_to_timeval(long long us)
{
	struct timeval ret = { us / 1000000, us % 1000000 };

	return ret;
}

static inline struct timeval tst_ms_to_timeval(long long ms)
{
	return tst_us_to_timeval(ms * 1000);
}

static inline struct timeval tst_timeval_diff(struct timeval t1,
					      struct timeval t2)
{
	return tst_us_to_timeval(tst_timeval_to_us(t1) - tst_timeval_to_us(t2));
}

static inline long long tst_timeval_diff_us(struct timeval t1,
					    struct timeval t2)
{
	return tst_timeval_to_us(t1) - tst_timeval_to_us(t2);
}

static inline long long tst_timeval_diff_ms(struct timeval t1,
					    struct timeval t2)
{
	return tst_timeval_to_ms(tst_timeval_diff(t1, t2));
}

/* struct __kernel_timespec and __kernel_old_timespec */
#include <linux/time_types.h>

enum tst_ts_type {
	TST_LIBC_TIMESPEC,
	TST_KERN_OLD_TIMESPEC,
	TST_KERN_TIMESPEC
};

struct tst_ts {
	enum tst_ts_type type;
	union ts {
		struct timespec libc_ts;
		struct __kernel_old_timespec kern_old_ts;
		struct __kernel_timespec kern_ts;
	} ts;
};

static inline void *tst_ts_get(struct tst_ts *t)
{
	if (!t)
		return NULL;
	switch (t->type) {
	case TST_LIBC_TIMESPEC: return &t->ts.libc_ts;
	case TST_KERN_OLD_TIMESPEC: return &t->ts.kern_old_ts;
	case TST_KERN_TIMESPEC: return &t->ts.kern_ts;
	}
	tst_brk(TBROK, "Invalid type: %d", t->type);
	return NULL;
}

/* Each layout's fields, read and written as long long. */
#define TST_TS_FIELD_(t, field) \
	((t).type == TST_LIBC_TIMESPEC ? (long long)(t).ts.libc_ts.field : \
	 (t).type == TST_KERN_OLD_TIMESPEC ? (long long)(t).ts.kern_old_ts.field : \
	 (long long)(t).ts.kern_ts.field)

static inline long long tst_ts_get_sec(struct tst_ts t)
{
	return TST_TS_FIELD_(t, tv_sec);
}

static inline long long tst_ts_get_nsec(struct tst_ts t)
{
	return TST_TS_FIELD_(t, tv_nsec);
}

static inline void tst_ts_set_sec(struct tst_ts *t, long long sec)
{
	switch (t->type) {
	case TST_LIBC_TIMESPEC: t->ts.libc_ts.tv_sec = sec; break;
	case TST_KERN_OLD_TIMESPEC: t->ts.kern_old_ts.tv_sec = sec; break;
	case TST_KERN_TIMESPEC: t->ts.kern_ts.tv_sec = sec; break;
	default: tst_brk(TBROK, "Invalid type: %d", t->type);
	}
}

static inline void tst_ts_set_nsec(struct tst_ts *t, long long nsec)
{
	switch (t->type) {
	case TST_LIBC_TIMESPEC: t->ts.libc_ts.tv_nsec = nsec; break;
	case TST_KERN_OLD_TIMESPEC: t->ts.kern_old_ts.tv_nsec = nsec; break;
	case TST_KERN_TIMESPEC: t->ts.kern_ts.tv_nsec = nsec; break;
	default: tst_brk(TBROK, "Invalid type: %d", t->type);
	}
}

/* 0 valid, -1 zero, -2 nanoseconds out of [0, 1 s). */
static inline int tst_ts_valid(struct tst_ts *t)
{
	long long nsec = tst_ts_get_nsec(*t);

	if (nsec < 0 || nsec >= 1000000000)
		return -2;
	if (!tst_ts_get_sec(*t) && !nsec)
		return -1;
	return 0;
}

static inline struct tst_ts tst_ts_from_timespec(struct timespec ts)
{
	struct tst_ts t = { .type = TST_LIBC_TIMESPEC, .ts.libc_ts = ts };

	return t;
}

static inline struct timespec tst_ts_to_timespec(struct tst_ts t)
{
	return t.ts.libc_ts;
}

static inline long long tst_ts_to_ns(struct tst_ts t)
{
	return tst_ts_get_sec(t) * 1000000000LL + tst_ts_get_nsec(t);
}

static inline long long tst_ts_to_us(struct tst_ts t)
{
	return tst_ts_get_sec(t) * 1000000LL + (tst_ts_get_nsec(t) + 500) / 1000;
}

static inline long long tst_ts_to_ms(struct tst_ts t)
{
	return tst_ts_get_sec(t) * 1000LL + (tst_ts_get_nsec(t) + 500000) / 1000000;
}

static inline long long tst_timespec_to_us(struct timespec ts)
{
	return tst_ts_to_us(tst_ts_from_timespec(ts));
}

static inline long long tst_timespec_to_ms(struct timespec ts)
{
	return tst_ts_to_ms(tst_ts_from_timespec(ts));
}

static inline struct tst_ts tst_ts_from_ns(enum tst_ts_type type, long long ns)
{
	struct tst_ts t = { .type = type };

	tst_ts_set_sec(&t, ns / 1000000000);
	tst_ts_set_nsec(&t, ns % 1000000000);
	return t;
}

static inline struct tst_ts tst_ts_from_us(enum tst_ts_type type, long long us)
{
	return tst_ts_from_ns(type, us * 1000);
}

static inline struct tst_ts tst_ts_from_ms(enum tst_ts_type type, long long ms)
{
	return tst_ts_from_ns(type, ms * 1000000);
}

static inline struct timespec tst_timespec_from_us(long long us)
{
	return tst_ts_to_timespec(tst_ts_from_us(TST_LIBC_TIMESPEC, us));
}

static inline struct timespec tst_timespec_from_ms(long long ms)
{
	return tst_ts_to_timespec(tst_ts_from_ms(TST_LIBC_TIMESPEC, ms));
}

static inline int tst_ts_lt(struct tst_ts t1, struct tst_ts t2)
{
	if (tst_ts_get_sec(t1) == tst_ts_get_sec(t2))
		return tst_ts_get_nsec(t1) < tst_ts_get_nsec(t2);
	return tst_ts_get_sec(t1) < tst_ts_get_sec(t2);
}

static inline int tst_timespec_lt(struct timespec ts1, struct timespec ts2)
{
	return tst_ts_lt(tst_ts_from_timespec(ts1), tst_ts_from_timespec(ts2));
}

/* Bring nanoseconds back into [0, 1 s) after one addition/subtraction. */
static inline struct tst_ts tst_ts_normalize(struct tst_ts t)
{
	long long sec = tst_ts_get_sec(t), nsec = tst_ts_get_nsec(t);

	if (nsec >= 1000000000) {
		tst_ts_set_sec(&t, sec + 1);
		tst_ts_set_nsec(&t, nsec - 1000000000);
	} else if (nsec < 0) {
		tst_ts_set_sec(&t, sec - 1);
		tst_ts_set_nsec(&t, nsec + 1000000000);
	}
	return t;
}

static inline struct tst_ts tst_ts_add_us(struct tst_ts t, long long us)
{
	struct tst_ts r = { .type = t.type };

	tst_ts_set_sec(&r, tst_ts_get_sec(t) + us / 1000000);
	tst_ts_set_nsec(&r, tst_ts_get_nsec(t) + (us % 1000000) * 1000);
	return tst_ts_normalize(r);
}

static inline struct tst_ts tst_ts_sub_us(struct tst_ts t, long long us)
{
	return tst_ts_add_us(t, -us);
}

static inline struct timespec tst_timespec_add_us(struct timespec ts,
						  long long us)
{
	return tst_ts_to_timespec(tst_ts_add_us(tst_ts_from_timespec(ts), us));
}

static inline struct timespec tst_timespec_sub_us(struct timespec ts,
						  long long us)
{
	return tst_ts_to_timespec(tst_ts_sub_us(tst_ts_from_timespec(ts), us));
}

static inline struct tst_ts tst_ts_add(struct tst_ts t1, struct tst_ts t2)
{
	struct tst_ts r = { .type = t1.type };

	tst_ts_set_sec(&r, tst_ts_get_sec(t1) + tst_ts_get_sec(t2));
	tst_ts_set_nsec(&r, tst_ts_get_nsec(t1) + tst_ts_get_nsec(t2));
	return tst_ts_normalize(r);
}

static inline struct timespec tst_timespec_add(struct timespec a,
					       struct timespec b)
{
	return tst_ts_to_timespec(tst_ts_add(tst_ts_from_timespec(a),
					     tst_ts_from_timespec(b)));
}

static inline struct tst_ts tst_ts_diff(struct tst_ts t1, struct tst_ts t2)
{
	struct tst_ts r = { .type = t1.type };

	tst_ts_set_sec(&r, tst_ts_get_sec(t1) - tst_ts_get_sec(t2));
	tst_ts_set_nsec(&r, tst_ts_get_nsec(t1) - tst_ts_get_nsec(t2));
	return tst_ts_normalize(r);
}

static inline struct timespec tst_timespec_diff(struct timespec a,
						struct timespec b)
{
	return tst_ts_to_timespec(tst_ts_diff(tst_ts_from_timespec(a),
					      tst_ts_from_timespec(b)));
}

static inline long long tst_ts_diff_ns(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_to_ns(tst_ts_diff(t1, t2));
}

static inline long long tst_ts_diff_us(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_to_us(tst_ts_diff(t1, t2));
}

static inline long long tst_ts_diff_ms(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_to_ms(tst_ts_diff(t1, t2));
}

static inline long long tst_timespec_diff_ns(struct timespec a,
					     struct timespec b)
{
	return tst_ts_diff_ns(tst_ts_from_timespec(a), tst_ts_from_timespec(b));
}

static inline long long tst_timespec_diff_us(struct timespec a,
					     struct timespec b)
{
	return tst_ts_diff_us(tst_ts_from_timespec(a), tst_ts_from_timespec(b));
}

static inline long long tst_timespec_diff_ms(struct timespec a,
					     struct timespec b)
{
	return tst_ts_diff_ms(tst_ts_from_timespec(a), tst_ts_from_timespec(b));
}

static inline struct tst_ts tst_ts_abs_diff(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_lt(t1, t2) ? tst_ts_diff(t2, t1) : tst_ts_diff(t1, t2);
}

static inline long long tst_ts_abs_diff_us(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_to_us(tst_ts_abs_diff(t1, t2));
}

static inline long long tst_ts_abs_diff_ms(struct tst_ts t1, struct tst_ts t2)
{
	return tst_ts_to_ms(tst_ts_abs_diff(t1, t2));
}

static inline long long tst_timespec_abs_diff_us(struct timespec a,
						 struct timespec b)
{
	return tst_ts_abs_diff_us(tst_ts_from_timespec(a), tst_ts_from_timespec(b));
}

static inline long long tst_timespec_abs_diff_ms(struct timespec a,
						 struct timespec b)
{
	return tst_ts_abs_diff_ms(tst_ts_from_timespec(a), tst_ts_from_timespec(b));
}

/* The clock calls of each variant: libc, the 32-bit syscall, the 64-bit
 * (_time64) syscall. void * because the layout depends on the variant. */
static inline int libc_clock_getres(clockid_t clk_id, void *ts)
{
	return clock_getres(clk_id, ts);
}

static inline int sys_clock_getres(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_getres, clk_id, ts);
}

static inline int sys_clock_getres64(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_getres_time64, clk_id, ts);
}

static inline int libc_clock_gettime(clockid_t clk_id, void *ts)
{
	return clock_gettime(clk_id, ts);
}

static inline int sys_clock_gettime(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_gettime, clk_id, ts);
}

static inline int sys_clock_gettime64(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_gettime64, clk_id, ts);
}

static inline int libc_clock_settime(clockid_t clk_id, void *ts)
{
	return clock_settime(clk_id, ts);
}

static inline int sys_clock_settime(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_settime, clk_id, ts);
}

static inline int sys_clock_settime64(clockid_t clk_id, void *ts)
{
	return tst_syscall(__NR_clock_settime64, clk_id, ts);
}

static inline int libc_clock_nanosleep(clockid_t clk_id, int flags,
				       void *request, void *remain)
{
	return clock_nanosleep(clk_id, flags, request, remain);
}

static inline int sys_clock_nanosleep(clockid_t clk_id, int flags,
				      void *request, void *remain)
{
	return tst_syscall(__NR_clock_nanosleep, clk_id, flags, request, remain);
}

static inline int sys_clock_nanosleep64(clockid_t clk_id, int flags,
					void *request, void *remain)
{
	return tst_syscall(__NR_clock_nanosleep_time64, clk_id, flags,
			   request, remain);
}

static inline int sys_timer_gettime(kernel_timer_t timerid, void *its)
{
	return tst_syscall(__NR_timer_gettime, timerid, its);
}

static inline int sys_timer_gettime64(kernel_timer_t timerid, void *its)
{
	return tst_syscall(__NR_timer_gettime64, timerid, its);
}

static inline int sys_timer_settime(kernel_timer_t timerid, int flags,
				    void *its, void *old_its)
{
	return tst_syscall(__NR_timer_settime, timerid, flags, its, old_its);
}

static inline int sys_timer_settime64(kernel_timer_t timerid, int flags,
				      void *its, void *old_its)
{
	return tst_syscall(__NR_timer_settime64, timerid, flags, its, old_its);
}

static inline int sys_timerfd_gettime(int fd, void *its)
{
	return tst_syscall(__NR_timerfd_gettime, fd, its);
}

static inline int sys_timerfd_gettime64(int fd, void *its)
{
	return tst_syscall(__NR_timerfd_gettime64, fd, its);
}

static inline int sys_timerfd_settime(int fd, int flags, void *its,
				      void *old_its)
{
	return tst_syscall(__NR_timerfd_settime, fd, flags, its, old_its);
}

static inline int sys_timerfd_settime64(int fd, int flags, void *its,
					void *old_its)
{
	return tst_syscall(__NR_timerfd_settime64, fd, flags, its, old_its);
}

/* struct tst_its: an itimerspec in one of the three layouts. */
struct tst_kern_old_itimerspec_ {
	struct __kernel_old_timespec it_interval;
	struct __kernel_old_timespec it_value;
};
#define __kernel_old_itimerspec tst_kern_old_itimerspec_

struct tst_its {
	enum tst_ts_type type;
	union its {
		struct itimerspec libc_its;
		struct tst_kern_old_itimerspec_ kern_old_its;
		struct __kernel_itimerspec kern_its;
	} ts;
};

static inline void *tst_its_get(struct tst_its *t)
{
	if (!t)
		return NULL;
	switch (t->type) {
	case TST_LIBC_TIMESPEC: return &t->ts.libc_its;
	case TST_KERN_OLD_TIMESPEC: return &t->ts.kern_old_its;
	case TST_KERN_TIMESPEC: return &t->ts.kern_its;
	}
	tst_brk(TBROK, "Invalid type: %d", t->type);
	return NULL;
}

#define TST_ITS_FIELD_(t, f) \
	((t).type == TST_LIBC_TIMESPEC ? (long long)(t).ts.libc_its.f : \
	 (t).type == TST_KERN_OLD_TIMESPEC ? (long long)(t).ts.kern_old_its.f : \
	 (long long)(t).ts.kern_its.f)
#define TST_ITS_SET_(t, f, v) do { \
	switch ((t)->type) { \
	case TST_LIBC_TIMESPEC: (t)->ts.libc_its.f = (v); break; \
	case TST_KERN_OLD_TIMESPEC: (t)->ts.kern_old_its.f = (v); break; \
	default: (t)->ts.kern_its.f = (v); break; \
	} } while (0)

static inline long long tst_its_get_interval_sec(struct tst_its its)
{ return TST_ITS_FIELD_(its, it_interval.tv_sec); }
static inline long long tst_its_get_interval_nsec(struct tst_its its)
{ return TST_ITS_FIELD_(its, it_interval.tv_nsec); }
static inline long long tst_its_get_value_sec(struct tst_its its)
{ return TST_ITS_FIELD_(its, it_value.tv_sec); }
static inline long long tst_its_get_value_nsec(struct tst_its its)
{ return TST_ITS_FIELD_(its, it_value.tv_nsec); }
static inline void tst_its_set_interval_sec(struct tst_its *its, long long v)
{ TST_ITS_SET_(its, it_interval.tv_sec, v); }
static inline void tst_its_set_interval_nsec(struct tst_its *its, long long v)
{ TST_ITS_SET_(its, it_interval.tv_nsec, v); }
static inline void tst_its_set_value_sec(struct tst_its *its, long long v)
{ TST_ITS_SET_(its, it_value.tv_sec, v); }
static inline void tst_its_set_value_nsec(struct tst_its *its, long long v)
{ TST_ITS_SET_(its, it_value.tv_nsec, v); }

/* The stopwatch (lib/tst_timer.c). */
void tst_timer_check(clockid_t clk_id);
void tst_timer_start(clockid_t clk_id);
int tst_timer_expired_ms(long long ms);
void tst_timer_stop(void);
struct timespec tst_timer_elapsed(void);

static inline long long tst_timer_elapsed_ms(void)
{
	return tst_timespec_to_ms(tst_timer_elapsed());
}

static inline long long tst_timer_elapsed_us(void)
{
	return tst_timespec_to_us(tst_timer_elapsed());
}

#endif
