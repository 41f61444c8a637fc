/*
 * t_async.c - the kernel telling a process about its files with SIGIO.
 *
 * File leases (fcntl F_SETLEASE, F_GETLEASE) with Linux's rules: only on
 * regular files; a read lease only where nobody has the file open for
 * writing (so not on an O_RDWR descriptor); a write lease only for the
 * only open description; EAGAIN otherwise.  And lease breaks: a
 * conflicting open or truncate(2) by another process sends the holder
 * SIGIO (with F_SETSIG: si_code POLL_MSG, si_fd, si_band) and waits until
 * the holder gives the lease up (a reader only until it is downgraded to a
 * read lease); with O_NONBLOCK it fails with EWOULDBLOCK.  Nothing waits on
 * time: the holder releases when its signal comes.
 *
 * Signal-driven I/O: fcntl(F_SETFL, O_ASYNC) or ioctl FIOASYNC with
 * F_SETOWN makes input arriving on a pipe, a UDP socket, a TCP connection
 * (and a connection arriving at a listener) send SIGIO to the owner, and
 * space freed in a full pipe too; F_SETSIG's signal instead carries
 * si_code POLL_IN/POLL_OUT, si_fd and si_band; an owner other than the
 * writer gets it; without O_ASYNC nothing is sent.  SIGIO stays blocked
 * and is taken with sigsuspend, sigwaitinfo or looked at with sigpending,
 * so nothing depends on when a handler would run.  si_fd is checked where
 * F_SETSIG names SIGIO itself: the host's qemu-i386 passes si_fd on only
 * for SIGIO.
 *
 * Run as /usr/bin/t_async.  Prints the same lines on Linux (the host runs
 * it under qemu-i386) as on our kernel.  `t_async tty` checks the terminal
 * (someone must type a line).
 */
#define _GNU_SOURCE
#include "check.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* ==== leases ==== */

#define FILE_NAME "/tmp/t_lease.file"

static volatile sig_atomic_t sigio_count, last_code, last_fd, last_band;

static void on_sigio(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	sigio_count++;
	last_code = si->si_code;
	last_fd = si->si_fd;
	last_band = (int)si->si_band;
}

/* Wait (signals blocked outside) until the count passes `seen`. */
static void wait_sigio(int seen)
{
	sigset_t none;

	sigemptyset(&none);
	while (sigio_count == seen)
		sigsuspend(&none);
}

/* A child that does `what` to the file and exits 0 if it got `want`
 * (an errno, or 0 for success). */
static pid_t breaker(const char *what, int flags, int want)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc = strcmp(what, "truncate") == 0 ? truncate(FILE_NAME, 0)
		                                      : open(FILE_NAME, flags);

		_exit((rc < 0 ? errno : 0) == want ? 0 : 1);
	}
	return pid;
}

static int child_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_rules(void)
{
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644), fd2, p[2];

	write(fd, "leased\n", 7);
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK, "F_GETLEASE without a lease: F_UNLCK");
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) < 0 && errno == EAGAIN,
	      "read lease on an O_RDWR descriptor: EAGAIN");
	CHECK(fcntl(fd, F_SETLEASE, F_UNLCK) < 0 && errno == EAGAIN,
	      "F_UNLCK without a lease: EAGAIN");
	close(fd);
	fd = open(FILE_NAME, O_RDONLY);
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) == 0 && fcntl(fd, F_GETLEASE) == F_RDLCK,
	      "read lease on an O_RDONLY descriptor");
	fd2 = open(FILE_NAME, O_RDONLY);
	CHECK(fd2 >= 0, "another open for reading does not wait for a read lease");
	CHECK(fcntl(fd2, F_SETLEASE, F_RDLCK) == 0, "two read leases on one file");
	CHECK(fcntl(fd, F_SETLEASE, F_WRLCK) < 0 && errno == EAGAIN,
	      "write lease while the file is open elsewhere: EAGAIN");
	close(fd2);
	CHECK(fcntl(fd, F_SETLEASE, F_WRLCK) == 0 && fcntl(fd, F_GETLEASE) == F_WRLCK,
	      "upgrade to a write lease once the only open");
	CHECK(fcntl(fd, F_SETLEASE, 7) < 0 && errno == EINVAL, "F_SETLEASE 7: EINVAL");
	CHECK(fcntl(fd, F_SETLEASE, F_UNLCK) == 0 && fcntl(fd, F_GETLEASE) == F_UNLCK,
	      "F_UNLCK gives it up");
	close(fd);
	pipe(p);
	CHECK(fcntl(p[0], F_SETLEASE, F_RDLCK) < 0 && errno == EINVAL,
	      "lease on a pipe: EINVAL");
	close(p[0]);
	close(p[1]);
}

