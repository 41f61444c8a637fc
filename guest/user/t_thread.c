/*
 * t_thread.c - threads as glibc's pthreads use them: create and join (8
 * threads, and 50 at once), a mutex-protected counter, a condition
 * variable queue, thread-local storage in every thread, thread ids, a
 * signal to the process handled once by one of its threads, a signal to
 * one thread, exit (exit_group) from a thread, the main thread
 * ending before the others, fork and exec from a thread, and the futex
 * operations themselves (values, timeouts, EINTR, requeue, wake-op,
 * bitsets) and CPU affinity.  (Not robust lists: the host runs this
 * program under qemu-i386, which does not implement them.  futex_waitv is
 * t_futex_waitv's.)
 *
 * Run as /usr/bin/t_thread (it re-executes itself from there).  Prints one
 * line per check and the same lines on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define SELF      "/usr/bin/t_thread"
#define NTHREADS  8
#define NMANY     50
#define NINCR     2000
#define NITEMS    500

static __thread int tls_val = 42;
static __thread char tls_buf[64] = "initial";

static long futex(int *uaddr, int op, int val, const struct timespec *t, int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

static pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- create, join, mutexes, TLS ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

struct worker {
	int id;
	int tls_ok;
	pid_t pid, tid;
};

static void *work(void *arg)
{
	struct worker *w = arg;

	w->tls_ok = tls_val == 42 && strcmp(tls_buf, "initial") == 0;
	tls_val = w->id;
	snprintf(tls_buf, sizeof tls_buf, "thread %d", w->id);
	for (int i = 0; i < NINCR; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 500 == 0)
			sched_yield();
	}
	w->pid = getpid();
	w->tid = tid();
	if (tls_val != w->id || strcmp(tls_buf + 7, "") == 0)
		w->tls_ok = 0;
	return (void *)(intptr_t)(w->id * 3);
}

static void test_join(void)
{
	pthread_t th[NTHREADS];
	struct worker w[NTHREADS];
	int created = 0, joined = 0, tls = 0, ids = 0, distinct = 1;

	tls_val = -1;
	strcpy(tls_buf, "main");
	for (int i = 0; i < NTHREADS; i++) {
		w[i].id = i + 1;
		created += pthread_create(&th[i], 0, work, &w[i]) == 0;
	}
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;

		joined += pthread_join(th[i], &ret) == 0 && (intptr_t)ret == (i + 1) * 3;
		tls += w[i].tls_ok;
		ids += w[i].pid == getpid() && w[i].tid != getpid() && w[i].tid > 0;
		for (int j = 0; j < i; j++)
			distinct &= w[j].tid != w[i].tid;
	}
	CHECK(created == NTHREADS, "pthread_create: %d threads", NTHREADS);
	CHECK(joined == NTHREADS, "pthread_join: every thread's return value");
	CHECK(counter == (long)NTHREADS * NINCR, "a mutex keeps a shared counter exact");
	CHECK(tls == NTHREADS, "__thread variables start at their initial value in each thread and stay its own");
	CHECK(tls_val == -1 && strcmp(tls_buf, "main") == 0, "the main thread's TLS is untouched");
	CHECK(ids == NTHREADS && distinct, "threads share getpid, have distinct gettid");
	CHECK(tid() == getpid(), "the main thread's tid is the pid");
}

static void *nothing(void *arg)
{
	return arg;
}

static void test_many(void)
{
	pthread_t th[NMANY];
	pthread_attr_t attr;
	int created = 0, joined = 0;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 0; i < NMANY; i++)
		created += pthread_create(&th[i], &attr, nothing, (void *)(intptr_t)i) == 0;
	for (int i = 0; i < created; i++) {
		void *ret;

		joined += pthread_join(th[i], &ret) == 0 && (intptr_t)ret == i;
	}
	CHECK(created == NMANY && joined == NMANY, "%d threads alive at once, all joined", NMANY);
}

/* ---- condition variables ---- */

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qlen;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= NITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (qlen == 16)
			pthread_cond_wait(&qcond, &qlock);
		queue[(qhead + qlen++) % 16] = i;
		pthread_cond_broadcast(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	return 0;
}

