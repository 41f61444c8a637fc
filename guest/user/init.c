/*
 * init.c - /sbin/init of the initramfs: the first user process.
 *
 * It mounts nothing (the kernel's RAM filesystem already holds the
 * initramfs).  It runs /etc/init.d/rcS if present, then either
 *   - /etc/cmd (written by `make run CMD=...` and by the system tests):
 *     `/bin/sh /etc/cmd`, non-interactively, and exits with its status, or
 *   - an interactive /bin/sh, and exits with its status when it exits.
 * The kernel powers off with init's exit status.  While it waits, init
 * reaps every orphan the kernel hands it.  BusyBox's halt, poweroff and
 * reboot ask init by a signal (SIGUSR1, SIGUSR2, SIGTERM): init then ends
 * at once with status 0, a clean shutdown (reboot too: nothing restarts).
 *
 * The two "init:" lines around /etc/cmd are markers: conformance/run.py
 * compares only what lies between them with the same script run on the
 * host.  The environment below is the one run.py gives the host's shell;
 * keep them equal (scripts/tests/test_system_scripts.py checks).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RCS_PATH "/etc/init.d/rcS"
#define CMD_PATH "/etc/cmd"
#define SHELL    "/bin/sh"

static char *const init_env[] = {
	"HOME=/",
	"PATH=/sbin:/usr/sbin:/bin:/usr/bin",
	"TERM=linux",
	NULL,
};

/* Job-control and keyboard signals: init must not die of them, its
 * children must get them back at their defaults (ignored ones survive
 * exec). */
static const int shielded[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP };

static void shield(void (*disposition)(int))
{
	for (unsigned i = 0; i < sizeof shielded / sizeof shielded[0]; i++)
		signal(shielded[i], disposition);
}

/* The signal of halt, poweroff or reboot, once one came. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* No SA_RESTART: the signal ends init's wait. */
static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void say(const char *msg)
{
	if (write(2, msg, strlen(msg)) < 0)
		return;
}

/* The kernel opens the console as fds 0-2; if it did not, do it here. */
static void ensure_console(void)
{
	int fd;

	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;          /* nowhere to report it either */
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* In the child: a session of its own with the console as controlling tty,
 * so ^C reaches the shell's foreground job, then exec. */
static void exec_child(char *const argv[])
{
	shield(SIG_DFL);
	setsid();
	ioctl(0, TIOCSCTTY, 0);  /* best effort: without it there is no ^C */
	execve(argv[0], argv, init_env);
	fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void stop_now(void)
{
	const char *what = stop_signal == SIGUSR1 ? "halt" :
			   stop_signal == SIGUSR2 ? "poweroff" : "reboot";
	char line[64];

	snprintf(line, sizeof line, "init: %s\n", what);
	say(line);
	sync();
	_exit(0);
}

/* Wait for pid, reaping any orphan met on the way; its wait status. */
static int reap_until(pid_t pid)
{
	int status;

	for (;;) {
		if (stop_signal)
			stop_now();
		pid_t got = wait(&status);
		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR) {
			fprintf(stderr, "init: wait: %s\n", strerror(errno));
			return 127 << 8;
		}
	}
}

/* Run argv as a child and wait for it; its wait status. */
static int run(char *const argv[])
{
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return 127 << 8;
	}
	if (pid == 0)
		exec_child(argv);
	return reap_until(pid);
}

/* A shell's exit status as the shell itself reports one: 128 + signal. */
static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 127;
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int main(void)
{
	char *const rcs[] = { SHELL, RCS_PATH, NULL };
	char *const cmd[] = { SHELL, CMD_PATH, NULL };
	char *const interactive[] = { SHELL, NULL };
	char line[64];
	int code;

	ensure_console();
	shield(SIG_IGN);
	catch_stop_signals();
	umask(022);
	if (chdir("/") < 0)
		say("init: chdir /: failed\n");
	if (exists(RCS_PATH))
		run(rcs);
	if (!exists(CMD_PATH))
		return exit_code(run(interactive));
	say("init: running " CMD_PATH "\n");
	code = exit_code(run(cmd));
	snprintf(line, sizeof line, "init: " CMD_PATH " exited with status %d\n", code);
	say(line);
	return code;
}