static void test_breaks(void)
{
	int fd = open(FILE_NAME, O_RDONLY), seen;
	pid_t pid;

	/* A reader with O_NONBLOCK breaks a write lease down to a read one. */
	fcntl(fd, F_SETLEASE, F_WRLCK);
	seen = sigio_count;
	pid = breaker("open", O_RDONLY | O_NONBLOCK, EWOULDBLOCK);
	CHECK(child_ok(pid), "O_NONBLOCK reader against a write lease: EWOULDBLOCK");
	wait_sigio(seen);
	CHECK(last_code == SI_KERNEL, "without F_SETSIG the break is a plain SIGIO");
	CHECK(fcntl(fd, F_GETLEASE) == F_RDLCK, "F_GETLEASE says what the break waits for: F_RDLCK");
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) == 0 && fcntl(fd, F_GETLEASE) == F_RDLCK,
	      "the holder downgrades to a read lease");
	seen = sigio_count;
	pid = breaker("open", O_RDONLY | O_NONBLOCK, 0);
	CHECK(child_ok(pid) && sigio_count == seen, "a reader opens past a read lease, no signal");

	/* A blocking writer waits until the holder gives the lease up. */
	fcntl(fd, F_SETSIG, SIGIO);
	seen = sigio_count;
	pid = breaker("open", O_WRONLY, 0);
	wait_sigio(seen);
	CHECK(last_code == POLL_MSG && last_fd == fd && last_band == (POLLIN | POLLRDNORM | POLLMSG),
	      "with F_SETSIG: si_code POLL_MSG, si_fd, si_band");
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK, "a writer's break waits for F_UNLCK");
	fcntl(fd, F_SETLEASE, F_UNLCK);
	CHECK(child_ok(pid), "the writer's open returns once the lease is given up");

	/* truncate(2) breaks a read lease. */
	fcntl(fd, F_SETLEASE, F_RDLCK);
	seen = sigio_count;
	pid = breaker("truncate", 0, 0);
	wait_sigio(seen);
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK, "truncate breaks a read lease");
	fcntl(fd, F_SETLEASE, F_UNLCK);
	CHECK(child_ok(pid), "truncate returns once the lease is given up");

	/* The last close ends the lease. */
	fcntl(fd, F_SETLEASE, F_RDLCK);
	close(fd);
	pid = breaker("open", O_WRONLY | O_NONBLOCK, 0);
	CHECK(child_ok(pid), "no lease after the holder's close");
	unlink(FILE_NAME);
}

static void test_leases(void)
{
	struct sigaction sa;
	sigset_t io;
	char buf[16] = "";
	int fd;

	if (access("/proc/self", F_OK) != 0) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, 0);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigio;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGIO, &sa, 0);
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	sigprocmask(SIG_BLOCK, &io, 0);
	test_rules();
	test_breaks();
	fd = open("/proc/sys/fs/lease-break-time", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf - 1) > 0 && strcmp(buf, "45\n") == 0,
	      "/proc/sys/fs/lease-break-time: 45");
	close(fd);
}

/* ==== signal-driven I/O ==== */

static sigset_t io_set;

static int is_pending(int sig)
{
	sigset_t s;

	sigpending(&s);
	return sigismember(&s, sig);
}

/* Take a pending (or the next) SIGIO-like signal sig. */
static int take(int sig, siginfo_t *si)
{
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	return sigwaitinfo(&one, si);
}

