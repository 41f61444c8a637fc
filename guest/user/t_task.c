/*
 * t_task.c - /proc/<pid>/task/: a directory per thread of the group, named
 * by its thread id, each with that thread's stat, status and comm (its
 * own id, name and state; the group's id and thread count), entries that
 * come with pthread_create and go after pthread_join, and the Threads:
 * count of /proc/self/status.
 *
 * Run as /usr/bin/t_task.  On the host (chrooted, without /proc) it mounts
 * a proc filesystem first; there qemu-i386 runs it, which has a thread of
 * its own, so counts are checked against the count before the threads.
 * Prints the same lines on Linux as on our kernel.
 *
 * `t_task ps`: BusyBox's `ps -T` lists the threads by name.
 *
 * `t_task robust-exec`: robust mutexes at execve - the one the exec'ing
 * thread held, and the one another thread of the group held (that thread
 * ends at the exec), are marked owner-dead for the next locker
 * (EOWNERDEAD) while the process lives on under its pid.  Not comparable
 * with the host: its qemu-i386 keeps no robust lists (set_robust_list is
 * ENOSYS there), so conformance/system/robust_exec.expected says what
 * Linux prints.
 */
#define _GNU_SOURCE
#include "check.h"
#include "procfile.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NWORKERS 3

static char text[4096];
static pthread_barrier_t started, finish;
static pid_t worker_tid[NWORKERS];

/* The number after "Key:\t" in text, or -1. */
static int number(const char *key)
{
	char want[32];
	const char *p;

	snprintf(want, sizeof want, "%s:\t", key);
	p = strstr(text, want);
	return p ? atoi(p + strlen(want)) : -1;
}

/* Entries of /proc/self/task (all numeric); whether tid is among them. */
static int task_entries(pid_t tid, int *found)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	*found = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)) != 0) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		*found |= atoi(e->d_name) == tid;
	}
	closedir(d);
	return n;
}

static void *worker(void *arg)
{
	int i = (int)(long)arg;
	char name[16];

	snprintf(name, sizeof name, "worker%d", i);
	prctl(PR_SET_NAME, name);
	worker_tid[i] = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&started);
	pthread_barrier_wait(&finish);
	return 0;
}

/* What the task/<tid>/ files of worker i say. */
static void check_worker(int i)
{
	pid_t tid = worker_tid[i];
	char want[64], state = 0;
	int pid = 0;

	snprintf(want, sizeof want, "worker%d\n", i);
	CHECK(slurp("/proc/%d/task/%d/comm", getpid(), tid) > 0 && strcmp(text, want) == 0,
	      "task/<tid>/comm of worker %d is its name", i);
	snprintf(want, sizeof want, "(worker%d) ", i);
	CHECK(slurp("/proc/self/task/%d/stat", tid) > 0 && sscanf(text, "%d", &pid) == 1 &&
	      pid == tid && strstr(text, want) == strchr(text, '(') &&
	      sscanf(strchr(text, ')') + 2, "%c", &state) == 1 && strchr("RS", state),
	      "task/<tid>/stat of worker %d: its id, name and a running or sleeping state", i);
	CHECK(slurp("/proc/self/task/%d/status", tid) > 0 && number("Pid") == tid &&
	      number("Tgid") == getpid() &&
	      strncmp(text, "Name:\tworker", 12) == 0,
	      "task/<tid>/status of worker %d: Name, Pid is the thread, Tgid the process", i);
}

