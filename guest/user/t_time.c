/*
 * t_time.c - the time and resource calls beside the clocks themselves:
 * clock_getres with 64-bit time, the argument checks of clock_settime and
 * settimeofday (the ones that fail before the clock could move, so the
 * host's clock is never touched; setting the clock is conformance/system/
 * clock_set.sh, guest only), getrusage, personality (kept, inherited and
 * STICKY_TIMEOUTS honoured), the time left that select, pselect6 and ppoll
 * write back, the old select (82), the memory-locking calls, and the
 * CPU-time interval timers and RLIMIT_CPU (signals brought by spinning).
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#define NR_clock_getres_time64 406
#define NR_clock_settime32     264
#define NR_old_select           82
#define BAD_PTR ((void *)0xC0000000u)

struct ts64 { int64_t sec; int64_t nsec; };
struct ts32 { int32_t sec; int32_t nsec; };

static void test_getres(void)
{
	struct ts64 r = { -1, -1 };

	CHECK(syscall(NR_clock_getres_time64, CLOCK_MONOTONIC, &r) == 0 && r.sec == 0 &&
	      r.nsec > 0 && r.nsec <= 10000000, "clock_getres_time64(MONOTONIC): a resolution");
	CHECK(syscall(NR_clock_getres_time64, CLOCK_REALTIME, NULL) == 0,
	      "clock_getres_time64(REALTIME, NULL) = 0");
	errno = 0;
	CHECK(syscall(NR_clock_getres_time64, 100, &r) == -1 && errno == EINVAL,
	      "clock_getres_time64(no such clock) = EINVAL");
}

/* Every call here fails before the clock could be set. */
static void test_settime_errors(void)
{
	struct ts32 t = { 1000, 0 }, bad = { 1000, -1 };
	struct timeval tv = { 1000, 2000000 };
	struct { int minuteswest, dsttime; } tz = { 16 * 60, 0 };

	errno = 0;
	CHECK(syscall(NR_clock_settime32, CLOCK_MONOTONIC, &t) == -1 && errno == EINVAL,
	      "clock_settime(MONOTONIC) = EINVAL");
	errno = 0;
	CHECK(syscall(NR_clock_settime32, 100, &t) == -1 && errno == EINVAL,
	      "clock_settime(no such clock) = EINVAL");
	errno = 0;
	CHECK(syscall(NR_clock_settime32, CLOCK_PROCESS_CPUTIME_ID, &t) == -1 && errno == EINVAL,
	      "clock_settime(PROCESS_CPUTIME_ID) = EINVAL");
	errno = 0;
	CHECK(syscall(NR_clock_settime32, CLOCK_REALTIME, &bad) == -1 && errno == EINVAL,
	      "clock_settime(REALTIME, nsec -1) = EINVAL");
	errno = 0;
	CHECK(syscall(NR_clock_settime32, CLOCK_REALTIME, BAD_PTR) == -1 && errno == EFAULT,
	      "clock_settime(REALTIME, kernel address) = EFAULT");
	errno = 0;
	CHECK(syscall(SYS_settimeofday, &tv, NULL) == -1 && errno == EINVAL,
	      "settimeofday(usec 2000000) = EINVAL");
	errno = 0;
	CHECK(syscall(SYS_settimeofday, NULL, &tz) == -1 && errno == EINVAL,
	      "settimeofday(time zone 16 hours west) = EINVAL");
}

/* A user without CAP_SYS_TIME may not set the clock. */
static void test_settime_perm(void)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		if (getuid() == 0 && setuid(65534) != 0)
			_exit(2);
		_exit(clock_settime(CLOCK_REALTIME, &now) == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clock_settime as nobody = EPERM");
}

static void test_getrusage(void)
{
	struct rusage ru;

	CHECK(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0,
	      "getrusage(SELF): a maximum resident size");
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0, "getrusage(CHILDREN) = 0");
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0, "getrusage(THREAD) = 0");
	errno = 0;
	CHECK(getrusage(5, &ru) == -1 && errno == EINVAL, "getrusage(5) = EINVAL");
	errno = 0;
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, BAD_PTR) == -1 && errno == EFAULT,
	      "getrusage into a kernel address = EFAULT");
}

