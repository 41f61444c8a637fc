/*
 * t_jobctl.c - job control: SIGSTOP and SIGTSTP stop a child, wait4 with
 * WUNTRACED reports the stop once, SIGCHLD says CLD_STOPPED, a stopped
 * child holds other signals until SIGCONT, SIGCONT resumes it (WCONTINUED,
 * CLD_CONTINUED), SIGKILL ends a stopped child, a stop signal and SIGCONT
 * cancel each other while pending, /proc shows a stopped process as 'T',
 * and the terminal's rules for a background process group: a read stops
 * it with SIGTTIN (EIO if it ignores SIGTTIN), tcsetpgrp and tcsetattr
 * stop it with SIGTTOU unless it ignores SIGTTOU.
 *
 * Every wait is on an event (wait4, a pipe), never on time.  Run with the
 * terminal as stdin and in its foreground group (as the system tests run
 * it, in the guest and on the host; there chrooted, so it mounts /proc as
 * t_procfs does); prints the same lines on Linux.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

static volatile sig_atomic_t chld_stopped, chld_continued, chld_status;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	if (si->si_code == CLD_STOPPED) {
		chld_stopped++;
		chld_status = si->si_status;
	} else if (si->si_code == CLD_CONTINUED) {
		chld_continued++;
	}
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigaction(sig, &sa, 0);
}

static char read_byte(int fd)
{
	char c = 0;

	return read(fd, &c, 1) == 1 ? c : 0;
}

/* A child that waits for signals; each SIGUSR1 it handles writes one
 * byte to the pipe, then it goes on waiting.  It writes 'r' first, once
 * its handler is in place.  It leads a process group of its own: ours,
 * whose leader (the shell) is a session leader, is orphaned, and Linux
 * drops SIGTSTP, SIGTTIN and SIGTTOU sent to an orphaned group. */
static int pipe_w;
static void child_usr1(int sig) { (void)sig; if (write(pipe_w, "u", 1) != 1) _exit(97); }

static pid_t waiting_child(int fds[2])
{
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[0]);
		pipe_w = fds[1];
		set_handler(SIGUSR1, child_usr1);
		if (write(pipe_w, "r", 1) != 1)
			_exit(96);
		for (;;)
			pause();
	}
	close(fds[1]);
	setpgid(pid, pid);
	return read_byte(fds[0]) == 'r' ? pid : -1;
}

/* The state letter of /proc/<pid>/stat, or '?'. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static void stop_and_continue(void)
{
	int fds[2], st = 0, flags;
	pid_t pid = waiting_child(fds);
	char c;

	CHECK(pid > 0, "fork a waiting child");
	CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP");
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	      WSTOPSIG(st) == SIGSTOP, "waitpid WUNTRACED reports the SIGSTOP stop");
	CHECK(chld_stopped == 1 && chld_status == SIGSTOP,
	      "SIGCHLD with CLD_STOPPED and si_status SIGSTOP");
	CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "the stop is reported once");
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "without WUNTRACED a stop is not reported");
	CHECK(proc_state(pid) == 'T', "/proc/<pid>/stat says T (stopped)");
	CHECK(kill(pid, SIGUSR1) == 0, "SIGUSR1 to the stopped child");
	flags = fcntl(fds[0], F_GETFL);
	fcntl(fds[0], F_SETFL, flags | O_NONBLOCK);
	CHECK(read(fds[0], &c, 1) < 0 && errno == EAGAIN,
	      "a stopped child runs no handler");
	fcntl(fds[0], F_SETFL, flags);
	CHECK(kill(pid, SIGCONT) == 0, "kill SIGCONT");
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st),
	      "waitpid WCONTINUED reports the continue");
	CHECK(read_byte(fds[0]) == 'u', "after SIGCONT the child handles the SIGUSR1");
	CHECK(chld_continued == 1, "SIGCHLD with CLD_CONTINUED");
	CHECK(waitpid(pid, &st, WCONTINUED | WNOHANG) == 0, "the continue is reported once");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(fds[0]);
	pid = waiting_child(fds);
	kill(pid, SIGTSTP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	      WSTOPSIG(st) == SIGTSTP, "SIGTSTP stops a child too");
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &st, 0) == pid &&
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends a stopped child");
	close(fds[0]);
}

/* A stop signal and SIGCONT sent while blocked cancel each other. */
static void pending_cancel(void)
{
	int go[2], ready[2], st = 0;
	sigset_t block, pend;
	pid_t pid;

	if (pipe(go) < 0 || pipe(ready) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		sigemptyset(&block);
		sigaddset(&block, SIGTSTP);
		sigaddset(&block, SIGCONT);
		sigprocmask(SIG_BLOCK, &block, 0);
		if (write(ready[1], "r", 1) != 1 || read_byte(go[0]) != 'g')
			_exit(90);
		sigpending(&pend);
		/* TSTP then CONT: only SIGCONT is left pending */
		_exit(sigismember(&pend, SIGTSTP) * 10 + sigismember(&pend, SIGCONT));
	}
	read_byte(ready[0]);
	kill(pid, SIGTSTP);
	kill(pid, SIGCONT);
	if (write(go[1], "g", 1) != 1)
		return;
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 1,
	      "SIGCONT discards a pending SIGTSTP");
	close(go[0]); close(go[1]); close(ready[0]); close(ready[1]);
}