static void test_threads(void)
{
	pthread_t th[NWORKERS];
	int base, found, threads_before, n;

	prctl(PR_SET_NAME, "t_task");
	base = task_entries(getpid(), &found);
	CHECK(base >= 1 && found, "/proc/self/task lists the main thread under the process id");
	threads_before = slurp("/proc/self/status") > 0 ? number("Threads") : -1;
	CHECK(threads_before == base, "/proc/self/status Threads: is the number of task entries");
	pthread_barrier_init(&started, 0, NWORKERS + 1);
	pthread_barrier_init(&finish, 0, NWORKERS + 1);
	for (long i = 0; i < NWORKERS; i++)
		pthread_create(&th[i], 0, worker, (void *)i);
	pthread_barrier_wait(&started);

	n = task_entries(worker_tid[1], &found);
	CHECK(n == base + NWORKERS && found, "/proc/self/task has an entry per new thread");
	CHECK(slurp("/proc/self/status") > 0 && number("Threads") == threads_before + NWORKERS,
	      "/proc/self/status Threads: counts the new threads");
	for (int i = 0; i < NWORKERS; i++)
		check_worker(i);
	CHECK(slurp("/proc/self/task/%d/comm", getpid()) > 0 && strcmp(text, "t_task\n") == 0,
	      "task/<pid>/comm is the main thread's name");
	CHECK(slurp("/proc/self/task/%d/status", worker_tid[2]) > 0 &&
	      number("Threads") == threads_before + NWORKERS,
	      "task/<tid>/status Threads: is the group's count");
	CHECK(slurp("/proc/%d/comm", getpid()) > 0 && strcmp(text, "t_task\n") == 0,
	      "/proc/<pid>/comm is the process's name");

	pthread_barrier_wait(&finish);
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(th[i], 0);
	/* A joined thread's id is cleared before the kernel has quite done
	 * with it (on Linux too): wait for the entry to go, not for a time. */
	for (n = 0; n < 1000000 && task_entries(worker_tid[0], &found) != base; n++)
		sched_yield();
	n = task_entries(worker_tid[0], &found);
	CHECK(n == base && !found, "the joined threads' entries are gone");
	CHECK(slurp("/proc/self/task/%d/stat", worker_tid[0]) < 0 && errno == ENOENT,
	      "a gone thread's task/<tid>/stat: ENOENT");
	CHECK(slurp("/proc/self/status") > 0 && number("Threads") == threads_before,
	      "/proc/self/status Threads: is back to the start");
}

/* `t_task ps`: BusyBox's ps -T shows the threads (from task/), by name. */
static int ps_threads(void)
{
	pthread_t th[NWORKERS];
	int rc;

	pthread_barrier_init(&started, 0, NWORKERS + 1);
	pthread_barrier_init(&finish, 0, NWORKERS + 1);
	for (long i = 0; i < NWORKERS; i++)
		pthread_create(&th[i], 0, worker, (void *)i);
	pthread_barrier_wait(&started);
	rc = system("ps -T -o comm | grep '^worker' | sort");
	pthread_barrier_wait(&finish);
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(th[i], 0);
	return rc;
}

/* ---- robust mutexes at execve ---- */

struct robust_pair {
	pthread_mutex_t by_exec, by_thread;
};

static void robust_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &a);
}

static int held_pipe[2];

static void *hold(void *arg)
{
	pthread_mutex_lock(arg);
	write(held_pipe[1], "h", 1);
	for (;;)
		pause();
	return 0;
}

/* The child: hold one lock, have a thread hold the other, exec. */
static void robust_child(struct robust_pair *rp, int ready_fd)
{
	pthread_t th;
	char c, fd[16];

	pipe(held_pipe);
	pthread_mutex_lock(&rp->by_exec);
	pthread_create(&th, 0, hold, &rp->by_thread);
	read(held_pipe[0], &c, 1);
	snprintf(fd, sizeof fd, "%d", ready_fd);
	execl("/usr/bin/t_task", "t_task", "exec-ready", fd, (char *)0);
	_exit(99);
}

static void test_robust_exec(void)
{
	struct robust_pair *rp = mmap(0, sizeof(*rp), PROT_READ | PROT_WRITE,
	                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ready[2], st;
	pid_t pid, got = 0;

	robust_init(&rp->by_exec);
	robust_init(&rp->by_thread);
	pipe(ready);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		robust_child(rp, ready[1]);
	}
	close(ready[1]);
	CHECK(read(ready[0], &got, sizeof got) == sizeof got && got == pid,
	      "exec from a threaded process: the new image runs under the same pid");
	CHECK(pthread_mutex_trylock(&rp->by_exec) == EOWNERDEAD,
	      "a robust lock the exec'ing thread held: EOWNERDEAD for the next locker");
	CHECK(pthread_mutex_trylock(&rp->by_thread) == EOWNERDEAD,
	      "a robust lock another thread held (it ends at the exec): EOWNERDEAD");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* The exec'd image of test_robust_exec: say who it is, then wait. */
__attribute__((noreturn))
static void exec_ready(const char *fd)
{
	pid_t me = getpid();

	write(atoi(fd), &me, sizeof me);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-ready") == 0)
		exec_ready(argv[2]);
	if (argc == 2 && strcmp(argv[1], "robust-exec") == 0) {
		test_robust_exec();
		return check_summary("t_task robust-exec");
	}
	if (access("/proc/self", F_OK) != 0) {
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", 0, 0) != 0)
			say("t_task: cannot mount /proc\n");
	}
	if (argc == 2 && strcmp(argv[1], "ps") == 0)
		return ps_threads();
	test_threads();
	return check_summary("t_task");
}
