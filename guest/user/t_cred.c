/*
 * t_cred.c - credentials: the user and group ids (real, effective, saved,
 * filesystem) and who may change them, supplementary groups, and the
 * permission checks that follow from them - file modes on open, create,
 * remove (the sticky /tmp), search of a directory, chmod/chown/utimes,
 * access(2) with the real ids, kill(2) between users, the root-only
 * calls (chroot, setgroups, mount, raising a hard rlimit, another
 * user's CPU affinity, mknod of a device, raw sockets, ports below
 * 1024), and the capabilities behind
 * them: capget/capset (versions, whose sets, capset's rules), each
 * capability dropped making its operation EPERM/EACCES, the sets
 * following uid changes (setresuid, setfsuid, PR_SET_KEEPCAPS) and
 * execve, per thread.  Run as root (the host may withhold a few
 * capabilities: the checks compare with what root holds at the start);
 * each unprivileged part runs in a child that drops to nobody (65534)
 * or bin (2), the users /etc/passwd names.
 *
 *   t_cred              the checks (the same lines on Linux)
 *   t_cred suid PATH    drop to nobody and exec PATH (a set-user-id copy
 *                       of this program) with "ids": it prints its ids
 *   t_cred ids          print "ruid euid suid / rgid egid sgid"
 *   t_cred capfull      exit 0 if effective = permitted and CAP_SETUID is in it
 *   t_cred capnone      exit 0 if every set is empty and keepcaps is off
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <sched.h>
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
#include <linux/capability.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

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
	cpu_set_t cpus;

	become_nobody();
	CHECK(sched_getaffinity(0, sizeof cpus, &cpus) == 0, "sched_getaffinity of itself");
	CHECK(fails(kill(1, 0), EPERM), "kill(1, 0) of init: EPERM");
	CHECK(fails(kill(getppid(), SIGTERM), EPERM), "kill of root's process: EPERM");
	CHECK(kill(getpid(), 0) == 0, "kill(self, 0) allowed");
	CHECK(fails(sched_setaffinity(1, sizeof cpus, &cpus), EPERM),
	      "sched_setaffinity of init (CAP_SYS_NICE): EPERM");
	CHECK(sched_setaffinity(0, sizeof cpus, &cpus) == 0, "sched_setaffinity of itself: allowed");
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

/* ---- capabilities ---- */

#define BIT(cap) (1ull << (cap))
#define V1 _LINUX_CAPABILITY_VERSION_1
#define V2 _LINUX_CAPABILITY_VERSION_2
#define V3 _LINUX_CAPABILITY_VERSION_3
/* Linux's CAP_FS_SET: what a filesystem uid of 0 stands for */
#define FS_CAPS (BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) |  \
                 BIT(CAP_FOWNER) | BIT(CAP_FSETID) | BIT(CAP_LINUX_IMMUTABLE) |       \
                 BIT(CAP_MKNOD) | BIT(CAP_MAC_OVERRIDE))

struct capsets { uint64_t eff, prm, inh; };

static struct capsets root_caps;   /* root's at the start */

static int cap_get(pid_t pid, struct capsets *c)
{
	struct __user_cap_header_struct h = { V3, pid };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	c->eff = d[0].effective | (uint64_t)d[1].effective << 32;
	c->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	c->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static int cap_set(pid_t pid, const struct capsets *c)
{
	struct __user_cap_header_struct h = { V3, pid };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)c->eff, (uint32_t)c->prm, (uint32_t)c->inh },
		{ (uint32_t)(c->eff >> 32), (uint32_t)(c->prm >> 32), (uint32_t)(c->inh >> 32) },
	};

	return syscall(SYS_capset, &h, d);
}

/* The effective set without (or, off 0, with) the capabilities in bits. */
static int cap_effective(uint64_t bits, int on)
{
	struct capsets c;

	if (cap_get(0, &c))
		return -1;
	c.eff = on ? c.eff | bits : c.eff & ~bits;
	return cap_set(0, &c);
}

/* A "CapXxx:" line of /proc/self/status; ~0 if missing. */
static uint64_t status_caps(const char *key)
{
	char buf[4096], *at;
	int fd = open("/proc/self/status", O_RDONLY), n;

	n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return ~0ull;
	buf[n] = 0;
	at = strstr(buf, key);
	return at ? strtoull(at + strlen(key), NULL, 16) : ~0ull;
}