static void *consumer(void *arg)
{
	long sum = 0;

	(void)arg;
	for (int i = 0; i < NITEMS / 2; i++) {
		pthread_mutex_lock(&qlock);
		while (qlen == 0)
			pthread_cond_wait(&qcond, &qlock);
		sum += queue[qhead];
		qhead = (qhead + 1) % 16;
		qlen--;
		pthread_cond_broadcast(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	return (void *)sum;
}

static void test_cond(void)
{
	pthread_t p, c1, c2;
	void *s1, *s2;
	struct timespec t;
	int rc;

	pthread_create(&c1, 0, consumer, 0);
	pthread_create(&c2, 0, consumer, 0);
	pthread_create(&p, 0, producer, 0);
	pthread_join(p, 0);
	pthread_join(c1, &s1);
	pthread_join(c2, &s2);
	CHECK((long)s1 + (long)s2 == (long)NITEMS * (NITEMS + 1) / 2,
	      "condition variables: two consumers take every item of a producer");
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 20 * 1000 * 1000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&qlock);
	rc = pthread_cond_timedwait(&qcond, &qlock, &t);
	pthread_mutex_unlock(&qlock);
	CHECK(rc == ETIMEDOUT, "pthread_cond_timedwait times out");
}

/* ---- signals ---- */

static volatile pid_t handled_by;
static volatile int handled, usr1_count;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = tid();
	handled = 1;
	usr1_count++;
}

static volatile pid_t waiter_tid;

static void *unblocked_waiter(void *arg)
{
	sigset_t s;

	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, 0);
	waiter_tid = tid();
	/* Not pause(): a signal handled between the test and the call would
	 * leave it waiting for ever. */
	while (!handled) {
		struct timespec t = { 0, 1000 * 1000 };

		nanosleep(&t, 0);
	}
	return 0;
}

/* A signal to the process is handled once, by one of its threads (which
 * one is the kernel's choice: the host's qemu-i386 does not choose as
 * Linux does, so "the one not blocking it" cannot be compared). */
static void test_signals(void)
{
	pthread_t th;
	pid_t worker;
	int once;

	signal(SIGUSR1, on_usr1);
	pthread_create(&th, 0, unblocked_waiter, 0);
	while (!waiter_tid)
		sched_yield();
	worker = waiter_tid;
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 5000 && !handled; i++) {
		struct timespec t = { 0, 1000 * 1000 };

		nanosleep(&t, 0);
	}
	once = handled && usr1_count == 1 && (handled_by == worker || handled_by == tid());
	if (handled_by != worker)
		pthread_kill(th, SIGUSR1);       /* end the worker's wait */
	pthread_join(th, 0);
	CHECK(once, "kill to the process: one of its threads handles the signal, once");

	handled = 0;
	waiter_tid = 0;
	pthread_create(&th, 0, unblocked_waiter, 0);
	while (!waiter_tid)
		sched_yield();
	worker = waiter_tid;
	pthread_kill(th, SIGUSR1);
	pthread_join(th, 0);
	CHECK(handled && handled_by == worker, "pthread_kill: the chosen thread handles it");
	CHECK(syscall(SYS_tgkill, getpid() + 100000, tid(), 0) == -1 && errno == ESRCH,
	      "tgkill with the wrong thread group: ESRCH");
	CHECK(syscall(SYS_tgkill, getpid(), tid(), 0) == 0, "tgkill signal 0 to ourselves");
	signal(SIGUSR1, SIG_DFL);
}

/* ---- exits ---- */

static void *exit_five(void *arg)
{
	(void)arg;
	exit(5);
}

static void *sleep_then_return(void *arg)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, 0);
	return arg;
}

static int status_of(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static void *fork_in_thread(void *arg)
{
	pid_t pid = fork();

	(void)arg;
	if (pid == 0)
		_exit(getpid() == tid() ? 9 : 1);
	return (void *)(intptr_t)pid;
}

static void *exec_in_thread(void *arg)
{
	char pid[16];

	snprintf(pid, sizeof pid, "%d", (int)(intptr_t)arg);
	execl(SELF, SELF, "pidcheck", pid, (char *)0);
	_exit(1);
}

static void test_exit_group(void)
{
	pthread_t th;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_create(&th, 0, exit_five, 0);
		pthread_join(th, 0);
		_exit(1);
	}
	st = status_of(pid);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	      "exit in a thread ends the whole process with its status");
}

