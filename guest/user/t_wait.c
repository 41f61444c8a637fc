/*
 * t_wait.c - waitid and pidfds: waitid's checks of its arguments, what it
 * fills in the siginfo for a child that exited, was killed, stopped or
 * continued, WNOWAIT leaving the child waitable (for waitid and for
 * waitpid after it), WNOHANG with nothing to report, P_PGID and the
 * rusage argument; pidfd_open's checks, its close-on-exec and O_NONBLOCK
 * files, poll on a pidfd (POLLIN once the process has ended, POLLHUP too
 * once it is reaped), waitid's P_PIDFD (EAGAIN on a non-blocking pidfd)
 * and pidfd_send_signal with kill's rules (sig 0, permission, ESRCH after
 * the reap, also through an open /proc/<pid>); /proc/sys/kernel/ns_last_pid
 * (read, and writes that fail); 300 children at once.
 *
 * Every wait is on an event (waitid, a pipe, poll without a timeout),
 * never on time; nothing printed depends on pids.  The calls glibc has no
 * wrapper for, and waitid with its fifth (rusage) argument, go through
 * syscall(2).  Run as root (a child becomes nobody for the permission
 * check); prints the same lines on Linux.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define NR_PIDFD_SEND_SIGNAL 424         /* i386 */
#define NR_PIDFD_OPEN        434
#define NOBODY               65534

static long xwaitid(int idtype, int id, siginfo_t *si, int options, struct rusage *ru)
{
	return syscall(SYS_waitid, idtype, id, si, options, ru);
}

static int xpidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(NR_PIDFD_OPEN, pid, flags);
}

static int xpidfd_send_signal(int fd, int sig, siginfo_t *info, unsigned flags)
{
	return (int)syscall(NR_PIDFD_SEND_SIGNAL, fd, sig, info, flags);
}

/* A failure with this errno. */
static int fails(long r, int err)
{
	return r == -1 && errno == err;
}

/* Did waitid report this child, code and status, filled as Linux does? */
static int si_is(const siginfo_t *si, pid_t pid, int code, int status)
{
	return si->si_signo == SIGCHLD && si->si_errno == 0 && si->si_code == code &&
	       si->si_pid == pid && si->si_uid == getuid() && si->si_status == status;
}

/* A report of nothing: waitid zeroes what it would have filled. */
static int si_empty(const siginfo_t *si)
{
	return si->si_signo == 0 && si->si_code == 0 && si->si_pid == 0 &&
	       si->si_status == 0;
}

static void si_scribble(siginfo_t *si)
{
	memset(si, 0x5a, sizeof(*si));
}

static pid_t child_exiting(int code)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	return pid;
}

/* A child that waits for signals, with their default actions. */
static pid_t child_pausing(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		for (;;)
			pause();
	}
	return pid;
}

/* A child that exits with `code` once the pipe's write end (*wr, which
 * the parent keeps) is closed. */
static pid_t child_until_eof(int *wr, int code)
{
	int fds[2];
	char c;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(code);
	}
	close(fds[0]);
	*wr = fds[1];
	return pid;
}

static void bad_arguments(void)
{
	siginfo_t si;

	si_scribble(&si);
	CHECK(fails(xwaitid(P_ALL, 0, &si, 0, 0), EINVAL),
	      "waitid without WEXITED, WSTOPPED or WCONTINUED: EINVAL");
	CHECK(si_empty(&si), "... and the siginfo is zeroed all the same");
	CHECK(fails(xwaitid(P_ALL, 0, &si, WNOWAIT | WNOHANG, 0), EINVAL),
	      "waitid with only WNOWAIT and WNOHANG: EINVAL");
	CHECK(fails(xwaitid(P_ALL, 0, &si, WEXITED | 0x10, 0), EINVAL),
	      "waitid with an unknown option bit: EINVAL");
	CHECK(fails(xwaitid(4, 0, &si, WEXITED, 0), EINVAL), "waitid idtype 4: EINVAL");
	CHECK(fails(xwaitid(-1, 0, &si, WEXITED, 0), EINVAL), "waitid idtype -1: EINVAL");
	CHECK(fails(xwaitid(P_PID, 0, &si, WEXITED, 0), EINVAL), "waitid P_PID 0: EINVAL");
	CHECK(fails(xwaitid(P_PID, -5, &si, WEXITED, 0), EINVAL), "waitid P_PID -5: EINVAL");
	CHECK(fails(xwaitid(P_PGID, -1, &si, WEXITED, 0), EINVAL), "waitid P_PGID -1: EINVAL");
	CHECK(fails(xwaitid(P_PIDFD, -1, &si, WEXITED, 0), EINVAL), "waitid P_PIDFD -1: EINVAL");
	CHECK(fails(waitpid(-1, 0, WNOHANG | WNOWAIT), EINVAL),
	      "waitpid with waitid's WNOWAIT: EINVAL");
	CHECK(fails(waitpid(-1, 0, WNOHANG | WEXITED), EINVAL),
	      "waitpid with waitid's WEXITED: EINVAL");
}

