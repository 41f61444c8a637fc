/*
 * t_pty.c - pseudo-terminals, as Linux behaves: posix_openpt, grantpt,
 * unlockpt and ptsname (a locked slave cannot be opened), the slave's
 * default termios, canonical input with echo and erase written to the
 * master, output processing (ONLCR) read from the master, raw mode, the
 * window size set on the master seen on the slave with SIGWINCH, ^Z and
 * ^C written to the master stopping and killing the slave's foreground
 * process group, a controlling terminal got by setsid + open and reached
 * as /dev/tty, the hangup when the master closes (SIGHUP to the session
 * leader, read 0 and write EIO on the slave) and EIO on the master once
 * every slave has closed.
 *
 * Processes hand each other the turn through pipes, never by time.  The
 * host runs it too (with a devpts instance of its own, conformance/
 * shell_tests.py), so every line is the same on Linux and on ours.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int open_master(int *slave)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	char *name;

	if (m < 0 || grantpt(m) < 0)
		return -1;
	name = ptsname(m);
	if (!name || open(name, O_RDWR | O_NOCTTY) >= 0 || errno != EIO)
		return -1;                  /* still locked: EIO */
	if (unlockpt(m) < 0)
		return -1;
	if (slave)
		*slave = open(name, O_RDWR | O_NOCTTY);
	return m;
}

/* Read from fd until n bytes came (a pty hands output over in pieces). */
static int read_n(int fd, char *buf, int n)
{
	int got = 0;

	while (got < n) {
		int r = (int)read(fd, buf + got, (size_t)(n - got));

		if (r <= 0)
			return got;
		got += r;
	}
	return got;
}

static void basics(void)
{
	int s, m = open_master(&s), n, ptn;
	char buf[64], *name = m >= 0 ? ptsname(m) : NULL;
	struct termios t;
	struct pollfd p;

	CHECK(m >= 0 && s >= 0, "posix_openpt, grantpt, a locked slave (EIO), unlockpt, open");
	CHECK(name && !strncmp(name, "/dev/pts/", 9), "ptsname: /dev/pts/N");
	CHECK(ioctl(m, TIOCGPTN, &ptn) == 0 && name && atoi(name + 9) == ptn, "TIOCGPTN agrees");
	CHECK(isatty(s) && isatty(m), "both sides are terminals");
	CHECK(tcgetattr(s, &t) == 0 && (t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG) &&
	      (t.c_oflag & ONLCR) && (t.c_iflag & ICRNL), "the slave starts canonical, echoing, ONLCR");
	CHECK(write(m, "hello\n", 6) == 6, "the master types a line");
	CHECK(read(s, buf, sizeof buf) == 6 && !memcmp(buf, "hello\n", 6), "the slave reads it");
	CHECK(read_n(m, buf, 7) == 7 && !memcmp(buf, "hello\r\n", 7), "the master reads the echo");
	CHECK(write(m, "abc\n", 4) == 4, "another line");
	p = (struct pollfd){ .fd = s, .events = POLLIN };
	CHECK(poll(&p, 1, -1) == 1 && ioctl(s, FIONREAD, &n) == 0 && n == 4,
	      "poll, then FIONREAD on the slave: the line's 4 bytes");
	CHECK(read(s, buf, sizeof buf) == 4 && read_n(m, buf, 5) == 5, "read it and its echo");
	CHECK(write(m, "ab\177c\r", 5) == 5 && read(s, buf, sizeof buf) == 3 && !memcmp(buf, "ac\n", 3),
	      "erase and CR->NL in canonical mode");
	CHECK(read_n(m, buf, 8) == 8 && !memcmp(buf, "ab\b \bc\r\n", 8), "erase echoed as BS SP BS");
	CHECK(write(s, "out\n", 4) == 4, "the slave writes");
	p = (struct pollfd){ .fd = m, .events = POLLIN };
	CHECK(poll(&p, 1, -1) == 1 && (p.revents & POLLIN), "poll: the master is readable");
	CHECK(read_n(m, buf, 5) == 5 && !memcmp(buf, "out\r\n", 5), "ONLCR on the way out");
	cfmakeraw(&t);
	CHECK(tcsetattr(s, TCSANOW, &t) == 0, "raw mode");
	CHECK(write(m, "x\003y", 3) == 3 && read_n(s, buf, 3) == 3 && !memcmp(buf, "x\003y", 3),
	      "raw: bytes as typed, ^C not a signal");
	fcntl(m, F_SETFL, O_NONBLOCK);
	CHECK(read(m, buf, sizeof buf) < 0 && errno == EAGAIN, "raw: no echo");
	close(s);
	CHECK(read(m, buf, sizeof buf) < 0 && errno == EIO, "every slave closed: the master reads EIO");
	close(m);
	CHECK(open(name ? name : "/dev/pts/x", O_RDWR | O_NOCTTY) < 0, "the pair is gone");
}

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

