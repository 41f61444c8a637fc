/*
 * t_cred.c - credentials: the user and group ids (real, effective, saved,
 * filesystem) and who may change them, supplementary groups, and the
 * permission checks that follow from them - file modes on open, create,
 * remove (the sticky /tmp), search of a directory, chmod/chown/utimes,
 * access(2) with the real ids, kill(2) between users, the root-only
 * calls (chroot, setgroups, mount, raising a hard rlimit, mknod of a
 * device, raw sockets, ports below 1024).  Run as root; each unprivileged part runs in a child that
 * drops to nobody (65534) or bin (2), the users /etc/passwd names.
 *
 *   t_cred              the checks (the same lines on Linux)
 *   t_cred suid PATH    drop to nobody and exec PATH (a set-user-id copy
 *                       of this program) with "ids": it prints its ids
 *   t_cred ids          print "ruid euid suid / rgid egid sgid"
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define NOBODY 65534
#define BIN    2
#define USERS  100
#define DIR    "/tmp/tcred"

/* Did the call fail with exactly err? */
static int fails(int rc, int err)
{
	return rc < 0 && errno == err;
}

static int make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, "x\n", 2) != 2 || close(fd) < 0)
		return -1;
	return chmod(path, mode);
}

/* Run fn in a child; the child's checks count through its exit status. */
static void in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(check_failed ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child's checks passed");
}

static void root_ids(void)
{
	uid_t r, e, s;

	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0,
	      "root: uid, euid, gid, egid are 0");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0, "root: getresuid 0 0 0");
	CHECK(setgroups(0, NULL) == 0 && getgroups(0, NULL) == 0, "setgroups(0): no groups");
}

static void become_nobody(void)
{
	gid_t g = USERS;

	CHECK(setgroups(1, &g) == 0, "root sets the groups to {users}");
	CHECK(setgid(NOBODY) == 0 && setuid(NOBODY) == 0, "root becomes nobody");
}

/* /proc/<pid>/ follows the effective ids; fd/ (mode 0500) is readable. */
static int proc_owned_by_me(void)
{
	struct stat st;
	int fd;

	if (stat("/proc/self/", &st) < 0 || st.st_uid != geteuid() || st.st_gid != getegid())
		return 0;
	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	return fd >= 0 && close(fd) == 0;
}

static void nobody_ids(void)
{
	uid_t r, e, s;
	gid_t list[4];

	become_nobody();
	CHECK(getresuid(&r, &e, &s) == 0 && r == NOBODY && e == NOBODY && s == NOBODY,
	      "setuid as root sets real, effective and saved");
	CHECK(getgroups(4, list) == 1 && list[0] == USERS, "getgroups: {users}");
	CHECK(getgroups(0, list) == 1, "getgroups(0, ...) counts them");
	CHECK(fails(setuid(0), EPERM), "nobody: setuid(0) is EPERM");
	CHECK(fails(setreuid(-1, 0), EPERM), "nobody: setreuid(-1, 0) is EPERM");
	CHECK(fails(setresuid(-1, -1, 0), EPERM), "nobody: setresuid(-1, -1, 0) is EPERM");
	CHECK(fails(setgid(0), EPERM), "nobody: setgid(0) is EPERM");
	CHECK(fails(setgroups(0, NULL), EPERM), "nobody: setgroups is EPERM");
	CHECK(setuid(NOBODY) == 0, "nobody: setuid to its own uid");
	CHECK(proc_owned_by_me(), "/proc/self and /proc/self/fd belong to nobody now");
	CHECK(fails(setuid(-1), EINVAL), "setuid(-1) is EINVAL");
}

