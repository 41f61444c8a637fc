/*
 * t_proc.c - process semantics a Unix userland relies on: fork and the
 * exit/kill statuses wait reports, copy-on-write memory, execve (argv,
 * envp, the auxiliary vector, the pid kept), exec errors (ENOEXEC, EACCES,
 * ENOENT) that leave the caller running, orphans being re-parented, and a
 * bounded fork storm that ends either at its bound or in EAGAIN/ENOMEM,
 * with every child reaped and fork working again afterwards, and resource
 * limits that are kept, inherited and honoured (NOFILE).
 *
 * Run as /usr/bin/t_proc (it re-executes itself from there).  Prints one
 * line per check and the same lines on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <elf.h>

#define SELF        "/usr/bin/t_proc"
#define STORM_MAX   512
#define STORM_MIN   32              /* a kernel must manage this many at once */
#define COW_BYTES   (3 * 4096 + 100)

extern char **environ;
extern char _start[];

/* Fork a child running fn; return its wait status (or -1). */
static int child_status(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int exit_seven(void) { return 7; }
static int kill_self(void) { kill(getpid(), SIGKILL); return 0; }

static pid_t parent_pid;
static int ppid_is_parent(void) { return getppid() == parent_pid ? 0 : 1; }

static void test_statuses(void)
{
	int st = child_status(exit_seven);

	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "fork/waitpid: a child's _exit(7) is reported as exit status 7");
	st = child_status(kill_self);
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "fork/waitpid: a child killed by SIGKILL is reported as signaled");
	parent_pid = getpid();
	st = child_status(ppid_is_parent);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "getppid in the child is the parent's pid");
}

static void test_wait_errors(void)
{
	int p[2], st;
	char c;
	pid_t pid;

	errno = 0;
	CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD,
	      "wait with no children fails with ECHILD");
	if (pipe(p) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 0 : 1);   /* until EOF */
	}
	close(p[0]);
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "waitpid WNOHANG on a running child returns 0");
	close(p[1]);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child sees EOF once the parent closes the pipe, and is reaped");
}

static unsigned char cow[COW_BYTES];

/* In the child: does it see the parent's bytes, then its own writes? */
static int cow_child(void)
{
	int bad = 0;

	for (int i = 0; i < COW_BYTES; i++)
		bad |= cow[i] != (unsigned char)(i * 7);
	memset(cow, 0x55, sizeof cow);
	for (int i = 0; i < COW_BYTES; i++)
		bad |= (cow[i] != 0x55) << 1;
	return bad;
}

static void test_cow(void)
{
	int st, same = 1;
	volatile int local = 1;
	pid_t pid;

	for (int i = 0; i < COW_BYTES; i++)
		cow[i] = (unsigned char)(i * 7);
	st = child_status(cow_child);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "copy-on-write: the child reads the parent's data and its own writes");
	for (int i = 0; i < COW_BYTES; i++)
		same &= cow[i] == (unsigned char)(i * 7);
	CHECK(same, "copy-on-write: the child's writes to .bss leave the parent's copy");
	pid = fork();
	if (pid == 0) {
		local = 2;
		_exit(local == 2 ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0 && local == 1,
	      "copy-on-write: a stack variable written by the child is unchanged here");
}

/* ---- execve ---- */

static void check_auxv(void)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
	unsigned any = 0;

	CHECK(getauxval(AT_PAGESZ) == 4096, "auxv: AT_PAGESZ is 4096");
	CHECK(rnd != NULL, "auxv: AT_RANDOM is present");
	for (int i = 0; rnd && i < 16; i++)
		any |= rnd[i];
	CHECK(any != 0, "auxv: AT_RANDOM points at 16 random bytes");
	CHECK(ph != NULL && getauxval(AT_PHNUM) > 0 &&
	      getauxval(AT_PHENT) == sizeof(Elf32_Phdr),
	      "auxv: AT_PHDR, AT_PHNUM and AT_PHENT describe the program headers");
	CHECK(getauxval(AT_ENTRY) == (unsigned long)_start, "auxv: AT_ENTRY is _start");
	CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_GID) == getgid(),
	      "auxv: AT_UID and AT_GID match getuid and getgid");
}