static void test_personality(void)
{
	int p0 = personality(0xffffffff), st = -1;
	pid_t pid;

	CHECK(p0 >= 0, "personality(query) answers");
	CHECK(personality(p0 | STICKY_TIMEOUTS) == p0, "personality(set) returns the old one");
	CHECK(personality(0xffffffff) == (p0 | STICKY_TIMEOUTS), "personality keeps the new one");
	pid = fork();
	if (pid == 0)
		_exit(personality(0xffffffff) == (p0 | STICKY_TIMEOUTS) ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child inherits the personality");
	{
		struct timeval tv = { 0, 20000 };

		CHECK(select(0, NULL, NULL, NULL, &tv) == 0 && tv.tv_sec == 0 && tv.tv_usec == 20000,
		      "select with STICKY_TIMEOUTS leaves its timeout alone");
	}
	personality(p0);
	CHECK(personality(0xffffffff) == p0, "personality back to the first");
}

static void test_time_left(void)
{
	struct timeval tv = { 0, 20000 };
	struct timespec ts = { 0, 20000000 };
	struct ts64 t64 = { 0, 0 };
	struct { int n; void *in, *out, *ex; struct timeval *tv; } old = { 0, 0, 0, 0, &tv };

	CHECK(select(0, NULL, NULL, NULL, &tv) == 0 && tv.tv_sec == 0 && tv.tv_usec == 0,
	      "select: nothing left after the timeout");
	tv.tv_usec = 20000;
	CHECK(syscall(NR_old_select, &old) == 0 && tv.tv_sec == 0 && tv.tv_usec == 0,
	      "old select (82): waits, nothing left after the timeout");
	errno = 0;
	CHECK(syscall(NR_old_select, BAD_PTR) == -1 && errno == EFAULT,
	      "old select with a kernel address = EFAULT");
	CHECK(pselect(0, NULL, NULL, NULL, &ts, NULL) == 0,
	      "pselect: times out (glibc's copy of the timeout)");
	ts.tv_nsec = 20000000;
	CHECK(ppoll(NULL, 0, &ts, NULL) == 0, "ppoll: times out");
	t64.nsec = 20000000;
	CHECK(syscall(SYS_pselect6_time64, 0, NULL, NULL, NULL, &t64, NULL) == 0 &&
	      t64.sec == 0 && t64.nsec == 0, "pselect6_time64: nothing left after the timeout");
	t64.nsec = 20000000;
	CHECK(syscall(SYS_ppoll_time64, NULL, 0, &t64, NULL, 8) == 0 &&
	      t64.sec == 0 && t64.nsec == 0, "ppoll_time64: nothing left after the timeout");
}

static void test_mlock(void)
{
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED && mlock(p + 100, 4096) == 0, "mlock of a mapped range = 0");
	CHECK(munlock(p, 2 * 4096) == 0, "munlock of a mapped range = 0");
	munmap(p + 4096, 4096);
	errno = 0;
	CHECK(mlock(p, 2 * 4096) == -1 && errno == ENOMEM, "mlock over an unmapped page = ENOMEM");
	errno = 0;
	CHECK(mlockall(0) == -1 && errno == EINVAL, "mlockall(0) = EINVAL");
	errno = 0;
	CHECK(mlockall(MCL_ONFAULT) == -1 && errno == EINVAL, "mlockall(MCL_ONFAULT alone) = EINVAL");
	CHECK(mlockall(MCL_CURRENT) == 0 && munlockall() == 0, "mlockall, munlockall = 0");
	munmap(p, 4096);
}

static volatile int got_sig;

static void on_sig(int sig)
{
	got_sig = sig;
}

/* Spin until a signal arrives: CPU time, not wall time, brings it. */
static void spin_for_signal(void)
{
	while (!got_sig)
		;
}

static void test_cpu_timers(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } }, o;
	pid_t pid;
	int st = -1;

	signal(SIGVTALRM, on_sig);
	signal(SIGPROF, on_sig);
	got_sig = 0;
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer(ITIMER_VIRTUAL, 50 ms)");
	/* Linux rounds up to its clock's grain: 50 ms may read 54 ms. */
	CHECK(getitimer(ITIMER_VIRTUAL, &o) == 0 && o.it_value.tv_sec == 0 &&
	      o.it_value.tv_usec > 0 && o.it_value.tv_usec <= 100000, "getitimer: about 50 ms left");
	spin_for_signal();
	CHECK(got_sig == SIGVTALRM, "user CPU time brings SIGVTALRM");
	got_sig = 0;
	v.it_interval.tv_usec = 20000;
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0, "setitimer(ITIMER_PROF, 50 ms, every 20 ms)");
	spin_for_signal();
	CHECK(got_sig == SIGPROF, "CPU time brings SIGPROF");
	got_sig = 0;
	spin_for_signal();
	CHECK(got_sig == SIGPROF, "and again after the interval");
	memset(&v, 0, sizeof v);
	CHECK(setitimer(ITIMER_PROF, &v, &o) == 0 && o.it_interval.tv_usec == 20000,
	      "disarmed, the old value gives the interval back");
	errno = 0;
	CHECK(setitimer(5, &v, NULL) == -1 && errno == EINVAL, "setitimer(5) = EINVAL");
	pid = fork();
	if (pid == 0) {
		struct rlimit r = { 1, 2 };

		got_sig = 0;
		signal(SIGXCPU, on_sig);
		setrlimit(RLIMIT_CPU, &r);
		spin_for_signal();
		while (got_sig == SIGXCPU)          /* the hard limit ends it */
			;
		_exit(3);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one");
}

int main(void)
{
	test_getres();
	test_settime_errors();
	test_settime_perm();
	test_getrusage();
	test_personality();
	test_time_left();
	test_mlock();
	test_cpu_timers();
	return check_summary("t_time");
}