/* A child in a new, background process group does `what` on the
 * terminal; the parent sees how it ends or stops. */
enum { READ_TTY, READ_TTY_IGNORING, SETPGRP_TTY, SETPGRP_IGNORING, SETATTR_TTY };

static int background_child(int what)
{
	struct termios t;
	char c;
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		setpgid(0, 0);
		if (what == READ_TTY_IGNORING)
			set_handler(SIGTTIN, SIG_IGN);
		if (what == SETPGRP_IGNORING)
			set_handler(SIGTTOU, SIG_IGN);
		switch (what) {
		case READ_TTY:
		case READ_TTY_IGNORING:
			_exit(read(0, &c, 1) < 0 ? errno : 0);
		case SETPGRP_TTY:
			_exit(tcsetpgrp(0, getpgrp()) < 0 ? errno : 0);
		case SETPGRP_IGNORING:
			/* in front now: give the terminal back to the parent */
			if (tcsetpgrp(0, getpgrp()) < 0 || tcgetpgrp(0) != getpgrp())
				_exit(1);
			_exit(tcsetpgrp(0, getpgid(getppid())) < 0 ? 2 : 0);
		case SETATTR_TTY:
			tcgetattr(0, &t);
			_exit(tcsetattr(0, TCSANOW, &t) < 0 ? errno : 0);
		}
		_exit(99);
	}
	setpgid(pid, pid);
	if (waitpid(pid, &st, WUNTRACED) != pid)
		return -1;
	if (WIFSTOPPED(st)) {
		kill(pid, SIGKILL);
		waitpid(pid, 0, 0);
	}
	return st;
}

static void terminal_rules(void)
{
	int st;

	if (!isatty(0) || tcgetpgrp(0) != getpgrp()) {
		CHECK(0, "stdin is the terminal and we are its foreground group");
		return;
	}
	st = background_child(READ_TTY);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "a background read stops with SIGTTIN");
	st = background_child(READ_TTY_IGNORING);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == EIO,
	      "a background read ignoring SIGTTIN fails with EIO");
	st = background_child(SETPGRP_TTY);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU,
	      "a background tcsetpgrp stops with SIGTTOU");
	st = background_child(SETPGRP_IGNORING);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "ignoring SIGTTOU, a background tcsetpgrp works (and gives it back)");
	CHECK(tcgetpgrp(0) == getpgrp(), "we are in front again");
	st = background_child(SETATTR_TTY);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU,
	      "a background tcsetattr stops with SIGTTOU");
}

int main(void)
{
	struct sigaction sa;

	/* On the host the test runs chrooted without a /proc (t_procfs.c). */
	if (access("/proc/self", F_OK) != 0) {
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", 0, 0) != 0)
			say("t_jobctl: cannot mount /proc\n");
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, 0);
	stop_and_continue();
	pending_cancel();
	set_handler(SIGCHLD, SIG_DFL);
	terminal_rules();
	return check_summary("t_jobctl");
}