/* The program as started by test_exec: argv, envp, auxv, pid. */
static int exec_child(int argc, char **argv)
{
	int n = 0;
	char *pid = getenv("PID");

	CHECK(argc == 5 && argv[5] == NULL, "execve: argc is 5 and argv ends in NULL");
	CHECK(argc == 5 && strcmp(argv[0], "t_proc") == 0 &&
	      strcmp(argv[2], "two words") == 0 && argv[3][0] == 0 &&
	      strcmp(argv[4], "last") == 0,
	      "execve: every argument arrives intact (spaces, an empty one)");
	while (environ[n])
		n++;
	CHECK(n == 3 && strcmp(environ[0], "A=1") == 0 &&
	      strcmp(environ[1], "B=two words") == 0,
	      "execve: the environment is exactly the one passed");
	CHECK(pid && atoi(pid) == getpid(), "execve: the process keeps its pid");
	check_auxv();
	return check_failed;
}

static void test_exec(void)
{
	char env_pid[32], *argv[] = { "t_proc", "--exec-child", "two words", "", "last", NULL };
	char *envp[] = { "A=1", "B=two words", env_pid, NULL };
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		snprintf(env_pid, sizeof env_pid, "PID=%d", getpid());
		execve(SELF, argv, envp);
		_exit(126);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "execve: the new program ran its checks and exited 0");
}

/* Write a file of len bytes from data with the given mode. */
static int put_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	int ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* execve of path must fail with want, and return to us. */
static void exec_fails(const char *path, int want, const char *what)
{
	char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };

	errno = 0;
	CHECK(execve(path, argv, envp) == -1 && errno == want, "execve %s fails with %s",
	      what, want == ENOEXEC ? "ENOEXEC" : want == EACCES ? "EACCES" : "ENOENT");
}

/* Our own ELF header with e_machine set to ARM: a valid-looking image
 * for the wrong machine. */
static int put_arm_elf(const char *path)
{
	unsigned char head[4096];
	int fd = open(SELF, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, head, sizeof head) : -1;

	if (fd >= 0)
		close(fd);
	if (n < (ssize_t)sizeof(Elf32_Ehdr))
		return -1;
	((Elf32_Ehdr *)head)->e_machine = EM_ARM;
	return put_file(path, head, (size_t)n, 0755);
}

static void test_exec_errors(void)
{
	static const char text[] = "this is not a program\n";
	static const char magic_only[64] = "\177ELF";
	char dir[] = "/tmp/t_proc.XXXXXX", path[64];

	if (!CHECK(mkdtemp(dir) != NULL, "mkdtemp in /tmp"))
		return;
	snprintf(path, sizeof path, "%s/text", dir);
	if (put_file(path, text, sizeof text - 1, 0755) == 0)
		exec_fails(path, ENOEXEC, "of an executable text file without #!");
	unlink(path);
	if (put_file(path, magic_only, sizeof magic_only, 0755) == 0)
		exec_fails(path, ENOEXEC, "of an ELF magic followed by zeros");
	unlink(path);
	if (put_arm_elf(path) == 0)
		exec_fails(path, ENOEXEC, "of an ELF image for ARM");
	unlink(path);
	if (put_file(path, text, sizeof text - 1, 0644) == 0)
		exec_fails(path, EACCES, "of a file without execute permission");
	unlink(path);
	exec_fails(dir, EACCES, "of a directory");
	exec_fails("/no/such/program", ENOENT, "of a missing file");
	CHECK(rmdir(dir) == 0, "the scratch directory is removed again");
}

/* ---- orphans and the fork storm ---- */

static void test_orphan(void)
{
	int p[2], st;
	char moved = 0;
	pid_t mid;

	if (pipe(p) < 0)
		return;
	mid = fork();
	if (mid == 0) {
		pid_t me = getpid();
		if (fork() == 0) {
			for (int i = 0; i < 5000 && getppid() == me; i++)
				usleep(1000);
			moved = getppid() != me;
			_exit(write(p[1], &moved, 1) == 1 ? 0 : 1);
		}
		_exit(0);
	}
	close(p[1]);
	waitpid(mid, &st, 0);
	CHECK(read(p[0], &moved, 1) == 1 && moved,
	      "an orphan is re-parented when its parent exits");
	close(p[0]);
}