static void test_main_ends_first(void)
{
	pthread_t th;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_create(&th, 0, sleep_then_return, 0);
		pthread_exit(0);
	}
	st = status_of(pid);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the main thread ends first: the process lives on until its last thread");
}

static void test_fatal_signal(void)
{
	pthread_t th;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_create(&th, 0, sleep_then_return, 0);
		raise(SIGTERM);
		_exit(1);
	}
	st = status_of(pid);
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "a fatal signal ends every thread; wait reports the signal");
}

static void test_fork_in_thread(void)
{
	pthread_t th;
	void *ret;
	pid_t pid;
	int st;

	pthread_create(&th, 0, fork_in_thread, 0);
	pthread_join(th, &ret);
	pid = (pid_t)(intptr_t)ret;
	st = pid > 0 ? status_of(pid) : -1;
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 9,
	      "fork in a thread: the child is single-threaded; the main thread waits for it");
}

static void test_exec_in_thread(void)
{
	pthread_t th;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_create(&th, 0, exec_in_thread, (void *)(intptr_t)getpid());
		pthread_join(th, 0);
		_exit(1);
	}
	st = status_of(pid);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "exec in a thread: the other threads end, the pid stays");
}

/* ---- futex operations ---- */

static int fword, fword2;
static volatile int f_stop, f_eintr, f_woken;

static void on_usr2(int sig)
{
	(void)sig;
}

static void *futex_sleeper(void *arg)
{
	(void)arg;
	while (!f_stop) {
		if (futex(&fword, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0) == -1 && errno == EINTR)
			f_eintr = 1;
	}
	return 0;
}

static void *requeue_waiter(void *arg)
{
	long rc = futex(&fword, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);

	(void)arg;
	__atomic_add_fetch(&f_woken, 1, __ATOMIC_SEQ_CST);
	return (void *)rc;
}

static void test_futex_errors(void)
{
	struct timespec t = { 0, 10 * 1000 * 1000 }, past = { 1, 0 };
	int w = 1;

	CHECK(futex(&w, FUTEX_WAIT, 2, &t, 0, 0) == -1 && errno == EAGAIN,
	      "FUTEX_WAIT with a changed value: EAGAIN");
	CHECK(futex(&w, FUTEX_WAIT_PRIVATE, 1, &t, 0, 0) == -1 && errno == ETIMEDOUT,
	      "FUTEX_WAIT with a relative timeout: ETIMEDOUT");
	CHECK(futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, 0, FUTEX_BITSET_MATCH_ANY) == -1 &&
	      errno == ETIMEDOUT, "FUTEX_WAIT_BITSET with an absolute time passed: ETIMEDOUT");
	CHECK(futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &past, 0, 1) == -1 &&
	      errno == ETIMEDOUT, "FUTEX_WAIT_BITSET on the real-time clock: ETIMEDOUT");
	CHECK(futex(&w, FUTEX_WAIT_BITSET, 1, 0, 0, 0) == -1 && errno == EINVAL,
	      "FUTEX_WAIT_BITSET with bitset 0: EINVAL");
	CHECK(futex((int *)((char *)&w + 1), FUTEX_WAKE, 1, 0, 0, 0) == -1 && errno == EINVAL,
	      "a misaligned futex: EINVAL");
	CHECK(futex(&w, FUTEX_WAKE, 1, 0, 0, 0) == 0, "FUTEX_WAKE with no waiter: 0");
	CHECK(futex(&w, FUTEX_CMP_REQUEUE, 1, (void *)1, &fword2, 7) == -1 && errno == EAGAIN,
	      "FUTEX_CMP_REQUEUE with a changed value: EAGAIN");
	CHECK(futex((int *)8, FUTEX_WAIT, 0, 0, 0, 0) == -1 && errno == EFAULT,
	      "FUTEX_WAIT on an unmapped address: EFAULT");
	fword2 = 5;
	CHECK(futex(&w, FUTEX_WAKE_OP, 1, (void *)1, &fword2,
	            FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5)) == 0 && fword2 == 8,
	      "FUTEX_WAKE_OP adds to the second word");
	CHECK(futex(&w, FUTEX_WAKE_OP, 1, (void *)1, &fword2,
	            FUTEX_OP((FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_GT, 100)) == 0 &&
	      fword2 == 24, "FUTEX_WAKE_OP with a shifted operand");
	CHECK(futex(&w, 99, 0, 0, 0, 0) == -1 && errno == ENOSYS, "an unknown futex op: ENOSYS");
}

