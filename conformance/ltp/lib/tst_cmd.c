/* tst_cmd.c - running a program for a test: fork, redirect, exec, wait. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <sys/wait.h>

#include "test.h"

int tst_cmd_fds_(void (*cleanup)(void), const char *const argv[],
		 int stdout_fd, int stderr_fd, enum tst_cmd_flags flags)
{
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		tst_brkm(TBROK | TERRNO, cleanup, "fork() failed");
		return -1;
	}
	if (!pid) {
		fd = open("/dev/null", O_RDWR);
		dup2(stdout_fd >= 0 ? stdout_fd : fd, STDOUT_FILENO);
		dup2(stderr_fd >= 0 ? stderr_fd : fd, STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(errno == ENOENT ? 255 : 254);
	}
	if (waitpid(pid, &status, 0) < 0) {
		tst_brkm(TBROK | TERRNO, cleanup, "waitpid() failed");
		return -1;
	}
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
	if (status == 255 && (flags & TST_CMD_TCONF_ON_MISSING))
		tst_brkm(TCONF, cleanup, "%s not found", argv[0]);
	if (!(flags & TST_CMD_PASS_RETVAL) && status)
		tst_brkm(TBROK, cleanup, "'%s' exited with %i", argv[0], status);
	return status;
}

int tst_cmd_(void (*cleanup)(void), const char *const argv[],
	     const char *stdout_path, const char *stderr_path,
	     enum tst_cmd_flags flags)
{
	int out = -1, err = -1, ret;

	if (stdout_path)
		out = open(stdout_path, O_CREAT | O_WRONLY | O_TRUNC, 0666);
	if (stderr_path)
		err = open(stderr_path, O_CREAT | O_WRONLY | O_TRUNC, 0666);
	ret = tst_cmd_fds_(cleanup, argv, out, err, flags);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return ret;
}

int tst_system(const char *command)
{
	return system(command);
}

/* Is CMD (the first word) on $PATH? TCONF when not and BRK_NOSUPP. */
int tst_check_cmd(const char *cmd, const int brk_nosupp)
{
	char name[256], path[PATH_MAX * 2], *dirs, *dir, *save;
	const char *env = getenv("PATH");
	int found = 0;

	sscanf(cmd, "%255s", name);
	dirs = strdup(env ? env : "/bin:/usr/bin");
	for (dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		found = !access(path, X_OK);
	}
	free(dirs);
	if (!found && brk_nosupp)
		tst_brkm(TCONF, NULL, "Couldn't find '%s' in $PATH", name);
	return found ? 0 : -1;
}