/* Run this program with arg in a child; its exit status (or -1). */
static int exec_status(const char *arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/proc/self/exe", "t_cred", arg, (char *)0);
		_exit(3);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int exec_check(const char *what)
{
	struct capsets c;

	if (cap_get(0, &c))
		return 2;
	if (!strcmp(what, "capfull"))
		return !(c.eff == c.prm && (c.eff & BIT(CAP_SETUID)));
	return !(c.eff == 0 && c.prm == 0 && c.inh == 0 && prctl(PR_GET_KEEPCAPS) == 0);
}

static void caps_of_root(void)
{
	uint64_t need = BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) |
	                BIT(CAP_FOWNER) | BIT(CAP_KILL) | BIT(CAP_SETGID) | BIT(CAP_SETUID) |
	                BIT(CAP_SETPCAP) | BIT(CAP_SYS_CHROOT) | BIT(CAP_SYS_ADMIN);
	struct capsets c;

	CHECK(cap_get(0, &root_caps) == 0, "capget (version 3) of root");
	CHECK(root_caps.eff == root_caps.prm && root_caps.inh == 0,
	      "root: effective = permitted, inheritable empty");
	CHECK((root_caps.eff & need) == need, "root holds the capabilities these checks use");
	CHECK(status_caps("CapEff:") == root_caps.eff && status_caps("CapPrm:") == root_caps.prm &&
	      status_caps("CapInh:") == 0, "/proc/self/status shows the same sets");
	CHECK(cap_get(getpid(), &c) == 0 && c.eff == root_caps.eff, "capget of its own pid");
	CHECK(prctl(PR_CAPBSET_READ, CAP_CHOWN) == 1, "PR_CAPBSET_READ: CAP_CHOWN is bounded in");
	CHECK(fails(prctl(PR_CAPBSET_READ, 63), EINVAL), "PR_CAPBSET_READ of capability 63: EINVAL");
	CHECK(prctl(PR_GET_KEEPCAPS) == 0, "PR_GET_KEEPCAPS: 0");
}

static void cap_versions(void)
{
	struct __user_cap_header_struct h = { 0x12345678, 0 };
	struct __user_cap_data_struct d[2];
	int st;
	pid_t pid;

	CHECK(fails(syscall(SYS_capget, &h, d), EINVAL) && h.version == V3,
	      "capget of an unknown version: EINVAL, version 3 written back");
	h.version = 0x12345678;
	CHECK(syscall(SYS_capget, &h, NULL) == 0 && h.version == V3,
	      "... with no data pointer: 0 (the probe), version 3 written back");
	h.version = 0x12345678;
	CHECK(fails(syscall(SYS_capset, &h, d), EINVAL) && h.version == V3,
	      "capset of an unknown version: EINVAL, version 3 written back");
	h.version = V1;
	memset(d, 0xa5, sizeof d);
	CHECK(syscall(SYS_capget, &h, d) == 0 && d[0].effective == (uint32_t)root_caps.eff &&
	      d[1].effective == 0xa5a5a5a5, "version 1: one data struct (capabilities 0-31)");
	h.version = V2;
	CHECK(syscall(SYS_capget, &h, d) == 0 && d[1].permitted == (uint32_t)(root_caps.prm >> 32),
	      "version 2: two data structs");
	h.version = V3;
	h.pid = -1;
	CHECK(fails(syscall(SYS_capget, &h, d), EINVAL), "capget of pid -1: EINVAL");
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	h.pid = pid;
	CHECK(fails(syscall(SYS_capget, &h, d), ESRCH), "capget of a reaped child: ESRCH");
	h.pid = getppid();
	CHECK(syscall(SYS_capget, &h, d) == 0, "capget of the parent");
	CHECK(fails(syscall(SYS_capset, &h, d), EPERM), "capset of another process: EPERM");
}

/* capset version 1 only reaches capabilities 0-31: the rest go. */
static void cap_set_v1(void)
{
	struct __user_cap_header_struct h = { V1, 0 };
	struct __user_cap_data_struct d = { (uint32_t)root_caps.eff, (uint32_t)root_caps.prm, 0 };
	struct capsets c;

	CHECK(syscall(SYS_capset, &h, &d) == 0, "capset version 1 of root's low words");
	CHECK(cap_get(0, &c) == 0 && c.prm == (root_caps.prm & 0xffffffffull),
	      "capabilities 32 and up left the permitted set");
}

