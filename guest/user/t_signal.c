/*
 * t_signal.c - signals and the things they interrupt: handlers run with the
 * right number and siginfo, sigprocmask holds a signal pending until it is
 * unblocked, a handler's own signal is blocked while it runs, SIGCHLD comes
 * when a child exits, default actions kill (SIGTERM, SIGPIPE) or are
 * ignored (SIGCHLD), a write to a pipe without readers gives SIGPIPE or
 * EPIPE, alarm interrupts a blocking read with EINTR, and the clocks move
 * forward (monotonic never back, nanosleep at least as long as asked), and
 * a periodic setitimer fires again and again.  A real-time signal queues:
 * each instance sent while one is pending comes, where a standard signal
 * merges; ignoring it drops them all.
 *
 * Prints one line per check; never a time or a pid, so the output on
 * Linux and on our kernel is the same.
 */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t got_signo, got_count, got_code, got_pid, nested;
static volatile sig_atomic_t chld_count, alarm_count;

static void on_signal(int sig)
{
	got_signo = sig;
	got_count++;
}

static void on_siginfo(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_signo = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_count++;
}

/* Raises its own signal: it must stay pending until we return. */
static void on_reentry(int sig)
{
	int before = got_count;

	got_count++;
	if (before == 0) {
		raise(sig);
		nested = got_count != before + 1;   /* it ran inside us */
	}
}

static void on_chld(int sig) { (void)sig; chld_count++; }
static void on_alarm(int sig) { (void)sig; alarm_count++; }

static void set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void test_handlers(void)
{
	struct sigaction sa;

	set_action(SIGUSR1, on_signal, 0);
	got_count = 0;
	raise(SIGUSR1);
	CHECK(got_count == 1 && got_signo == SIGUSR1, "raise(SIGUSR1) runs its handler once");
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	got_count = 0;
	kill(getpid(), SIGUSR2);
	CHECK(got_count == 1 && got_signo == SIGUSR2 && got_code == SI_USER &&
	      got_pid == getpid(), "SA_SIGINFO: kill() gives si_code SI_USER and the sender's pid");
	set_action(SIGUSR1, on_reentry, 0);
	got_count = 0;
	nested = 0;
	raise(SIGUSR1);
	CHECK(got_count == 2 && !nested,
	      "a handler's own signal is blocked while it runs, delivered after it");
	set_action(SIGUSR1, SIG_DFL, 0);
	set_action(SIGUSR2, SIG_DFL, 0);
}

static void test_mask(void)
{
	sigset_t block, pending, old;

	set_action(SIGUSR1, on_signal, 0);
	got_count = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	CHECK(got_count == 0, "sigprocmask: a blocked signal is not delivered");
	sigpending(&pending);
	CHECK(sigismember(&pending, SIGUSR1) == 1, "sigpending shows the blocked signal");
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(got_count == 1, "unblocking delivers it, once for two raises");
	set_action(SIGUSR1, SIG_DFL, 0);
}

static void test_sigchld(void)
{
	sigset_t block, old;
	int st;
	pid_t pid;

	set_action(SIGCHLD, on_chld, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	chld_count = 0;
	pid = fork();
	if (pid == 0)
		_exit(3);
	while (chld_count == 0)
		sigsuspend(&old);            /* atomically unblock and wait */
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(chld_count == 1, "SIGCHLD arrives when a child exits (sigsuspend wakes)");
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3,
	      "the child is still there to reap after SIGCHLD");
	set_action(SIGCHLD, SIG_DFL, 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid,
	      "SIGCHLD's default action is to ignore it");
}

/* A child that pauses until a signal ends it; its wait status after sig. */
static int kill_paused_child(int sig)
{
	int st, p[2];
	char c;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(p[1]);                 /* tells the parent we are ready */
		for (;;)
			pause();
	}
	close(p[1]);
	(void)read(p[0], &c, 1);         /* EOF once the child runs */
	close(p[0]);
	kill(pid, sig);
	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static void test_kill(void)
{
	int st = kill_paused_child(SIGTERM);

	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "kill(SIGTERM) ends a paused child, wait reports SIGTERM");
	st = kill_paused_child(SIGKILL);
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "kill(SIGKILL) ends a paused child, wait reports SIGKILL");
	errno = 0;
	CHECK(kill(getpid(), 0) == 0, "kill(self, 0) succeeds");
}