static void no_children(void)
{
	siginfo_t si;

	CHECK(fails(xwaitid(P_ALL, 0, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid P_ALL without children: ECHILD");
	CHECK(fails(xwaitid(P_PID, getppid(), &si, WEXITED, 0), ECHILD),
	      "waitid P_PID of our parent: ECHILD");
	CHECK(fails(xwaitid(P_PGID, 0, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid P_PGID 0 without children: ECHILD");
}

static void exited(void)
{
	struct rusage ru;
	siginfo_t si;
	pid_t pid = child_exiting(7);
	int st = 0;

	si_scribble(&si);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_EXITED, 7),
	      "waitid WNOWAIT: SIGCHLD, CLD_EXITED, the pid, our uid, status 7");
	si_scribble(&si);
	CHECK(xwaitid(P_ALL, 0, &si, WEXITED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_EXITED, 7), "WNOWAIT left it: P_ALL reports it again");
	CHECK(fails(xwaitid(P_PID, pid, &si, WSTOPPED | WCONTINUED | WNOHANG, 0), ECHILD),
	      "without WEXITED an exited child is none to wait for: ECHILD");
	memset(&ru, 0xff, sizeof ru);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED, &ru) == 0 && si_is(&si, pid, CLD_EXITED, 7),
	      "waitid WEXITED with an rusage collects it");
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
	      ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000,
	      "... and fills the rusage's times");
	CHECK(fails(xwaitid(P_PID, pid, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "once collected: ECHILD");

	pid = child_exiting(0x1ff);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_EXITED, 0xff),
	      "si_status is the low 8 bits of the exit code");

	pid = child_exiting(3);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WNOWAIT, 0) == 0 &&
	      waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	      "after waitid WNOWAIT, waitpid collects the child");

	pid = child_exiting(4);
	CHECK(xwaitid(P_PID, pid, 0, WEXITED, 0) == 0 &&
	      fails(xwaitid(P_PID, pid, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid with a null siginfo collects the child");
}

static void killed(void)
{
	siginfo_t si;
	pid_t pid = child_pausing();

	si_scribble(&si);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WNOHANG, 0) == 0 && si_empty(&si),
	      "WNOHANG on a running child: 0, the siginfo zeroed");
	kill(pid, SIGTERM);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_KILLED, SIGTERM),
	      "killed by SIGTERM: CLD_KILLED, si_status SIGTERM");

	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0);       /* no core dump on the host */
		signal(SIGQUIT, SIG_DFL);
		raise(SIGQUIT);
		_exit(90);
	}
	CHECK(xwaitid(P_ALL, 0, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_KILLED, SIGQUIT),
	      "SIGQUIT without a core dump: CLD_KILLED, si_status SIGQUIT");
}

static void stopped(void)
{
	siginfo_t si;
	pid_t pid = child_pausing();
	int st = 0;

	kill(pid, SIGSTOP);
	CHECK(xwaitid(P_PID, pid, &si, WSTOPPED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_STOPPED, SIGSTOP),
	      "waitid WSTOPPED|WNOWAIT: CLD_STOPPED, si_status SIGSTOP");
	CHECK(xwaitid(P_PID, pid, &si, WSTOPPED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_STOPPED, SIGSTOP), "WNOWAIT left the stop to report");
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "waitpid WUNTRACED reports it then");
	si_scribble(&si);
	CHECK(xwaitid(P_PID, pid, &si, WSTOPPED | WNOHANG, 0) == 0 && si_empty(&si),
	      "the stop is reported once");
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WNOHANG, 0) == 0 && si_empty(&si),
	      "a stopped child has not exited");
	kill(pid, SIGCONT);
	CHECK(xwaitid(P_PID, pid, &si, WCONTINUED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_CONTINUED, SIGCONT),
	      "waitid WCONTINUED|WNOWAIT: CLD_CONTINUED, si_status SIGCONT");
	CHECK(xwaitid(P_PID, pid, &si, WCONTINUED, 0) == 0 &&
	      si_is(&si, pid, CLD_CONTINUED, SIGCONT), "waitid WCONTINUED reports it");
	si_scribble(&si);
	CHECK(xwaitid(P_PID, pid, &si, WCONTINUED | WNOHANG, 0) == 0 && si_empty(&si),
	      "the continue is reported once");
	kill(pid, SIGSTOP);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WSTOPPED, 0) == 0 &&
	      si_is(&si, pid, CLD_STOPPED, SIGSTOP), "WEXITED|WSTOPPED reports a stop");
	kill(pid, SIGKILL);
	CHECK(xwaitid(P_PID, pid, &si, WEXITED | WSTOPPED, 0) == 0 &&
	      si_is(&si, pid, CLD_KILLED, SIGKILL), "... and SIGKILL ending the stopped child");
}

