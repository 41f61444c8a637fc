/* tst_pid.c - a pid no process has (for ESRCH checks) and how many more
 * processes the test may create (pid_max and RLIMIT_NPROC). */
#include <stdio.h>
#include <signal.h>
#include <errno.h>
#include <sys/resource.h>

#include "test.h"

pid_t tst_get_unused_pid_(void (*cleanup_fn)(void))
{
	pid_t pid = 32768;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 32768;
		fclose(f);
	}
	/* Highest first: the least likely to be handed out meanwhile. */
	for (pid = pid - 1; pid > 1; pid--)
		if (kill(pid, 0) == -1 && errno == ESRCH)
			return pid;
	tst_brkm(TBROK, cleanup_fn, "no unused pid");
	return -1;
}

static int count_processes(void)
{
	int n = 0, c;
	FILE *f = fopen("/proc/loadavg", "r");
	int running, total;
	float a, b, d;

	if (f) {
		c = fscanf(f, "%f %f %f %d/%d", &a, &b, &d, &running, &total);
		fclose(f);
		if (c == 5)
			n = total;
	}
	return n;
}

int tst_get_free_pids_(void (*cleanup_fn)(void))
{
	int pid_max = 32768, used = count_processes();
	struct rlimit rl;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	if (f) {
		if (fscanf(f, "%d", &pid_max) != 1)
			pid_max = 32768;
		fclose(f);
	}
	if (!getrlimit(RLIMIT_NPROC, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    (int)rl.rlim_cur < pid_max)
		pid_max = rl.rlim_cur;
	(void)cleanup_fn;
	return pid_max > used ? pid_max - used : 0;
}
