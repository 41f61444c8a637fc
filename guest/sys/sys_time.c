/*
 * sys_time.c - clocks and sleeping: time, gettimeofday, clock_gettime
 * (32- and 64-bit time), clock_getres, setting the clock (clock_settime,
 * settimeofday), nanosleep, clock_nanosleep, alarm, the interval timers
 * (setitimer/getitimer: real time, and the CPU-time ones with RLIMIT_CPU).
 *
 * CLOCK_REALTIME is the guest's wall clock (kern/wallclock.c: VMI's, moved
 * by what root sets), the monotonic clocks are VMI system
 * time, and the CPU-time clocks count the process's ticks.  Sleeps are
 * timed sleeps that a signal cuts short; the scheduler's timer ends them
 * (sched.c), never early: while the 10 ms tick runs they end on the first
 * tick past their deadline, else at the deadline itself.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include "kernel.h"

#define NS 1000000000ull

int64_t clock_now_ns(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return wall_ns();
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return vmi_time_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return (curproc->utime_ticks + curproc->stime_ticks) * (NS / HZ);
	default:
		return -1;
	}
}

long sys_time(uint32_t ut)
{
	int32_t t = wall_ns() / (int64_t)NS;

	if (ut && copy_to_user((void *)ut, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

/* settimeofday's struct timezone: kept and given back, used for nothing
 * else (as on Linux, where only the RTC and FAT timestamps look at it). */
static int32_t sys_tz[2];