static void test_futex_eintr(void)
{
	struct sigaction sa;
	pthread_t th;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, 0);                  /* no SA_RESTART */
	fword = 0;
	pthread_create(&th, 0, futex_sleeper, 0);
	for (int i = 0; i < 2000 && !f_eintr; i++) {
		struct timespec t = { 0, 1000 * 1000 };

		pthread_kill(th, SIGUSR2);
		nanosleep(&t, 0);
	}
	f_stop = 1;
	fword = 1;
	futex(&fword, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
	pthread_join(th, 0);
	CHECK(f_eintr, "a handler without SA_RESTART interrupts FUTEX_WAIT: EINTR");
	signal(SIGUSR2, SIG_DFL);
}

static void test_requeue(void)
{
	pthread_t th[3];
	long moved = 0, woken = 0, ok = 0;

	fword = 0;
	fword2 = 0;
	f_woken = 0;
	for (int i = 0; i < 3; i++)
		pthread_create(&th[i], 0, requeue_waiter, 0);
	/* Move every waiter to fword2, as they come (none is woken: 0). */
	for (int i = 0; i < 100000 && moved < 3; i++) {
		long n = futex(&fword, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)INT_MAX, &fword2, 0);

		if (n > 0)
			moved += n;
		else
			sched_yield();
	}
	CHECK(moved == 3 && f_woken == 0, "FUTEX_CMP_REQUEUE moves the waiters without waking them");
	while (woken < 3) {
		long n = futex(&fword2, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);

		if (n < 0)
			break;
		woken += n;
	}
	for (int i = 0; i < 3; i++) {
		void *rc;

		pthread_join(th[i], &rc);
		ok += rc == 0;
	}
	CHECK(woken == 3 && ok == 3, "FUTEX_WAKE on the second futex wakes the requeued waiters");
}

/* ---- the rest of the thread ABI ---- */

static void test_misc(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 1,
	      "sched_getaffinity: at least one CPU");
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK(sched_setaffinity(0, sizeof set, &set) == 0, "sched_setaffinity to CPU 0");
	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 &&
	      CPU_ISSET(0, &set), "sched_getaffinity: now CPU 0 alone");
	CPU_ZERO(&set);
	CHECK(sched_setaffinity(0, sizeof set, &set) == -1 && errno == EINVAL,
	      "sched_setaffinity to no CPU: EINVAL");
	CHECK(sched_yield() == 0, "sched_yield");
}

/*
 * Each part runs in a child of a process that never had a thread: the
 * host runs this program under qemu-i386, which can hang in a fork after
 * one of the process's threads has ended.  The child's check counts come
 * back through a pipe.
 */
static void part(void (*fn)(void))
{
	int fds[2], counts[2] = { 0, 1 }, st;
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		CHECK(0, "a process for the next part");
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		check_total = check_failed = 0;
		fn();
		counts[0] = check_total;
		counts[1] = check_failed;
		write(fds[1], counts, sizeof counts);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], counts, sizeof counts) != sizeof counts)
		counts[0] = counts[1] = 1;
	close(fds[0]);
	waitpid(pid, &st, 0);
	check_total += counts[0];
	check_failed += counts[1];
}

static void test_futexes(void)
{
	test_futex_errors();
	test_futex_eintr();
	test_requeue();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "pidcheck") == 0)
		return getpid() == atoi(argv[2]) && tid() == getpid() ? 0 : 2;
	part(test_join);
	part(test_many);
	part(test_cond);
	part(test_signals);
	part(test_exit_group);
	part(test_main_ends_first);
	part(test_fatal_signal);
	part(test_fork_in_thread);
	part(test_exec_in_thread);
	part(test_futexes);
	part(test_misc);
	return check_summary("t_thread");
}