static void nobody_files(void)
{
	struct stat st;
	int fd;

	become_nobody();
	CHECK(fails(open(DIR "/secret", O_RDONLY), EACCES), "mode 0600 of root: read EACCES");
	fd = open(DIR "/public", O_RDONLY);
	CHECK(fd >= 0, "mode 0644 of root: read allowed");
	close(fd);
	CHECK(fails(open(DIR "/public", O_WRONLY), EACCES), "mode 0644 of root: write EACCES");
	CHECK(fails(open(DIR "/public", O_RDONLY | O_TRUNC), EACCES), "O_TRUNC needs write");
	CHECK(fails(open(DIR "/new", O_WRONLY | O_CREAT, 0644), EACCES),
	      "create in a 0755 directory of root: EACCES");
	CHECK(fails(mkdir(DIR "/newdir", 0755), EACCES), "mkdir there: EACCES");
	CHECK(fails(mkdir(DIR "/public", 0755), EEXIST), "mkdir of an existing name: EEXIST first");
	CHECK(fails(unlink(DIR "/public"), EACCES), "unlink there: EACCES");
	CHECK(fails(rename(DIR "/public", "/tmp/tcred_moved"), EACCES), "rename out: EACCES");
	CHECK(fails(stat(DIR "/private/file", &st), EACCES), "search of a 0700 directory: EACCES");
	CHECK(fails(chdir(DIR "/private"), EACCES), "chdir into it: EACCES");
	CHECK(fails(access(DIR "/secret", R_OK), EACCES), "access R_OK of 0600: EACCES");
	CHECK(access(DIR "/public", R_OK) == 0, "access R_OK of 0644: allowed");
	CHECK(fails(access(DIR "/public", W_OK), EACCES), "access W_OK of 0644: EACCES");
	CHECK(fails(execl(DIR "/prog", "prog", (char *)0), EACCES), "exec of mode 0744: EACCES");
	CHECK(fails(chmod(DIR "/public", 0666), EPERM), "chmod of root's file: EPERM");
	CHECK(fails(chown(DIR "/public", NOBODY, -1), EPERM), "chown of root's file: EPERM");
	CHECK(fails(utimes(DIR "/public", NULL), EACCES), "utimes(now) without write: EACCES");
}

static void nobody_own(void)
{
	struct stat st;
	struct timeval tv[2] = { { 1000, 0 }, { 2000, 0 } };

	become_nobody();
	CHECK(make_file("/tmp/tcred_mine", 02755) == 0, "create in the sticky /tmp");
	CHECK(stat("/tmp/tcred_mine", &st) == 0 && st.st_uid == NOBODY && st.st_gid == NOBODY,
	      "a new file is owned by the fsuid and fsgid");
	CHECK((st.st_mode & 07777) == 02755, "its own group: the set-group-id bit stays");
	CHECK(chown("/tmp/tcred_mine", -1, USERS) == 0, "chgrp to a supplementary group");
	CHECK(stat("/tmp/tcred_mine", &st) == 0 && st.st_gid == USERS && !(st.st_mode & 02000),
	      "... clears set-group-id of a group-executable file");
	CHECK(fails(chown("/tmp/tcred_mine", -1, 0), EPERM), "chgrp to a group not ours: EPERM");
	CHECK(fails(chown("/tmp/tcred_mine", 0, -1), EPERM), "giving the file away: EPERM");
	CHECK(chmod("/tmp/tcred_mine", 02644) == 0 && stat("/tmp/tcred_mine", &st) == 0 &&
	      (st.st_mode & 07777) == 02644, "chmod of our own file; set-group-id for users kept");
	CHECK(utimes("/tmp/tcred_mine", tv) == 0, "utimes of our own file");
	CHECK(fails(utimes(DIR "/public", tv), EPERM), "utimes with times of root's file: EPERM");
	CHECK(fails(unlink("/tmp/tcred_roots"), EPERM), "sticky /tmp: root's file cannot be removed");
	CHECK(fails(rename("/tmp/tcred_roots", "/tmp/tcred_x"), EPERM), "... nor renamed");
	CHECK(unlink("/tmp/tcred_mine") == 0, "our own file in /tmp can");
}