/* A child in a session of its own with the slave as its controlling tty;
 * fn runs there and its result is the child's exit status. */
static int in_session(int m, int (*fn)(int slave, int ready))
{
	int ready[2], st;
	char c;
	pid_t pid;

	if (pipe(ready) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		int s;

		close(ready[0]);
		setsid();
		s = open(ptsname(m), O_RDWR);   /* no O_NOCTTY: our controlling tty */
		close(m);
		_exit(s < 0 ? 100 : fn(s, ready[1]));
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)   /* set up */
		c = 0;
	if (c == 'h')
		close(m);                   /* the hangup test */
	else if (c == 'w') {
		struct winsize ws = { .ws_row = 33, .ws_col = 99 };

		ioctl(m, TIOCSWINSZ, &ws);
	} else if (c == 'j') {
		char z = 032, i = 003;

		write(m, &z, 1);            /* ^Z */
		if (read(ready[0], &c, 1) != 1)  /* stopped and continued */
			c = 0;
		write(m, &i, 1);            /* ^C */
	}
	close(ready[0]);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int winch_child(int s, int ready)
{
	struct winsize ws;
	sigset_t block, old;

	signal(SIGWINCH, on_winch);
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &old);
	write(ready, "w", 1);
	while (!winch)
		sigsuspend(&old);
	return ioctl(s, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 33 && ws.ws_col == 99 ? 7 : 1;
}

/* The session leader puts a child in front; the master's ^Z stops it,
 * ^C (after a SIGCONT) kills it.  Exit 7 if both happened. */
static int job_child(int s, int ready)
{
	int st, ok;
	pid_t g = fork();

	if (g == 0) {                   /* in front before it reads (SIGTTOU ignored) */
		char c;

		setpgid(0, 0);
		tcsetpgrp(s, getpid());
		write(ready, "j", 1);
		for (;;)
			read(s, &c, 1);
	}
	ok = waitpid(g, &st, WUNTRACED) == g && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP;
	kill(g, SIGCONT);
	write(ready, "c", 1);           /* the parent sends ^C now */
	ok = ok && waitpid(g, &st, 0) == g && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT;
	if (!ok)
		kill(g, SIGKILL);
	return ok ? 7 : 1;
}

/* /dev/tty is the pty; then the master closes and we get SIGHUP. */
static int hup_child(int s, int ready)
{
	int t = open("/dev/tty", O_RDWR);

	(void)s;
	if (t < 0 || !isatty(t))
		return 2;
	write(ready, "h", 1);
	for (;;)
		pause();
}

static void sessions(void)
{
	int s, m = open_master(NULL), st;
	char buf[8];

	(void)s;
	st = in_session(m, winch_child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "TIOCSWINSZ on the master: SIGWINCH, the slave sees it");
	st = in_session(m, job_child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "^Z stops the foreground group, ^C kills it");
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	st = in_session(m, hup_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP, "master closed: SIGHUP to the session leader");
	CHECK(read(s, buf, sizeof buf) == 0, "a hung-up slave reads end of file");
	CHECK(write(s, "x", 1) < 0 && errno == EIO, "and cannot be written: EIO");
	close(s);
}

int main(void)
{
	signal(SIGTTOU, SIG_IGN);
	basics();
	sessions();
	return check_summary("t_pty");
}
