/*
 * t_procfs.c - /proc as Linux lays it out: /proc/self, the per-process
 * stat, status, cmdline, exe, cwd, maps, mounts, fd/ and fdinfo/ (of ourselves, of a sleeping
 * child, of a zombie, and gone once it is reaped), the thread count, and
 * the system files meminfo, stat, uptime, loadavg, filesystems, cpuinfo,
 * version and sys/kernel/{ostype,osrelease,tainted}.  Only formats and our
 * own processes' values are checked, never the machine's numbers.
 *
 * Run as /usr/bin/t_procfs.  On the host (chrooted, without /proc) it
 * mounts a proc filesystem first; there qemu-i386 runs it, which makes up
 * its own maps and has a thread of its own, so those checks are loose.
 * Prints the same lines on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include "procfile.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SELF "/usr/bin/t_procfs"

static char text[8192];

/* The value of "Key:\t..." in text, or "". */
static const char *field(const char *key)
{
	static char val[128];
	char want[64];
	const char *p;
	size_t n = 0;

	snprintf(want, sizeof want, "\n%s:", key);
	p = strstr(text, want + 1) == text ? text + strlen(want + 1) : strstr(text, want);
	val[0] = 0;
	if (!p)
		return val;
	if (p != text + strlen(want + 1))
		p += strlen(want);
	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != '\n' && n < sizeof val - 1) {
		val[n] = p[n];
		n++;
	}
	val[n] = 0;
	return val;
}

/* From /proc/<pid>/stat: the state and the ppid. */
static int stat_of(pid_t pid, char *state, int *ppid, char *comm)
{
	char *open, *close;

	if (slurp("/proc/%d/stat", pid) < 0)
		return -1;
	open = strchr(text, '(');
	close = strrchr(text, ')');
	if (!open || !close || atoi(text) != pid)
		return -1;
	snprintf(comm, 32, "%.*s", (int)(close - open - 1), open + 1);
	return sscanf(close + 2, "%c %d", state, ppid) == 2 ? 0 : -1;
}

static void test_self(int argc, char **argv)
{
	char buf[256], cwd[256], state, comm[32];
	int ppid, n, len, ok = 1;

	n = readlink("/proc/self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && atoi(buf) == getpid(), "/proc/self names our pid");
	CHECK(stat_of(getpid(), &state, &ppid, comm) == 0 && state == 'R' &&
	      ppid == getppid() && strcmp(comm, "t_procfs") == 0,
	      "/proc/<pid>/stat: pid, (comm), state R, ppid");
	CHECK(slurp("/proc/self/status") > 0 && strcmp(field("Name"), "t_procfs") == 0 &&
	      atoi(field("Pid")) == getpid() && atoi(field("Tgid")) == getpid() &&
	      atoi(field("PPid")) == getppid() && atoi(field("Threads")) >= 1 &&
	      strncmp(field("State"), "R", 1) == 0 && strlen(field("SigBlk")) == 16,
	      "/proc/self/status: Name, Pid, Tgid, PPid, Threads, State, SigBlk");
	len = slurp("/proc/self/cmdline");
	for (int i = 0, off = 0; i < argc; i++) {
		ok &= off < len && strcmp(text + off, argv[i]) == 0;
		off += strlen(argv[i]) + 1;
	}
	CHECK(ok && len == (int)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]),
	      "/proc/self/cmdline: the argument strings, NUL-separated");
	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && strcmp(buf, SELF) == 0, "/proc/self/exe: the absolute program path");
	chdir("/usr/bin");
	n = readlink("/proc/self/cwd", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && strcmp(buf, getcwd(cwd, sizeof cwd)) == 0 && strcmp(buf, "/usr/bin") == 0,
	      "/proc/self/cwd: the working directory");
	chdir("/");
	free(malloc(100000));
	CHECK(slurp("/proc/self/maps") > 0 && strstr(text, "[stack]") && strstr(text, " r-xp "),
	      "/proc/self/maps: code and stack");
}

static void *idle_thread(void *arg)
{
	pause();
	return arg;
}

/* Threads counts one more (the host's qemu-i386 has a thread of its own:
 * not "2"). */