long sys_gettimeofday(uint32_t utv, uint32_t utz)
{
	uint64_t now = wall_ns();
	struct linux_timeval32 tv = { now / NS, (now % NS) / 1000 };

	if (utv && copy_to_user((void *)utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user((void *)utz, sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

/* The checks Linux makes once the new time is read (do_sys_settimeofday64):
 * a negative time or a time zone beyond +-15 hours is invalid, then only
 * CAP_SYS_TIME may go on.  ns < 0: no time given. */
static long settime(int64_t ns, const int32_t *tz)
{
	if (tz && (tz[0] > 15 * 60 || tz[0] < -15 * 60))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (tz) {
		sys_tz[0] = tz[0];
		sys_tz[1] = tz[1];
	}
	if (ns >= 0)
		wall_set_ns(ns);
	return 0;
}

long sys_settimeofday(uint32_t utv, uint32_t utz)
{
	struct linux_timeval32 tv;
	int32_t tz[2];

	if (utv && copy_from_user(&tv, (void *)utv, sizeof(tv)))
		return -EFAULT;
	if (utv && (tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tv.tv_sec < 0))
		return -EINVAL;
	if (utz && copy_from_user(tz, (void *)utz, sizeof(tz)))
		return -EFAULT;
	return settime(utv ? tv.tv_sec * (int64_t)NS + tv.tv_usec * 1000ll : -1, utz ? tz : 0);
}

/* Only CLOCK_REALTIME can be set; every other clock, the CPU-time ones
 * too, is EINVAL before the argument is read, as on Linux 6. */
static long clock_settime(int clk, uint32_t uts, int time64)
{
	int64_t ns;
	long rc;

	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	rc = time_from_user(uts, &ns, time64);
	return rc ? rc : settime(ns, 0);
}

long sys_clock_settime(int clk, uint32_t uts)
{
	return clock_settime(clk, uts, 0);
}

long sys_clock_settime64(int clk, uint32_t uts)
{
	return clock_settime(clk, uts, 1);
}

static long put_time(uint32_t uts, int64_t ns, int time64)
{
	if (time64) {
		struct linux_timespec64 t = { ns / (int64_t)NS, ns % (int64_t)NS };

		return copy_to_user((void *)uts, &t, sizeof(t)) ? -EFAULT : 0;
	} else {
		struct linux_timespec32 t = { ns / (int64_t)NS, ns % (int64_t)NS };

		return copy_to_user((void *)uts, &t, sizeof(t)) ? -EFAULT : 0;
	}
}

int time_from_user(uint32_t uts, int64_t *ns, int time64)
{
	int64_t sec, nsec;

	if (time64) {
		struct linux_timespec64 t;

		if (copy_from_user(&t, (void *)uts, sizeof(t)))
			return -EFAULT;
		sec = t.tv_sec;
		nsec = t.tv_nsec;
	} else {
		struct linux_timespec32 t;

		if (copy_from_user(&t, (void *)uts, sizeof(t)))
			return -EFAULT;
		sec = t.tv_sec;
		nsec = t.tv_nsec;
	}
	if (sec < 0 || nsec < 0 || nsec >= (int64_t)NS)
		return -EINVAL;
	*ns = sec * (int64_t)NS + nsec;
	return 0;
}

long sys_clock_gettime(int clk, uint32_t uts)
{
	int64_t ns = clock_now_ns(clk);

	return ns < 0 ? -EINVAL : put_time(uts, ns, 0);
}

long sys_clock_gettime64(int clk, uint32_t uts)
{
	int64_t ns = clock_now_ns(clk);

	return ns < 0 ? -EINVAL : put_time(uts, ns, 1);
}

static long clock_getres(int clk, uint32_t uts, int time64)
{
	if (clock_now_ns(clk) < 0)
		return -EINVAL;
	return uts ? put_time(uts, 1, time64) : 0;
}

long sys_clock_getres(int clk, uint32_t uts)
{
	return clock_getres(clk, uts, 0);
}

long sys_clock_getres64(int clk, uint32_t uts)
{
	return clock_getres(clk, uts, 1);
}

/*
 * Sleep until system time `until`.  A signal ends it with what is left
 * written to urem (0: not asked) and -ERESTART_RESTARTBLOCK: a handler
 * makes that -EINTR, while a stop and continue (or an ignored signal)
 * resume the same sleep through restart_syscall, as on Linux.
 */
static long sleep_until(uint64_t until, uint32_t urem, int time64)
{
	struct proc *p = curproc;

	for (;;) {
		uint64_t now = vmi_time_ns();

		if (now >= until)
			return 0;
		if (proc_signal_pending()) {
			if (urem)
				put_time(urem, until - now, time64);
			p->restart_until = until;
			p->restart_urem = urem;
			p->restart_time64 = time64;
			return -ERESTART_RESTARTBLOCK;
		}
		sleep_on(p, until);
	}
}

long sys_restart_syscall(void)
{
	struct proc *p = curproc;
	uint64_t until = p->restart_until;

	if (!until)
		return -EINTR;                  /* nothing to resume (Linux: the same) */
	p->restart_until = 0;
	return sleep_until(until, p->restart_urem, p->restart_time64);
}

static long do_nanosleep(int clk, int flags, uint32_t ureq, uint32_t urem, int time64)
{
	int64_t req, base = clock_now_ns(clk);
	long rc;

	if (base < 0 || clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	rc = time_from_user(ureq, &req, time64);
	if (rc)
		return rc;
	if (flags & TIMER_ABSTIME)
		req = req > base ? req - base : 0;
	return sleep_until(vmi_time_ns() + req, flags & TIMER_ABSTIME ? 0 : urem, time64);
}

long sys_nanosleep(uint32_t ureq, uint32_t urem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, ureq, urem, 0);
}

long sys_clock_nanosleep(int clk, int flags, uint32_t ureq, uint32_t urem)
{
	return do_nanosleep(clk, flags, ureq, urem, 0);
}

long sys_clock_nanosleep64(int clk, int flags, uint32_t ureq, uint32_t urem)
{
	return do_nanosleep(clk, flags, ureq, urem, 1);
}

long sys_alarm(uint32_t seconds)
{
	struct proc *p = curproc->leader;
	uint64_t now = vmi_time_ns();
	long left = p->alarm_at > now ? (long)((p->alarm_at - now + NS - 1) / NS) : 0;

	p->alarm_at = seconds ? now + seconds * NS : 0;
	p->alarm_interval = 0;
	sched_timer_update();
	return left;
}

/*
 * A tick of CPU time charged to the group of leader: the CPU-time timers
 * count down (ITIMER_VIRTUAL only in user mode) and signal at zero, and
 * RLIMIT_CPU sends SIGXCPU at the soft limit and each second past it,
 * SIGKILL at the hard one - Linux's rules, at the tick's 10 ms grain.
 */
void cpu_timers_tick(struct proc *leader, int user)
{
	static const int sigs[2] = { SIGVTALRM, SIGPROF };
	uint64_t soft = leader->rlim[RLIMIT_CPU].cur, hard = leader->rlim[RLIMIT_CPU].max;
	uint64_t secs;

	for (int i = 0; i < 2; i++) {
		if (!leader->cpu_timer[i] || (i == 0 && !user) || --leader->cpu_timer[i])
			continue;
		leader->cpu_timer[i] = leader->cpu_interval[i];
		signal_send_group(leader, sigs[i], 0);
	}
	if (++leader->cpu_ticks % HZ)
		return;
	secs = leader->cpu_ticks / HZ;
	if (hard != RLIM_INFINITY64 && secs >= hard)
		signal_send_group(leader, SIGKILL, 0);
	else if (soft != RLIM_INFINITY64 && secs >= soft)
		signal_send_group(leader, SIGXCPU, 0);
}

/* Ticks for a timeval (rounded up: a timer never fires early). */
static uint64_t tv_ticks(const struct linux_timeval32 *tv)
{
	uint64_t us = tv->tv_sec * 1000000ull + (uint64_t)tv->tv_usec, per = 1000000 / HZ;

	return (us + per - 1) / per;
}

static struct linux_timeval32 ticks_tv(uint64_t t)
{
	return (struct linux_timeval32){ t / HZ, (t % HZ) * (1000000 / HZ) };
}

/* ITIMER_REAL: the time left and the period, as struct itimerval. */
static long get_real_timer(struct proc *p, uint32_t uval)
{
	uint64_t now = vmi_time_ns(), left = p->alarm_at > now ? p->alarm_at - now : 0;
	uint64_t iv = p->alarm_interval;
	struct linux_timeval32 o[2] = {
		{ iv / NS, (iv % NS) / 1000 },
		{ left / NS, (left % NS + 999) / 1000 },
	};

	if (p->alarm_at && !left)
		o[1].tv_usec = 1;                  /* due: not "disarmed" */
	return copy_to_user((void *)uval, o, sizeof(o)) ? -EFAULT : 0;
}

static long get_cpu_timer(struct proc *p, int i, uint32_t uval)
{
	struct linux_timeval32 o[2] = { ticks_tv(p->cpu_interval[i]), ticks_tv(p->cpu_timer[i]) };

	return copy_to_user((void *)uval, o, sizeof(o)) ? -EFAULT : 0;
}

long sys_getitimer(int which, uint32_t uval)
{
	if (which == ITIMER_REAL)
		return get_real_timer(curproc->leader, uval);
	if (which == ITIMER_VIRTUAL || which == ITIMER_PROF)
		return get_cpu_timer(curproc->leader, which - 1, uval);
	return -EINVAL;
}

/* setitimer(ITIMER_REAL): SIGALRM at the value, then every interval. */
long sys_setitimer(int which, uint32_t unew, uint32_t uold)
{
	struct linux_timeval32 v[2];
	struct proc *p = curproc->leader;
	uint64_t now = vmi_time_ns();

	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	if (unew && copy_from_user(v, (void *)unew, sizeof(v)))
		return -EFAULT;
	if (unew && (v[0].tv_usec < 0 || v[0].tv_usec >= 1000000 || v[1].tv_usec < 0 ||
	             v[1].tv_usec >= 1000000 || v[0].tv_sec < 0 || v[1].tv_sec < 0))
		return -EINVAL;
	if (uold && (which == ITIMER_REAL ? get_real_timer(p, uold)
	                                  : get_cpu_timer(p, which - 1, uold)))
		return -EFAULT;
	if (!unew)
		return 0;
	if (which != ITIMER_REAL) {
		p->cpu_timer[which - 1] = tv_ticks(&v[1]);
		p->cpu_interval[which - 1] = p->cpu_timer[which - 1] ? tv_ticks(&v[0]) : 0;
		return 0;
	}
	p->alarm_at = v[1].tv_sec || v[1].tv_usec ?
		now + v[1].tv_sec * NS + v[1].tv_usec * 1000ull : 0;
	p->alarm_interval = p->alarm_at ? v[0].tv_sec * NS + v[0].tv_usec * 1000ull : 0;
	sched_timer_update();
	return 0;
}