static void process_groups(void)
{
	siginfo_t si;
	int wr = -1;
	pid_t pid = child_until_eof(&wr, 5);

	setpgid(pid, pid);
	CHECK(fails(xwaitid(P_PGID, 0, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid P_PGID 0: a child in another group does not count");
	CHECK(xwaitid(P_PGID, pid, &si, WEXITED | WNOHANG, 0) == 0 && si_empty(&si),
	      "waitid P_PGID of its group while it runs: 0");
	close(wr);
	CHECK(xwaitid(P_PGID, pid, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_EXITED, 5),
	      "waitid P_PGID of its group collects it");
}

static void *thread_pidfd(void *arg)
{
	int fd = xpidfd_open((pid_t)syscall(SYS_gettid), 0);

	*(int *)arg = fd < 0 ? errno : 0;
	return 0;
}

static void pidfd_open_checks(void)
{
	pthread_t t;
	int fd, err = -1;
	char c = 0;
	pid_t pid = child_exiting(0);

	waitpid(pid, 0, 0);
	CHECK(fails(xpidfd_open(pid, 0), ESRCH), "pidfd_open of a collected child: ESRCH");
	CHECK(fails(xpidfd_open(0, 0), EINVAL), "pidfd_open pid 0: EINVAL");
	CHECK(fails(xpidfd_open(-1, 0), EINVAL), "pidfd_open pid -1: EINVAL");
	CHECK(fails(xpidfd_open(getpid(), 1), EINVAL), "pidfd_open flags 1: EINVAL");
	CHECK(fails(xpidfd_open(getpid(), O_CLOEXEC), EINVAL), "pidfd_open O_CLOEXEC: EINVAL");
	fd = xpidfd_open(getpid(), 0);
	CHECK(fd >= 0, "pidfd_open of ourselves");
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "a pidfd is close-on-exec");
	CHECK(fcntl(fd, F_GETFL) == O_RDWR, "... O_RDWR, blocking");
	CHECK(fails(read(fd, &c, 1), EINVAL), "read of a pidfd: EINVAL");
	CHECK(fails(write(fd, &c, 1), EINVAL), "write of a pidfd: EINVAL");
	close(fd);
	fd = xpidfd_open(getpid(), O_NONBLOCK);
	CHECK(fd >= 0 && fcntl(fd, F_GETFL) == (O_RDWR | O_NONBLOCK),
	      "pidfd_open O_NONBLOCK: a non-blocking pidfd");
	close(fd);
	if (pthread_create(&t, 0, thread_pidfd, &err) == 0)
		pthread_join(t, 0);
	CHECK(err == ENOENT, "pidfd_open of a thread that does not lead its group: ENOENT");
}

static void pidfd_wait_and_poll(void)
{
	struct pollfd pfd;
	siginfo_t si;
	int wr = -1, fd, pfds[2];
	pid_t pid = child_until_eof(&wr, 4);

	fd = xpidfd_open(pid, 0);
	CHECK(fd >= 0, "pidfd_open of a child");
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 0) == 0, "poll: a running process is not readable");
	si_scribble(&si);
	CHECK(xwaitid(P_PIDFD, fd, &si, WEXITED | WNOHANG, 0) == 0 && si_empty(&si),
	      "waitid P_PIDFD WNOHANG while it runs: 0");
	close(wr);
	CHECK(poll(&pfd, 1, -1) == 1 && pfd.revents == POLLIN,
	      "poll: POLLIN once it has exited");
	CHECK(xwaitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT, 0) == 0 &&
	      si_is(&si, pid, CLD_EXITED, 4), "waitid P_PIDFD WNOWAIT reports the exit");
	CHECK(xpidfd_send_signal(fd, 0, 0, 0) == 0,
	      "pidfd_send_signal 0 to an exited, uncollected child: 0");
	CHECK(xpidfd_send_signal(fd, SIGTERM, 0, 0) == 0,
	      "pidfd_send_signal SIGTERM to it: 0 (lost)");
	CHECK(kill(pid, 0) == 0, "kill 0 to it: 0");
	CHECK(xwaitid(P_PIDFD, fd, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_EXITED, 4),
	      "waitid P_PIDFD collects it");
	CHECK(poll(&pfd, 1, -1) == 1 && pfd.revents == (POLLIN | POLLHUP),
	      "poll after the collection: POLLIN and POLLHUP");
	CHECK(fails(xwaitid(P_PIDFD, fd, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid P_PIDFD once collected: ECHILD");
	CHECK(fails(xpidfd_send_signal(fd, 0, 0, 0), ESRCH),
	      "pidfd_send_signal once collected: ESRCH");
	CHECK(fails(xpidfd_send_signal(fd, 99, 0, 0), ESRCH),
	      "... before the signal number is looked at");
	close(fd);

	fd = xpidfd_open(getppid(), 0);
	CHECK(fails(xwaitid(P_PIDFD, fd, &si, WEXITED | WNOHANG, 0), ECHILD),
	      "waitid P_PIDFD of our parent: ECHILD");
	close(fd);
	if (pipe(pfds) < 0)
		return;
	CHECK(fails(xwaitid(P_PIDFD, pfds[0], &si, WEXITED, 0), EBADF),
	      "waitid P_PIDFD of a pipe: EBADF");
	close(pfds[1]);
	CHECK(fails(xwaitid(P_PIDFD, pfds[1], &si, WEXITED, 0), EBADF),
	      "waitid P_PIDFD of a closed fd: EBADF");
	close(pfds[0]);

	pid = child_until_eof(&wr, 6);
	fd = xpidfd_open(pid, O_NONBLOCK);
	CHECK(fails(xwaitid(P_PIDFD, fd, &si, WEXITED, 0), EAGAIN),
	      "waitid P_PIDFD of a non-blocking pidfd while it runs: EAGAIN");
	close(wr);
	pfd.fd = fd;
	CHECK(poll(&pfd, 1, -1) == 1 && xwaitid(P_PIDFD, fd, &si, WEXITED, 0) == 0 &&
	      si_is(&si, pid, CLD_EXITED, 6), "... and once it has exited, its exit");
	close(fd);
}

static int usr1_fd;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	char c = si->si_code == SI_USER && si->si_pid == getppid() &&
	         si->si_uid == getuid() ? 'u' : 'x';

	(void)sig;
	(void)ctx;
	if (write(usr1_fd, &c, 1) != 1)
		_exit(91);
}

/* A child that reports each SIGUSR1 on the pipe: 'u' if it came from
 * its parent with SI_USER; 'r' first, once the handler is in place. */
static pid_t child_usr1(int *rd)
{
	struct sigaction sa;
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_usr1;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, 0);
		usr1_fd = fds[1];
		if (write(fds[1], "r", 1) != 1)
			_exit(92);
		for (;;)
			pause();
	}
	close(fds[1]);
	*rd = fds[0];
	return pid;
}