static void test_threads(void)
{
	pthread_t th;
	int before = slurp("/proc/self/status") > 0 ? atoi(field("Threads")) : -1;

	pthread_create(&th, 0, idle_thread, 0);
	CHECK(before > 0 && slurp("/proc/self/status") > 0 && atoi(field("Threads")) == before + 1,
	      "/proc/self/status: Threads counts a second thread");
}

static void test_child(void)
{
	char state, comm[32];
	int ppid, st, fds[2];
	pid_t pid;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		write(fds[1], "x", 1);
		for (;;)
			pause();
	}
	close(fds[1]);
	read(fds[0], &state, 1);
	/* It may not be asleep yet; then it will be. */
	for (int i = 0; i < 1000 && stat_of(pid, &state, &ppid, comm) == 0 && state == 'R'; i++)
		usleep(1000);
	CHECK(stat_of(pid, &state, &ppid, comm) == 0 && state == 'S' && ppid == getpid(),
	      "a sleeping child: state S, its ppid is ours");
	kill(pid, SIGKILL);
	for (int i = 0; i < 1000 && stat_of(pid, &state, &ppid, comm) == 0 && state != 'Z'; i++)
		usleep(1000);
	CHECK(stat_of(pid, &state, &ppid, comm) == 0 && state == 'Z', "a killed child: state Z until reaped");
	CHECK(slurp("/proc/%d/cmdline", pid) == 0, "a zombie's cmdline is empty");
	waitpid(pid, &st, 0);
	CHECK(slurp("/proc/%d/stat", pid) == -1 && errno == ENOENT, "a reaped child: no /proc/<pid>");
}

/* readlink of /proc/self/fd/<fd> into link ("" if it fails). */
static const char *fd_link(int fd)
{
	static char link[256];
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	return link;
}

/* Is fd listed in /proc/self/fd/? */
static int fd_listed(int fd)
{
	char name[16];
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int found = 0;

	snprintf(name, sizeof name, "%d", fd);
	while (d && (de = readdir(d)))
		found |= strcmp(de->d_name, name) == 0;
	if (d)
		closedir(d);
	return found;
}

/* /proc/self/fdinfo/<fd>: the offset and the open flags. */
static void test_fdinfo(void)
{
	int fd = open(SELF, O_RDONLY | O_CLOEXEC);
	long long pos = -1;
	unsigned flags = 0;

	lseek(fd, 5, SEEK_SET);
	CHECK(slurp("/proc/self/fdinfo/%d", fd) > 0 &&
	      sscanf(text, "pos: %lld flags: %o", &pos, &flags) == 2 && pos == 5 &&
	      (flags & O_CLOEXEC) && (flags & O_ACCMODE) == O_RDONLY,
	      "/proc/self/fdinfo/N: pos and flags (O_CLOEXEC, O_RDONLY)");
	close(fd);
	CHECK(slurp("/proc/self/fdinfo/%d", fd) < 0 && errno == ENOENT,
	      "no fdinfo for a closed fd");
}

/* /proc/self/fd/: a link per open fd to the file's path, a pipe's
 * "pipe:[inode]"; a rename shows; a closed fd is gone. */
static void test_fds(void)
{
	int file = open(SELF, O_RDONLY), dir = open("/tmp", O_RDONLY | O_DIRECTORY), p[2];
	int moved;
	struct stat st;
	char want[64];

	CHECK(file >= 0 && strcmp(fd_link(file), SELF) == 0, "/proc/self/fd/N of a file: its path");
	CHECK(dir >= 0 && strcmp(fd_link(dir), "/tmp") == 0, "/proc/self/fd/N of a directory");
	CHECK(pipe(p) == 0 && fstat(p[0], &st) == 0, "pipe");
	snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)st.st_ino);
	CHECK(strcmp(fd_link(p[0]), want) == 0 && strcmp(fd_link(p[1]), want) == 0,
	      "/proc/self/fd/N of a pipe: pipe:[inode]");
	CHECK(fd_listed(file) && fd_listed(p[1]), "/proc/self/fd lists them");
	test_fdinfo();
	moved = open("/tmp/t_procfs.a", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(moved >= 0 && rename("/tmp/t_procfs.a", "/tmp/t_procfs.b") == 0 &&
	      strcmp(fd_link(moved), "/tmp/t_procfs.b") == 0, "after a rename: the new path");
	unlink("/tmp/t_procfs.b");
	close(moved);
	/* fd 40, not a low one that opendir would take again */
	CHECK(dup2(file, 40) == 40 && fd_listed(40) && close(40) == 0 && !fd_listed(40) &&
	      fd_link(40)[0] == 0 && errno == ENOENT, "a closed fd is gone from /proc/self/fd");
	close(file);
	close(dir);
	close(p[0]);
	close(p[1]);
}