/* Take every pending sig. */
static void drain(int sig)
{
	struct timespec zero = { 0, 0 };
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	while (sigtimedwait(&one, 0, &zero) == sig)
		;
}

static void async_on(int fd, int on)
{
	fcntl(fd, F_SETOWN, getpid());
	fcntl(fd, F_SETFL, on ? fcntl(fd, F_GETFL) | O_ASYNC : fcntl(fd, F_GETFL) & ~O_ASYNC);
}

static void test_pipe(void)
{
	int p[2], on = 1;
	siginfo_t si;
	char buf[4096];

	pipe(p);
	async_on(p[0], 1);
	CHECK(fcntl(p[0], F_GETFL) & O_ASYNC, "F_SETFL O_ASYNC shows in F_GETFL");
	CHECK(fcntl(p[0], F_GETOWN) == getpid(), "F_GETOWN is the owner");
	CHECK(!is_pending(SIGIO), "no SIGIO before input");
	write(p[1], "x", 1);
	CHECK(is_pending(SIGIO) && take(SIGIO, &si) == SIGIO && si.si_code == SI_KERNEL,
	      "pipe input: SIGIO (SI_KERNEL without F_SETSIG)");
	read(p[0], buf, sizeof buf);

	fcntl(p[0], F_SETSIG, SIGUSR1);
	write(p[1], "y", 1);
	CHECK(fcntl(p[0], F_GETSIG) == SIGUSR1 && take(SIGUSR1, &si) == SIGUSR1 &&
	      si.si_code == POLL_IN && si.si_band == (POLLIN | POLLRDNORM),
	      "F_SETSIG SIGUSR1: that signal, with si_code POLL_IN and si_band");
	read(p[0], buf, sizeof buf);
	fcntl(p[0], F_SETSIG, SIGIO);
	write(p[1], "y", 1);
	CHECK(take(SIGIO, &si) == SIGIO && si.si_code == POLL_IN && si.si_fd == p[0] &&
	      si.si_band == (POLLIN | POLLRDNORM),
	      "F_SETSIG SIGIO: si_code POLL_IN, si_fd, si_band");
	read(p[0], buf, sizeof buf);
	fcntl(p[0], F_SETSIG, 0);

	async_on(p[0], 0);
	write(p[1], "z", 1);
	CHECK(!(fcntl(p[0], F_GETFL) & O_ASYNC) && !is_pending(SIGIO),
	      "O_ASYNC cleared: no SIGIO");
	read(p[0], buf, sizeof buf);
	ioctl(p[0], FIOASYNC, &on);
	write(p[1], "w", 1);
	CHECK((fcntl(p[0], F_GETFL) & O_ASYNC) && take(SIGIO, &si) == SIGIO,
	      "ioctl FIOASYNC sets O_ASYNC: SIGIO");
	read(p[0], buf, sizeof buf);
	on = 0;
	ioctl(p[0], FIOASYNC, &on);

	/* A full pipe's writer hears when a read makes room. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	memset(buf, 'f', sizeof buf);
	while (write(p[1], buf, sizeof buf) > 0)
		;
	fcntl(p[1], F_SETSIG, SIGIO);
	async_on(p[1], 1);
	while (read(p[0], buf, sizeof buf) == sizeof buf && is_pending(SIGIO) == 0)
		;
	CHECK(take(SIGIO, &si) == SIGIO && si.si_code == POLL_OUT && si.si_fd == p[1] &&
	      (si.si_band & POLLOUT),
	      "room in a full pipe: POLL_OUT to the writer's owner");
	/* Linux signals for every read (and the close) on the way; how many
	 * of those are left pending is not what this tests. */
	async_on(p[1], 0);
	drain(SIGIO);
	close(p[0]);
	close(p[1]);
}