/* Children that wait for EOF on p[0]; how many were forked, and errno. */
static int storm(pid_t *kids, int p[2], int *err)
{
	int n = 0;
	char c;

	*err = 0;
	while (n < STORM_MAX) {
		pid_t pid = fork();
		if (pid < 0) {
			*err = errno;
			break;
		}
		if (pid == 0) {
			close(p[1]);
			while (read(p[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		kids[n++] = pid;
	}
	return n;
}

static void test_fork_storm(void)
{
	static pid_t kids[STORM_MAX];
	int p[2], err, n, reaped = 0, st;

	if (pipe(p) < 0)
		return;
	n = storm(kids, p, &err);
	close(p[1]);
	close(p[0]);
	for (int i = 0; i < n; i++)
		reaped += waitpid(kids[i], &st, 0) == kids[i] && WIFEXITED(st) &&
			  WEXITSTATUS(st) == 0;
	CHECK(err == 0 || err == EAGAIN || err == ENOMEM,
	      "fork storm: up to %d forks succeed, or fork fails with EAGAIN/ENOMEM", STORM_MAX);
	CHECK(n >= STORM_MIN, "fork storm: at least %d processes can exist at once", STORM_MIN);
	CHECK(reaped == n, "fork storm: every child exits and is reaped");
	st = child_status(exit_seven);
	CHECK(st != -1 && WEXITSTATUS(st) == 7, "fork works again after the storm");
}

/* ---- resource limits ---- */

static int highest_fd(void)
{
	int fd, last = -1;

	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	for (int i = 3; i <= last; i++)
		close(i);
	return errno == EMFILE ? last : -1;
}

static void test_rlimits(void)
{
	struct rlimit old, r;
	int st;
	pid_t pid;

	getrlimit(RLIMIT_NOFILE, &old);
	r = old;
	r.rlim_cur = 10;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0, "setrlimit NOFILE 10");
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 10, "getrlimit: it is kept");
	CHECK(highest_fd() == 9, "open stops at fd 9 with EMFILE");
	CHECK(fcntl(0, F_DUPFD, 10) == -1 && errno == EINVAL, "F_DUPFD at the limit: EINVAL");
	pid = fork();
	if (pid == 0)
		_exit(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 10 ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a child inherits the limit");
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "the old NOFILE limit back");
	r.rlim_cur = 2;
	r.rlim_max = 1;
	CHECK(setrlimit(RLIMIT_CORE, &r) == -1 && errno == EINVAL, "setrlimit soft above hard: EINVAL");
	r.rlim_cur = 0;
	r.rlim_max = RLIM_INFINITY;
	CHECK(prlimit(0, RLIMIT_CORE, &r, 0) == 0 && getrlimit(RLIMIT_CORE, &r) == 0 &&
	      r.rlim_cur == 0, "prlimit sets CORE, getrlimit sees it");
}

/* A thousand descriptors, as Linux's default soft limit allows: high fds
 * by dup2, F_DUPFD and open, their close-on-exec bits, a fork's copy. */
static void test_many_fds(void)
{
	struct rlimit old, r;
	char link[64], target[64];
	pid_t pid;
	int st;

	getrlimit(RLIMIT_NOFILE, &old);
	r = old;
	r.rlim_cur = 1024;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0, "setrlimit NOFILE 1024");
	CHECK(fcntl(0, F_DUPFD, 100) == 100, "F_DUPFD 100 gives fd 100");
	CHECK(dup2(0, 1000) == 1000 && fcntl(1000, F_GETFD) == 0, "dup2 to fd 1000");
	CHECK(dup3(0, 999, O_CLOEXEC) == 999 && fcntl(999, F_GETFD) == FD_CLOEXEC,
	      "dup3 to fd 999 with O_CLOEXEC");
	snprintf(link, sizeof link, "/proc/self/fd/%d", 1000);
	CHECK(readlink(link, target, sizeof target) > 0, "/proc/self/fd/1000 is there");
	errno = 0;
	CHECK(dup2(0, 1024) == -1 && errno == EBADF, "dup2 to fd 1024 (the limit): EBADF");
	errno = 0;
	CHECK(fcntl(0, F_DUPFD, 1024) == -1 && errno == EINVAL, "F_DUPFD 1024: EINVAL");
	pid = fork();
	if (pid == 0)
		_exit(fcntl(1000, F_GETFD) == 0 && fcntl(999, F_GETFD) == FD_CLOEXEC &&
		      fcntl(100, F_GETFD) == 0 ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a child has the high fds and their close-on-exec bits");
	close(100);
	close(999);
	close(1000);
	CHECK(highest_fd() == 1023, "open stops at fd 1023 with EMFILE");
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "the old NOFILE limit back");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child(argc, argv);
	test_statuses();
	test_wait_errors();
	test_cow();
	test_exec();
	test_exec_errors();
	test_orphan();
	test_fork_storm();
	test_rlimits();
	test_many_fds();
	return check_summary("t_proc");
}