/* /proc/self/mounts and /proc/<pid>/mounts: the mount table, as
 * /proc/mounts shows it, one "source target type options 0 0" a line. */
static void test_mounts(void)
{
	static char all[8192];
	char src[64], dir[64], type[32], opts[128];
	int len = slurp("/proc/mounts"), a, b;

	if (len > 0)
		memcpy(all, text, (size_t)len + 1);
	CHECK(len > 0 && sscanf(all, "%63s %63s %31s %127s %d %d", src, dir, type, opts,
	                        &a, &b) == 6, "/proc/mounts: six fields a line");
	CHECK(slurp("/proc/self/mounts") == len && strcmp(text, all) == 0,
	      "/proc/self/mounts is /proc/mounts");
	CHECK(slurp("/proc/%d/mounts", (int)getpid()) == len && strcmp(text, all) == 0,
	      "/proc/<pid>/mounts is /proc/mounts");
}

static void test_system(void)
{
	double up, idle, l1, l5, l15;
	int run, total, last;
	unsigned long long u, n, s, i;

	CHECK(slurp("/proc/meminfo") > 0 && strstr(field("MemTotal"), " kB") &&
	      strstr(field("MemFree"), " kB") && strstr(field("MemAvailable"), " kB") &&
	      strstr(field("SwapTotal"), " kB"), "/proc/meminfo: MemTotal, MemFree, MemAvailable, SwapTotal in kB");
	CHECK(slurp("/proc/uptime") > 0 && sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0,
	      "/proc/uptime: uptime and idle seconds");
	CHECK(slurp("/proc/loadavg") > 0 &&
	      sscanf(text, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &total, &last) == 6 &&
	      run >= 1 && total >= run, "/proc/loadavg: three loads, running/total, last pid");
	CHECK(slurp("/proc/stat") > 0 && sscanf(text, "cpu %llu %llu %llu %llu", &u, &n, &s, &i) == 4 &&
	      strstr(text, "\ncpu0 ") && strstr(text, "\nbtime ") && strstr(text, "\nprocesses "),
	      "/proc/stat: cpu, cpu0, btime, processes");
	CHECK(slurp("/proc/filesystems") > 0 && strstr(text, "\tproc\n"), "/proc/filesystems lists proc");
	CHECK(slurp("/proc/cpuinfo") > 0 && strncmp(text, "processor\t: 0\n", 14) == 0,
	      "/proc/cpuinfo starts with processor 0");
	CHECK(slurp("/proc/version") > 0 && strncmp(text, "Linux version ", 14) == 0,
	      "/proc/version: Linux version ...");
	CHECK(slurp("/proc/sys/kernel/ostype") > 0 && strcmp(text, "Linux\n") == 0,
	      "/proc/sys/kernel/ostype: Linux");
	CHECK(slurp("/proc/sys/kernel/osrelease") > 1 && text[strlen(text) - 1] == '\n',
	      "/proc/sys/kernel/osrelease: one line");
	CHECK(slurp("/proc/sys/kernel/tainted") > 0 && text[0] >= '0' && text[0] <= '9',
	      "/proc/sys/kernel/tainted: a number");
}

int main(int argc, char **argv)
{
	if (access("/proc/self", F_OK) != 0) {
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", 0, 0) != 0)
			say("t_procfs: cannot mount /proc\n");
	}
	test_self(argc, argv);
	test_system();
	test_mounts();
	test_fds();
	test_child();
	test_threads();
	return check_summary("t_procfs");
}