static int write_and_pause(int fd)
{
	if (setuid(NOBODY) || write(fd, "x", 1) != 1)
		_exit(1);
	pause();
	_exit(0);
}

/* Each capability dropped from the effective set fails its operation. */
static void caps_dropped(void)
{
	const char *f = "/tmp/tcred_capfile";
	char buf[32];
	int p[2], fd, max = 0, st;
	pid_t pid;

	CHECK(make_file(f, 0600) == 0 && cap_effective(BIT(CAP_CHOWN), 0) == 0,
	      "capset drops CAP_CHOWN from the effective set");
	CHECK(fails(chown(f, BIN, BIN), EPERM), "without it chown to bin: EPERM");
	CHECK(cap_effective(BIT(CAP_CHOWN), 1) == 0 && chown(f, BIN, BIN) == 0,
	      "raised again from the permitted set: chown allowed");
	CHECK(cap_effective(BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH), 0) == 0 &&
	      fails(open(f, O_RDONLY), EACCES), "without CAP_DAC_*: bin's 0600 file is EACCES");
	CHECK(cap_effective(BIT(CAP_FOWNER), 0) == 0 && fails(chmod(f, 0644), EPERM),
	      "without CAP_FOWNER: chmod of bin's file is EPERM");
	CHECK(cap_effective(FS_CAPS, 1) == 0 && open(f, O_RDONLY) >= 0 && chmod(f, 0644) == 0 &&
	      unlink(f) == 0, "all raised again: read, chmod, unlink");

	fd = open("/proc/sys/fs/pipe-max-size", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof buf - 1) > 0)
		max = atoi(buf);
	CHECK(pipe(p) == 0 && cap_effective(BIT(CAP_SYS_RESOURCE), 0) == 0 &&
	      fails(fcntl(p[1], F_SETPIPE_SZ, max * 2), EPERM),
	      "without CAP_SYS_RESOURCE: F_SETPIPE_SZ beyond pipe-max-size is EPERM");

	pid = fork();
	if (pid == 0)
		write_and_pause(p[1]);
	CHECK(pid > 0 && read(p[0], buf, 1) == 1 && cap_effective(BIT(CAP_KILL), 0) == 0 &&
	      fails(kill(pid, 0), EPERM), "without CAP_KILL: kill of nobody's process is EPERM");
	CHECK(cap_effective(BIT(CAP_KILL), 1) == 0 && kill(pid, SIGKILL) == 0 &&
	      waitpid(pid, &st, 0) == pid, "with it again: killed");
}

/* capset's rules: permitted only shrinks, effective within it, and
 * inheritable gains only permitted ones without CAP_SETPCAP. */
static void cap_rules(void)
{
	struct capsets c = root_caps;

	c.prm &= ~BIT(CAP_SETUID);
	CHECK(fails(cap_set(0, &c), EPERM), "an effective capability not permitted: EPERM");
	c.eff &= ~BIT(CAP_SETUID);
	CHECK(cap_set(gettid(), &c) == 0, "capset (own thread id) drops CAP_SETUID entirely");
	CHECK(fails(setuid(NOBODY), EPERM), "without it setuid(nobody) is EPERM");
	c.prm |= BIT(CAP_SETUID);
	CHECK(fails(cap_set(0, &c), EPERM), "it cannot come back into the permitted set");
	c.prm &= ~BIT(CAP_SETUID);
	c.inh = BIT(CAP_CHOWN);
	CHECK(cap_set(0, &c) == 0, "a permitted capability may become inheritable");
	c.eff &= ~BIT(CAP_SETPCAP);
	CHECK(cap_set(0, &c) == 0, "CAP_SETPCAP leaves the effective set");
	c.inh |= BIT(CAP_SETUID);
	CHECK(fails(cap_set(0, &c), EPERM), "then a capability not permitted cannot become inheritable");
	c.inh &= ~BIT(CAP_SETUID);
	c.eff |= BIT(CAP_SETPCAP);
	CHECK(cap_set(0, &c) == 0, "CAP_SETPCAP raised again");
	c.inh |= BIT(CAP_SETUID);
	CHECK(cap_set(0, &c) == 0, "with it any capability of the bounding set may be inheritable");
	CHECK(exec_status("capfull") == 0, "execve as root: effective = permitted, CAP_SETUID back");
}