/* The owner need not be the writer: a child owns the read end. */
static void test_other_owner(void)
{
	int p[2], ready[2], st;
	pid_t pid;
	char c;

	pipe(p);
	pipe(ready);
	pid = fork();
	if (pid == 0) {
		siginfo_t si;

		write(ready[1], "r", 1);
		_exit(take(SIGIO, &si) == SIGIO ? 0 : 1);
	}
	read(ready[0], &c, 1);
	fcntl(p[0], F_SETOWN, pid);
	fcntl(p[0], F_SETFL, O_ASYNC);
	write(p[1], "x", 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	      !is_pending(SIGIO), "F_SETOWN another process: it gets the SIGIO, not the writer");
	close(p[0]);
	close(p[1]);
	close(ready[0]);
	close(ready[1]);
}

static struct sockaddr_in bound(int s)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)&a, sizeof a);
	getsockname(s, (struct sockaddr *)&a, &len);
	return a;
}

static void test_udp(void)
{
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = bound(rx);
	siginfo_t si;
	char buf[16];

	fcntl(rx, F_SETSIG, SIGIO);
	async_on(rx, 1);
	sendto(tx, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a);
	CHECK(take(SIGIO, &si) == SIGIO && si.si_code == POLL_IN && si.si_fd == rx,
	      "UDP datagram: SIGIO POLL_IN");
	CHECK(recv(rx, buf, sizeof buf, 0) == 5, "... and the datagram is there");
	sendto(tx, "again", 5, 0, (struct sockaddr *)&a, sizeof a);
	CHECK(take(SIGIO, &si) == SIGIO && recv(rx, buf, sizeof buf, 0) == 5,
	      "UDP: a second datagram after draining, a second SIGIO");
	close(rx);
	close(tx);
}

static void test_tcp(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0), s;
	struct sockaddr_in a = bound(l);
	siginfo_t si;
	char buf[16];

	listen(l, 1);
	fcntl(l, F_SETSIG, SIGIO);
	async_on(l, 1);
	connect(c, (struct sockaddr *)&a, sizeof a);
	CHECK(take(SIGIO, &si) == SIGIO && si.si_fd == l, "TCP listener: SIGIO for a connection");
	s = accept(l, 0, 0);
	fcntl(s, F_SETSIG, SIGIO);
	async_on(s, 1);
	write(c, "stream", 6);
	/* The listener may have more to say; the connection's signal names s. */
	while (take(SIGIO, &si) == SIGIO && si.si_fd != s)
		;
	CHECK(si.si_fd == s && si.si_code == POLL_IN, "TCP data: SIGIO POLL_IN for the connection");
	CHECK(read(s, buf, sizeof buf) == 6, "... and the data is there");
	close(s);
	close(c);
	close(l);
}

static void test_sigio(void)
{
	sigemptyset(&io_set);
	sigaddset(&io_set, SIGIO);
	sigaddset(&io_set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &io_set, 0);
	test_pipe();
	test_other_owner();
	test_udp();
	test_tcp();
}

/* `t_async tty` (conformance/system/console_keys.sh, where the runner
 * types a line once asked): SIGIO when a whole line reaches the terminal. */
static int tty_sigio(void)
{
	int flags = fcntl(0, F_GETFL), n;
	siginfo_t si;
	char line[64];

	sigemptyset(&io_set);
	sigaddset(&io_set, SIGIO);
	sigprocmask(SIG_BLOCK, &io_set, 0);
	fcntl(0, F_SETOWN, getpid());
	fcntl(0, F_SETSIG, SIGIO);
	fcntl(0, F_SETFL, flags | O_ASYNC);
	say("tty: type a line\n");
	CHECK(take(SIGIO, &si) == SIGIO && si.si_code == POLL_IN && si.si_fd == 0,
	      "a line at the terminal: SIGIO POLL_IN for fd 0");
	n = read(0, line, sizeof line - 1);
	line[n > 0 ? n : 0] = 0;
	CHECK(strcmp(line, "a line for SIGIO\n") == 0, "... and the line is there to read");
	fcntl(0, F_SETFL, flags);
	fcntl(0, F_SETSIG, 0);
	return check_summary("t_async tty");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "tty") == 0)
		return tty_sigio();
	test_leases();
	test_sigio();
	return check_summary("t_async");
}