static char read_byte(int fd)
{
	char c = 0;

	return read(fd, &c, 1) == 1 ? c : 0;
}

static void send_signal(void)
{
	siginfo_t si, info;
	int rd = -1, fd, pfds[2], st = 0;
	pid_t pid = child_usr1(&rd);

	fd = xpidfd_open(pid, 0);
	CHECK(read_byte(rd) == 'r' && fd >= 0, "a child with a SIGUSR1 handler, and its pidfd");
	CHECK(xpidfd_send_signal(fd, 0, 0, 0) == 0, "pidfd_send_signal 0: it exists");
	CHECK(fails(xpidfd_send_signal(fd, 0, 0, 8), EINVAL), "pidfd_send_signal flags 8: EINVAL");
	CHECK(fails(xpidfd_send_signal(fd, 65, 0, 0), EINVAL),
	      "pidfd_send_signal signal 65: EINVAL");
	memset(&info, 0, sizeof info);
	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	CHECK(fails(xpidfd_send_signal(fd, SIGUSR1, &info, 0), EINVAL),
	      "pidfd_send_signal with a siginfo of another signal: EINVAL");
	CHECK(xpidfd_send_signal(fd, SIGUSR1, 0, 0) == 0 && read_byte(rd) == 'u',
	      "pidfd_send_signal SIGUSR1: the handler sees SI_USER, our pid and uid");
	if (pipe(pfds) == 0) {
		CHECK(fails(xpidfd_send_signal(pfds[0], 0, 0, 0), EBADF),
		      "pidfd_send_signal on a pipe: EBADF");
		close(pfds[0]);
		close(pfds[1]);
		CHECK(fails(xpidfd_send_signal(pfds[0], 0, 0, 0), EBADF),
		      "pidfd_send_signal on a closed fd: EBADF");
	}
	CHECK(xpidfd_send_signal(fd, SIGKILL, 0, 0) == 0 &&
	      xwaitid(P_PIDFD, fd, &si, WEXITED, 0) == 0 && si_is(&si, pid, CLD_KILLED, SIGKILL),
	      "pidfd_send_signal SIGKILL ends it");
	close(fd);
	close(rd);

	/* kill's permission rule: nobody may not signal root's process */
	pid = fork();
	if (pid == 0) {
		int pfd = xpidfd_open(getppid(), 0);

		if (pfd < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
			_exit(93);
		_exit(fails(xpidfd_send_signal(pfd, 0, 0, 0), EPERM) ? 0 : 94);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "pidfd_send_signal from nobody to root's process: EPERM");
}

static volatile int queued_value, queued_code;

static void on_queued(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	queued_value = si->si_value.sival_int;
	queued_code = si->si_code;
}

/* A /proc/<pid> directory opened is a pidfd too, and a siginfo goes
 * along as rt_sigqueueinfo's does (to oneself any code; to another
 * process not a kernel one). */
static void proc_dir_pidfd(void)
{
	struct sigaction sa = { .sa_sigaction = on_queued, .sa_flags = SA_SIGINFO };
	int self = open("/proc/self", O_DIRECTORY | O_CLOEXEC);
	int init = open("/proc/1", O_DIRECTORY | O_CLOEXEC);
	int file = open("/proc/self/status", O_RDONLY);
	siginfo_t si;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, 0);
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_value.sival_int = 4242;
	CHECK(xpidfd_send_signal(self, SIGUSR1, &si, 0) == 0 && queued_value == 4242 &&
	      queued_code == SI_QUEUE, "pidfd_send_signal on /proc/self: the siginfo's value arrives");
	CHECK(fails(xpidfd_send_signal(self, SIGUSR2, &si, 0), EINVAL),
	      "a siginfo for another signal = EINVAL");
	si.si_code = SI_USER;
	CHECK(fails(xpidfd_send_signal(init, SIGUSR1, &si, 0), EPERM),
	      "a kernel-looking siginfo to another process = EPERM");
	CHECK(fails(xpidfd_send_signal(file, 0, 0, 0), EBADF), "a /proc file that is no directory = EBADF");
	signal(SIGUSR1, SIG_DFL);
	close(self);
	close(init);
	close(file);
}