/* The sets follow the uids (capabilities(7), "Effect of user ID changes"). */
static void caps_follow_uids(void)
{
	struct capsets c;

	CHECK(setresuid(-1, BIN, -1) == 0 && cap_get(0, &c) == 0 && c.eff == 0 &&
	      c.prm == root_caps.prm, "euid 0 -> bin: effective empty, permitted kept (saved 0)");
	CHECK(seteuid(0) == 0 && cap_get(0, &c) == 0 && c.eff == root_caps.prm,
	      "euid back to 0: effective = permitted");
	CHECK(setfsuid(NOBODY) == 0 && cap_get(0, &c) == 0 && c.eff == (root_caps.prm & ~FS_CAPS),
	      "fsuid 0 -> nobody: the file capabilities leave the effective set");
	CHECK(setfsuid(0) == NOBODY && cap_get(0, &c) == 0 && c.eff == root_caps.prm,
	      "fsuid back to 0: they return");
	CHECK(fails(prctl(PR_SET_KEEPCAPS, 2), EINVAL), "PR_SET_KEEPCAPS 2: EINVAL");
	CHECK(prctl(PR_SET_KEEPCAPS, 1) == 0 && prctl(PR_GET_KEEPCAPS) == 1, "PR_SET_KEEPCAPS 1");
	CHECK(setresuid(BIN, BIN, BIN) == 0 && cap_get(0, &c) == 0 && c.eff == 0 &&
	      c.prm == root_caps.prm, "with keepcaps leaving uid 0 keeps the permitted set");
	c.eff = c.prm;
	CHECK(cap_set(0, &c) == 0 && open(DIR "/secret", O_RDONLY) >= 0,
	      "bin raises them into the effective set and reads root's 0600 file");
	CHECK(exec_status("capnone") == 0, "execve as bin: no capabilities, keepcaps off");
}

static void caps_of_nobody(void)
{
	struct capsets c;

	become_nobody();
	CHECK(cap_get(0, &c) == 0 && c.eff == 0 && c.prm == 0 && c.inh == 0,
	      "nobody (setuid from root): every set empty");
	CHECK(status_caps("CapEff:") == 0 && status_caps("CapPrm:") == 0, "/proc/self/status too");
	c.prm = c.eff = BIT(CAP_KILL);
	CHECK(fails(cap_set(0, &c), EPERM), "nobody cannot capset a capability in");
	CHECK(cap_get(getppid(), &c) == 0 && c.eff == root_caps.eff,
	      "capget of another process (root) reads its sets");
}

static pthread_barrier_t barrier;
static pid_t thread_tid;

static void *thread_drops(void *rc)
{
	thread_tid = gettid();
	*(int *)rc = cap_effective(BIT(CAP_CHOWN), 0);
	pthread_barrier_wait(&barrier);        /* dropped */
	pthread_barrier_wait(&barrier);        /* looked at */
	return NULL;
}

/* The sets are a thread's own. */
static void caps_per_thread(void)
{
	struct __user_cap_header_struct h = { V3, 0 };
	struct __user_cap_data_struct d[2];
	struct capsets c;
	pthread_t t;
	int rc = -1;

	pthread_barrier_init(&barrier, NULL, 2);
	CHECK(pthread_create(&t, NULL, thread_drops, &rc) == 0, "a thread starts");
	pthread_barrier_wait(&barrier);
	CHECK(rc == 0, "the thread drops CAP_CHOWN");
	CHECK(cap_get(0, &c) == 0 && c.eff == root_caps.eff, "the main thread keeps it");
	CHECK(cap_get(thread_tid, &c) == 0 && c.eff == (root_caps.eff & ~BIT(CAP_CHOWN)),
	      "capget of the thread's id reads the thread's sets");
	h.pid = thread_tid;
	CHECK(syscall(SYS_capget, &h, d) == 0 && fails(syscall(SYS_capset, &h, d), EPERM),
	      "capset of another thread: EPERM");
	pthread_barrier_wait(&barrier);
	pthread_join(t, NULL);
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
	if (argc > 1 && !strncmp(argv[1], "cap", 3))
		return exec_check(argv[1]);
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
	caps_of_root();
	cap_versions();
	in_child(cap_set_v1);
	in_child(caps_dropped);
	in_child(cap_rules);
	in_child(caps_follow_uids);
	in_child(caps_of_nobody);
	in_child(caps_per_thread);
	cleanup();
	return check_summary("t_cred");
}
