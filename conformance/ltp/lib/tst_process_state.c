/* tst_process_state.c - waiting until a process or thread reaches a state
 * letter of /proc/PID/stat (the field after the parenthesized name), or
 * until it is gone. Polls every 10 ms; msec_timeout 0 waits forever. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>

#include "test.h"

/* The state letter, or 0 when the process does not exist. */
static char read_state(const char *path)
{
	char buf[512], *p;
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

static int wait_state(const char *path, char state, unsigned int msec,
		      int *gone)
{
	unsigned int waited = 0;
	char cur;

	for (;;) {
		cur = read_state(path);
		*gone = !cur;
		if (!cur || cur == state)
			return !cur;
		usleep(10000);
		waited += 10;
		if (msec && waited >= msec) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

int tst_process_state_wait(const char *file, const int lineno,
			   void (*cleanup_fn)(void), pid_t pid,
			   const char state, unsigned int msec_timeout)
{
	char path[128];
	int gone, ret;

	snprintf(path, sizeof(path), "/proc/%i/stat", pid);
	ret = wait_state(path, state, msec_timeout, &gone);
	if (gone)
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "Failed to open '%s' for reading", path);
	if (ret == -1)
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "Reached timeout %ums while waiting for %i to be in state '%c'",
			  msec_timeout, pid, state);
	return ret ? -1 : 0;
}

int tst_process_state_wait2(pid_t pid, const char state)
{
	char path[128];
	int gone;

	snprintf(path, sizeof(path), "/proc/%i/stat", pid);
	return wait_state(path, state, 0, &gone) ? -1 : 0;
}

int tst_thread_state_wait(pid_t tid, const char state,
			  unsigned int msec_timeout)
{
	char path[128];
	int gone;

	snprintf(path, sizeof(path), "/proc/self/task/%i/stat", tid);
	return wait_state(path, state, msec_timeout, &gone) ? 0 : 1;
}

/* 1 once PID no longer exists, 0 on timeout. */
int tst_process_exit_wait(pid_t pid, unsigned int msec_timeout)
{
	unsigned int waited = 0;

	while (!(kill(pid, 0) == -1 && errno == ESRCH)) {
		usleep(10000);
		waited += 10;
		if (msec_timeout && waited >= msec_timeout)
			return 0;
	}
	return 1;
}
