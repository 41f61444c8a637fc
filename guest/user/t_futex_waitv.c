/*
 * t_futex_waitv.c - futex_waitv (Linux 5.16, i386 system call 449): a wait
 * on any of up to 128 32-bit futexes, private or shared, with an absolute
 * timeout on CLOCK_MONOTONIC or CLOCK_REALTIME - its argument checks and
 * their order, timeouts, which futex woke it, a wake from another process
 * through a shared page, and signals with and without SA_RESTART.
 *
 * Run as /usr/bin/t_futex_waitv.  Prints one line per check, the lines
 * Linux prints.  Its own program, not part of t_thread, because the
 * qemu-i386 that runs i386 programs on some hosts lacks the call
 * (conformance/system/futex_waitv.sh).
 */
#define _GNU_SOURCE
#include "check.h"
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static long futex(int *uaddr, int op, int val, const struct timespec *t, int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

static void on_usr2(int sig)
{
	(void)sig;
}

#define NR_futex_waitv 449
#define FUTEX2_32      2

struct waitv {                  /* struct futex_waitv */
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

struct kts {                    /* struct __kernel_timespec */
	int64_t sec, nsec;
};

static int vword[3];

static long waitv(struct waitv *w, unsigned nr, unsigned flags, struct kts *t, int clk)
{
	return syscall(NR_futex_waitv, w, nr, flags, t, clk);
}

/* Three private waiters on vword[0..2], each expecting 0. */
static void waitv_fill(struct waitv w[3], int flags)
{
	for (int i = 0; i < 3; i++) {
		w[i].val = 0;
		w[i].uaddr = (uintptr_t)&vword[i];
		w[i].flags = flags;
		w[i].reserved = 0;
	}
}

/* An absolute time ms milliseconds from now on clk. */
static struct kts waitv_in(int clk, long ms)
{
	struct timespec now;
	struct kts t;

	clock_gettime(clk, &now);
	t.sec = now.tv_sec + ms / 1000;
	t.nsec = now.tv_nsec + (ms % 1000) * 1000000L;
	if (t.nsec >= 1000000000L) {
		t.sec++;
		t.nsec -= 1000000000L;
	}
	return t;
}

static int waitv_fails(long rc, int err)
{
	return rc == -1 && errno == err;
}

static void test_waitv_errors(void)
{
	struct waitv w[3];
	struct kts t = waitv_in(CLOCK_MONOTONIC, 1000), bad;
	int priv = FUTEX2_32 | FUTEX_PRIVATE_FLAG;

	waitv_fill(w, priv);
	CHECK(waitv_fails(waitv(w, 1, 1, &t, CLOCK_MONOTONIC), EINVAL), "futex_waitv: flags: EINVAL");
	CHECK(waitv_fails(waitv(w, 0, 0, &t, CLOCK_MONOTONIC), EINVAL), "futex_waitv: no futex: EINVAL");
	CHECK(waitv_fails(waitv(w, 129, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: 129 futexes: EINVAL");
	CHECK(waitv_fails(waitv(0, 1, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a null array: EINVAL");
	CHECK(waitv_fails(waitv((void *)8, 1, 0, &t, CLOCK_MONOTONIC), EFAULT),
	      "futex_waitv: an unmapped array: EFAULT");
	CHECK(waitv_fails(waitv(w, 1, 0, &t, CLOCK_TAI), EINVAL),
	      "futex_waitv: CLOCK_TAI: EINVAL");
	CHECK(waitv_fails(waitv(w, 1, 0, (void *)8, 99), EINVAL),
	      "futex_waitv: the clock is checked before the timeout is read");
	CHECK(waitv_fails(waitv(w, 1, 0, (void *)8, CLOCK_MONOTONIC), EFAULT),
	      "futex_waitv: an unmapped timeout: EFAULT");
	bad = t;
	bad.nsec = 1000000000;
	CHECK(waitv_fails(waitv(w, 1, 0, &bad, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a second's nanoseconds: EINVAL");
	bad = t;
	bad.sec = -1;
	CHECK(waitv_fails(waitv(w, 1, 0, &bad, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a negative time: EINVAL");
	w[1].flags = FUTEX_PRIVATE_FLAG;
	CHECK(waitv_fails(waitv(w, 2, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: an entry without FUTEX_32: EINVAL");
	w[1].flags = priv | 4;
	CHECK(waitv_fails(waitv(w, 2, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: an unknown entry flag: EINVAL");
	waitv_fill(w, priv);
	w[2].reserved = 1;
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a reserved field set: EINVAL");
	waitv_fill(w, priv);
	w[0].val = 1ull << 32;
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a value wider than 32 bits: EINVAL");
	waitv_fill(w, priv);
	w[2].uaddr += 1;
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), EINVAL),
	      "futex_waitv: a misaligned futex: EINVAL");
	waitv_fill(w, priv);
	w[1].uaddr = 8;
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), EFAULT),
	      "futex_waitv: an unmapped futex: EFAULT");
	waitv_fill(w, priv);
	w[2].uaddr = 8;
	w[1].val = 5;
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), EAGAIN),
	      "futex_waitv: values are compared in order: the first that differs is EAGAIN");
}

static void test_waitv_timeouts(void)
{
	struct waitv w[3];
	struct kts past = { 1, 0 }, t;

	waitv_fill(w, FUTEX2_32 | FUTEX_PRIVATE_FLAG);
	CHECK(waitv_fails(waitv(w, 3, 0, &past, CLOCK_MONOTONIC), ETIMEDOUT),
	      "futex_waitv: an absolute time passed: ETIMEDOUT");
	t = waitv_in(CLOCK_MONOTONIC, 30);
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_MONOTONIC), ETIMEDOUT),
	      "futex_waitv: 30 ms on CLOCK_MONOTONIC: ETIMEDOUT");
	t = waitv_in(CLOCK_REALTIME, 30);
	CHECK(waitv_fails(waitv(w, 3, 0, &t, CLOCK_REALTIME), ETIMEDOUT),
	      "futex_waitv: 30 ms on CLOCK_REALTIME: ETIMEDOUT");
	w[0].val = 1;
	CHECK(waitv_fails(waitv(w, 3, 0, &past, CLOCK_MONOTONIC), EAGAIN),
	      "futex_waitv: a value that differs comes before the timeout");
}

/* Wake the waiter of word (FUTEX_WAKE, private or not) once it is there:
 * how many FUTEX_WAKE said it woke, or -1 after about 10 seconds. */
static long wake_when_waiting(int *word, int op)
{
	for (int i = 0; i < 10000; i++) {
		struct timespec t = { 0, 1000 * 1000 };
		long n = futex(word, op, 1, 0, 0, 0);

		if (n != 0)
			return n;
		nanosleep(&t, 0);
	}
	return -1;
}

static void *waitv_waker(void *arg)
{
	return (void *)wake_when_waiting(arg, FUTEX_WAKE_PRIVATE);
}

static void test_waitv_wake(void)
{
	struct waitv w[3];
	struct kts t = waitv_in(CLOCK_MONOTONIC, 20000);
	pthread_t th;
	void *woke;
	long rc;

	waitv_fill(w, FUTEX2_32 | FUTEX_PRIVATE_FLAG);
	pthread_create(&th, 0, waitv_waker, &vword[1]);
	rc = waitv(w, 3, 0, &t, CLOCK_MONOTONIC);
	pthread_join(th, &woke);
	CHECK(rc == 1 && (long)woke == 1,
	      "futex_waitv: a FUTEX_WAKE of the second futex wakes it and says 1");
	pthread_create(&th, 0, waitv_waker, &vword[2]);
	rc = waitv(w, 3, 0, 0, 0);
	pthread_join(th, &woke);
	CHECK(rc == 2 && (long)woke == 1, "futex_waitv without a timeout: woken by the third");
}

/* Across fork, in a shared anonymous page: the child waits on both words
 * (shared futexes), the parent wakes the second with a shared FUTEX_WAKE. */
static void test_waitv_shared(void)
{
	int *page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st = -1;
	long n;
	pid_t pid;

	if (page == MAP_FAILED) {
		CHECK(0, "futex_waitv: a shared page");
		return;
	}
	memset(page, 0, 4096);
	pid = fork();
	if (pid == 0) {
		struct waitv w[2] = {
			{ 0, (uintptr_t)&page[0], FUTEX2_32, 0 },
			{ 0, (uintptr_t)&page[100], FUTEX2_32, 0 },
		};
		struct kts t = waitv_in(CLOCK_MONOTONIC, 20000);

		_exit(waitv(w, 2, 0, &t, CLOCK_MONOTONIC) == 1 ? 0 : 1);
	}
	n = wake_when_waiting(&page[100], FUTEX_WAKE);
	waitpid(pid, &st, 0);
	CHECK(n == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "futex_waitv on shared futexes: another process's FUTEX_WAKE wakes it");
	munmap(page, 4096);
}

static volatile int v_stop, v_eintr;

static void *waitv_sleeper(void *arg)
{
	struct waitv w[3];

	waitv_fill(w, FUTEX2_32 | FUTEX_PRIVATE_FLAG);
	while (!v_stop) {
		struct kts t = waitv_in(CLOCK_MONOTONIC, 20000);
		long rc = waitv(w, 3, 0, &t, CLOCK_MONOTONIC);

		if (rc == -1 && errno == EINTR)
			v_eintr = 1;
		if (arg && rc == 0)
			return (void *)1;
	}
	return 0;
}

/* A signal with a handler: EINTR without SA_RESTART even with a timeout;
 * with SA_RESTART the wait goes on until the wake. */
static void test_waitv_signal(void)
{
	struct sigaction sa;
	pthread_t th;
	void *rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, 0);
	memset(vword, 0, sizeof vword);
	v_stop = v_eintr = 0;
	pthread_create(&th, 0, waitv_sleeper, 0);
	for (int i = 0; i < 2000 && !v_eintr; i++) {
		struct timespec t = { 0, 1000 * 1000 };

		pthread_kill(th, SIGUSR2);
		nanosleep(&t, 0);
	}
	v_stop = 1;
	wake_when_waiting(&vword[0], FUTEX_WAKE_PRIVATE);
	pthread_join(th, 0);
	CHECK(v_eintr, "futex_waitv: a handler without SA_RESTART interrupts it: EINTR");
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, 0);
	v_stop = v_eintr = 0;
	pthread_create(&th, 0, waitv_sleeper, (void *)1);
	for (int i = 0; i < 20; i++) {
		struct timespec t = { 0, 2 * 1000 * 1000 };

		pthread_kill(th, SIGUSR2);
		nanosleep(&t, 0);
	}
	wake_when_waiting(&vword[0], FUTEX_WAKE_PRIVATE);
	pthread_join(th, &rc);
	CHECK(rc == (void *)1 && !v_eintr,
	      "futex_waitv: with SA_RESTART it waits on through signals to the wake");
	signal(SIGUSR2, SIG_DFL);
}

static void test_futex_waitv(void)
{
	test_waitv_errors();
	test_waitv_timeouts();
	test_waitv_wake();
	test_waitv_shared();
	test_waitv_signal();
}

int main(void)
{
	/* Without the call every wait below would return at once and the
	 * signal tests would spin for ever: one failure, and stop. */
	if (!CHECK(!(waitv(0, 0, 0, 0, 0) == -1 && errno == ENOSYS), "futex_waitv is a system call"))
		return check_summary("t_futex_waitv");
	test_futex_waitv();
	return check_summary("t_futex_waitv");
}