/* bind a new UDP socket to the port: 0 or -errno */
static int bind_port(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return -errno;
	rc = bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

static void nobody_privileged(void)
{
	struct rlimit rl;

	become_nobody();
	CHECK(fails(kill(1, 0), EPERM), "kill(1, 0) of init: EPERM");
	CHECK(fails(kill(getppid(), SIGTERM), EPERM), "kill of root's process: EPERM");
	CHECK(kill(getpid(), 0) == 0, "kill(self, 0) allowed");
	CHECK(fails(chroot("/"), EPERM), "chroot: EPERM");
	CHECK(fails(mount("none", "/tmp", "tmpfs", 0, NULL), EPERM), "mount: EPERM");
	CHECK(fails(umount("/tmp"), EPERM), "umount: EPERM");
	CHECK(fails(mknod("/tmp/tcred_dev", S_IFCHR | 0600, makedev(1, 3)), EPERM),
	      "mknod of a device: EPERM");
	CHECK(mknod("/tmp/tcred_fifo", S_IFIFO | 0600, 0) == 0 && unlink("/tmp/tcred_fifo") == 0,
	      "mknod of a FIFO: allowed");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0, "getrlimit NOFILE");
	rl.rlim_max++;
	CHECK(fails(setrlimit(RLIMIT_NOFILE, &rl), EPERM), "raising a hard limit: EPERM");
	rl.rlim_max -= 2;
	if (rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "lowering it: allowed");
	CHECK(fails(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM), "a raw socket: EPERM");
	CHECK(bind_port(80) == -EACCES, "bind to port 80: EACCES");
	CHECK(bind_port(8080) == 0, "bind to port 8080: allowed");
}

/* Root with the effective uid of bin: the saved uid 0 lets it back. */
static void switching(void)
{
	uid_t r, e, s;

	CHECK(setresuid(0, BIN, 0) == 0, "root: setresuid(0, bin, 0)");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == BIN && s == 0, "getresuid 0 bin 0");
	CHECK(fails(open(DIR "/secret", O_RDONLY), EACCES), "euid bin: 0600 of root is EACCES");
	CHECK(access(DIR "/secret", R_OK) == 0, "access checks the real uid (root): allowed");
	CHECK(fails(faccessat(AT_FDCWD, DIR "/secret", R_OK, AT_EACCESS), EACCES),
	      "faccessat AT_EACCESS checks the effective one: EACCES");
	CHECK(seteuid(0) == 0 && geteuid() == 0, "back to euid 0 through the saved uid");
	CHECK(setfsuid(NOBODY) == 0, "setfsuid returns the old fsuid (0)");
	CHECK(fails(open(DIR "/secret", O_RDONLY), EACCES), "fsuid nobody: EACCES");
	CHECK(setfsuid(0) == NOBODY, "setfsuid back returns nobody");
	CHECK(open(DIR "/secret", O_RDONLY) >= 0, "fsuid 0 again: readable");
	CHECK(setreuid(BIN, -1) == 0 && getresuid(&r, &e, &s) == 0 && r == BIN && e == 0 &&
	      s == 0, "setreuid(bin, -1): real bin, saved = effective 0");
	CHECK(setuid(BIN) == 0 && getresuid(&r, &e, &s) == 0 && r == BIN && e == BIN && s == BIN,
	      "setuid(bin) as euid 0 sets all three");
	CHECK(fails(seteuid(0), EPERM), "and then there is no way back");
}

static void setup(void)
{
	mkdir(DIR, 0755);
	mkdir(DIR "/private", 0700);
	CHECK(make_file(DIR "/secret", 0600) == 0 && make_file(DIR "/public", 0644) == 0 &&
	      make_file(DIR "/private/file", 0644) == 0 && make_file(DIR "/prog", 0744) == 0 &&
	      make_file("/tmp/tcred_roots", 0666) == 0, "root makes the test files");
}

static void cleanup(void)
{
	const char *files[] = { DIR "/secret", DIR "/public", DIR "/private/file", DIR "/prog",
	                        "/tmp/tcred_roots" };

	for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(files[i]);
	rmdir(DIR "/private");
	CHECK(rmdir(DIR) == 0, "root removes the test directory");
}

static int print_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	say("uids %u %u %u gids %u %u %u\n", r, e, s, gr, ge, gs);
	return 0;
}

static int exec_suid(const char *path)
{
	if (setgid(NOBODY) || setuid(NOBODY))
		return 2;
	execl(path, path, "ids", (char *)0);
	say("exec %s: %s\n", path, strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "ids"))
		return print_ids();
	if (argc > 2 && !strcmp(argv[1], "suid"))
		return exec_suid(argv[2]);
	umask(022);
	if (access("/proc/self", F_OK) != 0) {      /* the host's chroot has none */
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", 0, 0) != 0)
			say("t_cred: cannot mount /proc\n");
	}
	root_ids();
	setup();
	in_child(nobody_ids);
	in_child(nobody_files);
	in_child(nobody_own);
	in_child(nobody_privileged);
	in_child(switching);
	cleanup();
	return check_summary("t_cred");
}