static void test_sigpipe(void)
{
	int p[2], st;
	pid_t pid;

	if (pipe(p) < 0)
		return;
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		(void)write(p[1], "x", 1);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGPIPE, "writing to a pipe with no reader kills with SIGPIPE");
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE,
	      "with SIGPIPE ignored, the write fails with EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void test_eintr(void)
{
	int p[2];
	char c;

	if (pipe(p) < 0)
		return;
	set_action(SIGALRM, on_alarm, 0);     /* no SA_RESTART */
	alarm_count = 0;
	alarm(1);
	errno = 0;
	CHECK(read(p[0], &c, 1) == -1 && errno == EINTR,
	      "alarm interrupts a blocking pipe read with EINTR");
	CHECK(alarm_count == 1, "the SIGALRM handler ran once");
	set_action(SIGALRM, SIG_DFL, 0);
	close(p[0]);
	close(p[1]);
}

static long long ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void test_clocks(void)
{
	struct timespec a, b, nap = { 0, 50000000 };
	int back = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		back |= ns_of(&b) < ns_of(&a);
		a = b;
	}
	CHECK(!back, "CLOCK_MONOTONIC never goes back over 1000 reads");
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(nanosleep(&nap, NULL) == 0, "nanosleep(50 ms) returns 0");
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(ns_of(&b) - ns_of(&a) >= 50000000LL, "nanosleep sleeps at least 50 ms");
	clock_gettime(CLOCK_REALTIME, &a);
	CHECK(a.tv_sec > 1577836800, "CLOCK_REALTIME is after 2020");
	CHECK(llabs((long long)time(NULL) - a.tv_sec) <= 1, "time() agrees with CLOCK_REALTIME");
}

/* ---- the periodic real-time interval timer ---- */

static volatile int ticks;

static void on_tick(int sig)
{
	(void)sig;
	ticks++;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	ticks += sig == SIGUSR2;
}

/* SA_RESETHAND resets the handler once it runs, and leaves the flags. */
static void test_resethand(void)
{
	struct sigaction sa, now;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGUSR2, &sa, 0);
	ticks = 0;
	raise(SIGUSR2);
	CHECK(ticks == 1 && sigaction(SIGUSR2, 0, &now) == 0 && now.sa_handler == SIG_DFL &&
	      (now.sa_flags & SA_SIGINFO), "SA_RESETHAND: the handler runs once, SA_SIGINFO stays");
	ticks = 0;
}

static void test_itimer(void)
{
	struct itimerval on = { { 0, 20000 }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } }, now;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tick;
	sigaction(SIGALRM, &sa, 0);
	CHECK(setitimer(ITIMER_REAL, &on, 0) == 0, "setitimer: every 20 ms");
	CHECK(getitimer(ITIMER_REAL, &now) == 0 && now.it_interval.tv_sec == 0 &&
	      now.it_interval.tv_usec == 20000 && now.it_value.tv_usec <= 20000,
	      "getitimer: the interval, and at most that much left");
	while (ticks < 3)
		pause();
	CHECK(ticks >= 3, "a periodic timer fires again and again");
	CHECK(setitimer(ITIMER_REAL, &off, &now) == 0 && now.it_interval.tv_usec == 20000,
	      "setitimer returns the old interval");
	CHECK(getitimer(ITIMER_REAL, &now) == 0 && now.it_value.tv_sec == 0 &&
	      now.it_value.tv_usec == 0, "a disarmed timer has nothing left");
	on.it_value.tv_usec = 1000000;
	CHECK(setitimer(ITIMER_REAL, &on, 0) == -1 && errno == EINVAL,
	      "setitimer with a million microseconds: EINVAL");
	signal(SIGALRM, SIG_DFL);
}

/* Real-time signals queue, standard ones merge (taken with sigtimedwait
 * while blocked, so nothing depends on when a handler would run). */
static void test_rt_queue(void)
{
	struct timespec zero = { 0, 0 };
	int rt = SIGRTMIN + 2, n = 0;
	sigset_t set, old;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, rt);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	for (int i = 1; i <= 3; i++)
		kill(getpid(), rt);
	while (sigtimedwait(&set, &si, &zero) == rt)
		n += si.si_code == SI_USER && si.si_pid == getpid();
	CHECK(n == 3, "a real-time signal sent three times while blocked: three, each with its siginfo");
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	n = 0;
	while (sigtimedwait(&set, &si, &zero) == SIGUSR1)
		n++;
	CHECK(n == 1, "a standard signal sent twice while pending: once");
	kill(getpid(), rt);
	kill(getpid(), rt);
	signal(rt, SIG_IGN);
	signal(rt, SIG_DFL);
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN,
	      "SIG_IGN drops a real-time signal's queued instances too");
	sigprocmask(SIG_SETMASK, &old, 0);
}

int main(void)
{
	test_handlers();
	test_mask();
	test_sigchld();
	test_kill();
	test_sigpipe();
	test_eintr();
	test_clocks();
	test_resethand();
	test_itimer();
	test_rt_queue();
	return check_summary("t_signal");
}