/* An open /proc/<pid> names its process, not the pid: once the process
 * is collected, pidfd_send_signal on it is ESRCH (the pid may go to
 * another; system/ns_last_pid.sh checks that case in the guest). */
static void proc_dir_of_collected(void)
{
	char path[32];
	int wr = -1, fd, st;
	pid_t pid = child_until_eof(&wr, 0);

	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	fd = open(path, O_DIRECTORY | O_CLOEXEC);
	CHECK(fd >= 0 && xpidfd_send_signal(fd, 0, 0, 0) == 0,
	      "pidfd_send_signal 0 on a running child's /proc/<pid>: 0");
	close(wr);
	CHECK(waitid(P_PID, pid, 0, WEXITED | WNOWAIT) == 0 && xpidfd_send_signal(fd, 0, 0, 0) == 0,
	      "... once it has exited, before it is collected: 0");
	CHECK(waitpid(pid, &st, 0) == pid && fails(xpidfd_send_signal(fd, 0, 0, 0), ESRCH),
	      "... once it is collected: ESRCH");
	CHECK(fails(xpidfd_send_signal(fd, SIGUSR1, 0, 0), ESRCH), "... for a signal too");
	close(fd);
}

/* A number from a /proc file, or -1. */
static long read_number(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDONLY), n;

	n = fd < 0 ? -1 : (int)read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, 0, 10);
}

/* A write of text to a /proc file: 0 or -1 with errno. */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), rc;

	if (fd < 0)
		return -1;
	rc = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return rc;
}

/*
 * /proc/sys/kernel/ns_last_pid: the pid given out last.  Read-only here:
 * on the host this program shares its pid namespace with everything else
 * (so another fork may come between ours and the read, and a write would
 * move the host's pids); writes are system/ns_last_pid.sh's, in the guest.
 * Writes that fail change nothing: nobody's (EPERM, before the number is
 * looked at) and root's of what is no pid.
 */
static void ns_last_pid(void)
{
	const char *path = "/proc/sys/kernel/ns_last_pid";
	struct stat sb;
	long before = read_number(path), after;
	pid_t pid = fork(), nobody;
	int st = -1;

	if (pid == 0)
		_exit(0);
	after = read_number(path);
	waitpid(pid, &st, 0);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0666,
	      "ns_last_pid is mode 0666 (its writer's capability is checked on write)");
	CHECK(before > 0 && (after < before || (before < pid && pid <= after)),
	      "ns_last_pid: a fork's pid comes after the last one and is the last one then");
	CHECK(write_text(path, "abc\n") == -1 && errno == EINVAL, "root writes ns_last_pid abc: EINVAL");
	CHECK(write_text(path, "-2\n") == -1 && errno == EINVAL, "root writes ns_last_pid -2: EINVAL");
	nobody = fork();
	if (nobody == 0) {
		if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
			_exit(93);
		_exit(write_text(path, "abc\n") == -1 && errno == EPERM ? 0 : 94);
	}
	CHECK(waitpid(nobody, &st, 0) == nobody && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "nobody writes ns_last_pid: EPERM");
}

/* More processes than the guest's old fixed table (256) at once. */
#define NCHILDREN 300

static void many_children(void)
{
	int fds[2], made = 0, reaped = 0, st;
	char c;

	if (pipe(fds) < 0)
		return;
	for (int i = 0; i < NCHILDREN; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(fds[1]);
			_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
		}
		made += pid > 0;
	}
	close(fds[0]);
	close(fds[1]);
	while (wait(&st) > 0)
		reaped += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	CHECK(made == NCHILDREN && reaped == NCHILDREN, "%d children alive at once", NCHILDREN);
}

/*
 * t_wait pid-reuse (system/ns_last_pid.sh, guest only: it sets the next
 * pid): a child's /proc/<pid> stays open after the child is collected,
 * root writes ns_last_pid so that the next fork gets the same pid (as
 * LTP's pidfd_send_signal03 does); the old directory still names the old
 * process - ESRCH - and is another inode than the new one's.
 */
static int pid_reuse(void)
{
	const char *path = "/proc/sys/kernel/ns_last_pid";
	char dir[32], num[16];
	struct stat old_st, new_st;
	int wr = -1, old_fd, new_fd, st;
	pid_t pid = child_until_eof(&wr, 0), again;

	snprintf(dir, sizeof dir, "/proc/%d", (int)pid);
	old_fd = open(dir, O_DIRECTORY | O_CLOEXEC);
	close(wr);
	waitpid(pid, &st, 0);
	snprintf(num, sizeof num, "%d\n", (int)pid - 1);
	CHECK(write_text(path, num) == 0 && read_number(path) == pid - 1,
	      "root writes ns_last_pid: it reads back");
	again = child_until_eof(&wr, 0);
	CHECK(again == pid, "the next fork gets the pid after it: the collected child's");
	new_fd = open(dir, O_DIRECTORY | O_CLOEXEC);
	CHECK(fstat(old_fd, &old_st) == 0 && fstat(new_fd, &new_st) == 0 &&
	      old_st.st_ino != new_st.st_ino, "the new /proc/<pid> is another inode");
	CHECK(fails(xpidfd_send_signal(old_fd, SIGUSR1, 0, 0), ESRCH),
	      "pidfd_send_signal on the old one: ESRCH, not the new process");
	CHECK(xpidfd_send_signal(new_fd, 0, 0, 0) == 0, "... on the new one: 0");
	close(wr);
	waitpid(again, &st, 0);
	close(old_fd);
	close(new_fd);
	return check_summary("t_wait pid-reuse");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "pid-reuse") == 0)
		return pid_reuse();
	bad_arguments();
	no_children();
	exited();
	killed();
	stopped();
	process_groups();
	pidfd_open_checks();
	pidfd_wait_and_poll();
	send_signal();
	proc_dir_pidfd();
	proc_dir_of_collected();
	ns_last_pid();
	many_children();
	return check_summary("t_wait");
}
