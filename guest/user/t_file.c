/*
 * t_file.c - the file layer as a program sees it: create and O_EXCL,
 * sparse files (lseek past the end, holes read as zeros), pread/pwrite,
 * O_APPEND, ftruncate, rename (also over an existing file), unlink while
 * open, directories (getdents through readdir, ENOTEMPTY, EISDIR,
 * ENOTDIR), symlinks, dup/dup2 sharing the offset, FD_CLOEXEC and
 * O_CLOEXEC across execve, /dev/null, pipes (EOF, O_NONBLOCK, a 64 KiB
 * transfer that must block and resume), and POSIX record locks between two
 * processes (F_GETLK, F_SETLK, F_SETLKW, EDEADLK, released on close), open
 * file description locks (F_OFD_*: held by the description, so two opens
 * in one process or two threads conflict, and POSIX locks too; shared by
 * dup and fork, released by the last close only; l_pid 0 or EINVAL, -1 in
 * F_OFD_GETLK's answer; only through fcntl64), flock's whole-file locks
 * (shared by dup and fork, released by the last close, a blocked LOCK_EX
 * woken by LOCK_UN), and F_SETOWN(_EX)/F_SETSIG.
 *
 * Works in a fresh directory under /tmp and removes it.  Run as
 * /usr/bin/t_file (it re-executes itself to look at its fds after exec).
 */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <signal.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define SELF "/usr/bin/t_file"
#define NFILES 50
#define PIPE_BYTES (64 * 1024)

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok;
}

/* The whole content of path, NUL-terminated, in buf (empty on error). */
static const char *get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	return buf;
}

static void test_create(void)
{
	char buf[64];
	int fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0600);
	struct stat st;

	CHECK(fd >= 0 && write(fd, "hello\n", 6) == 6 && close(fd) == 0,
	      "create a new file with O_EXCL and write it");
	errno = 0;
	CHECK(open("f", O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST,
	      "O_EXCL on an existing file fails with EEXIST");
	CHECK(stat("f", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 6 &&
	      (st.st_mode & 0777) == 0600, "stat: a regular file of 6 bytes, mode 0600");
	CHECK(strcmp(get("f", buf, sizeof buf), "hello\n") == 0, "the content reads back");
	errno = 0;
	CHECK(open("missing", O_RDONLY) == -1 && errno == ENOENT,
	      "opening a missing file fails with ENOENT");
}

static void test_sparse(void)
{
	char buf[16];
	int fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644), zero = 1;
	struct stat st;

	CHECK(lseek(fd, 65536, SEEK_SET) == 65536 && write(fd, "Z", 1) == 1,
	      "lseek 64 KiB past the end of an empty file and write one byte");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 65537, "the file is 65537 bytes long");
	CHECK(pread(fd, buf, sizeof buf, 30000) == (ssize_t)sizeof buf, "pread inside the hole");
	for (size_t i = 0; i < sizeof buf; i++)
		zero &= buf[i] == 0;
	CHECK(zero, "the hole reads as zeros");
	CHECK(lseek(fd, -1, SEEK_END) == 65536 && read(fd, buf, 4) == 1 && buf[0] == 'Z',
	      "SEEK_END finds the last byte; read stops at the end");
	CHECK(read(fd, buf, 4) == 0, "read at the end of file returns 0");
	CHECK(pwrite(fd, "ab", 2, 10) == 2 && lseek(fd, 0, SEEK_CUR) == 65537,
	      "pwrite does not move the file offset");
	CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5,
	      "ftruncate shrinks the file");
	CHECK(ftruncate(fd, 9000) == 0 && pread(fd, buf, 4, 8990) == 4 && buf[0] == 0,
	      "ftruncate grows it with zeros");
	errno = 0;
	CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL,
	      "lseek to a negative offset fails with EINVAL");
	close(fd);
}

static void test_append_and_vectors(void)
{
	char buf[64];
	int fd = open("log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };

	lseek(fd, 0, SEEK_SET);
	CHECK(write(fd, "a\n", 2) == 2 && lseek(fd, 0, SEEK_SET) == 0 &&
	      write(fd, "b\n", 2) == 2, "two writes with O_APPEND after seeking to 0");
	close(fd);
	CHECK(strcmp(get("log", buf, sizeof buf), "a\nb\n") == 0, "both land at the end");
	fd = open("log", O_WRONLY | O_TRUNC);
	CHECK(writev(fd, iov, 3) == 14, "writev of three pieces writes 14 bytes");
	close(fd);
	CHECK(strcmp(get("log", buf, sizeof buf), "one two three\n") == 0,
	      "writev joins the pieces in order");
}

static void test_rename_unlink(void)
{
	char buf[64];
	int fd;

	put("a", "A");
	put("b", "B");
	CHECK(rename("a", "c") == 0 && access("a", F_OK) == -1 &&
	      strcmp(get("c", buf, sizeof buf), "A") == 0, "rename moves a file");
	CHECK(rename("c", "b") == 0 && strcmp(get("b", buf, sizeof buf), "A") == 0 &&
	      access("c", F_OK) == -1, "rename over an existing file replaces it");
	fd = open("b", O_RDONLY);
	CHECK(unlink("b") == 0 && access("b", F_OK) == -1, "unlink removes the name");
	CHECK(fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == 'A',
	      "a file unlinked while open can still be read");
	close(fd);
	errno = 0;
	CHECK(unlink("b") == -1 && errno == ENOENT, "unlink of a missing name fails with ENOENT");
}

/* Count the entries of dir through readdir (getdents underneath). */
static int count_entries(const char *dir, int *dots)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	*dots = 0;
	while (d && (e = readdir(d)) != NULL) {
		n++;
		*dots += strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	}
	if (d)
		closedir(d);
	return n;
}

static void test_dirs(void)
{
	char name[32];
	int dots, made = 0;
	struct stat st;

	CHECK(mkdir("d", 0755) == 0 && stat("d", &st) == 0 && S_ISDIR(st.st_mode),
	      "mkdir makes a directory");
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof name, "d/file-%02d", i);
		made += put(name, "x");
	}
	CHECK(made == NFILES && count_entries("d", &dots) == NFILES + 2 && dots == 2,
	      "readdir lists %d files plus . and ..", NFILES);
	errno = 0;
	CHECK(rmdir("d") == -1 && errno == ENOTEMPTY, "rmdir of a non-empty directory: ENOTEMPTY");
	errno = 0;
	CHECK(unlink("d") == -1 && errno == EISDIR, "unlink of a directory: EISDIR");
	errno = 0;
	CHECK(rmdir("d/file-00") == -1 && errno == ENOTDIR, "rmdir of a file: ENOTDIR");
	errno = 0;
	CHECK(open("d/file-00/x", O_RDONLY) == -1 && errno == ENOTDIR,
	      "a file used as a directory in a path: ENOTDIR");
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof name, "d/file-%02d", i);
		unlink(name);
	}
	CHECK(chdir("d") == 0 && getcwd(name, sizeof name) && chdir("..") == 0,
	      "chdir into it and back");
	CHECK(rmdir("d") == 0 && access("d", F_OK) == -1, "rmdir of the emptied directory");
}

static void test_symlinks(void)
{
	char buf[64];
	struct stat st;
	ssize_t n;

	put("target", "T");
	CHECK(symlink("target", "link") == 0, "symlink");
	n = readlink("link", buf, sizeof buf);
	CHECK(n == 6 && memcmp(buf, "target", 6) == 0, "readlink returns the target");
	CHECK(lstat("link", &st) == 0 && S_ISLNK(st.st_mode) && stat("link", &st) == 0 &&
	      S_ISREG(st.st_mode), "lstat sees the link, stat the file");
	CHECK(strcmp(get("link", buf, sizeof buf), "T") == 0, "open follows the link");
	unlink("link");
	unlink("target");
}

static void test_dup(void)
{
	char buf[8];
	int fd = open("dup", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int fd2 = dup(fd);

	CHECK(fd2 > fd && write(fd, "12", 2) == 2 && lseek(fd2, 0, SEEK_CUR) == 2,
	      "dup shares the file offset");
	CHECK(dup2(fd, 20) == 20 && write(20, "34", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 4,
	      "dup2 to fd 20 shares it too");
	CHECK(fcntl(fd, F_DUPFD, 30) >= 30, "F_DUPFD returns an fd at or above 30");
	CHECK(close(fd) == 0 && pread(fd2, buf, 4, 0) == 4 && memcmp(buf, "1234", 4) == 0,
	      "closing one fd leaves the others open");
	errno = 0;
	CHECK(close(fd) == -1 && errno == EBADF, "closing it twice fails with EBADF");
	close(fd2);
	close(20);
}

/* After execve: fd a must be closed, fd b open (argv: --fds a b). */
static int fds_child(char **argv)
{
	int a = atoi(argv[2]), b = atoi(argv[3]);

	errno = 0;
	CHECK(fcntl(a, F_GETFD) == -1 && errno == EBADF, "exec closes an FD_CLOEXEC fd");
	CHECK(fcntl(b, F_GETFD) == 0, "exec keeps an fd without FD_CLOEXEC");
	errno = 0;
	CHECK(fcntl(atoi(argv[4]), F_GETFD) == -1 && errno == EBADF,
	      "exec closes an fd opened with O_CLOEXEC");
	return check_failed;
}

static void test_cloexec(void)
{
	int a = open("/usr/bin/t_file", O_RDONLY), b = dup(a), c = open(".", O_RDONLY | O_CLOEXEC);
	char sa[16], sb[16], sc[16], *argv[] = { "t_file", "--fds", sa, sb, sc, NULL };
	int st;
	pid_t pid;

	CHECK(fcntl(a, F_SETFD, FD_CLOEXEC) == 0 && fcntl(a, F_GETFD) == FD_CLOEXEC &&
	      fcntl(c, F_GETFD) == FD_CLOEXEC, "F_SETFD/F_GETFD and O_CLOEXEC set FD_CLOEXEC");
	snprintf(sa, sizeof sa, "%d", a);
	snprintf(sb, sizeof sb, "%d", b);
	snprintf(sc, sizeof sc, "%d", c);
	pid = fork();
	if (pid == 0) {
		execv(SELF, argv);
		_exit(126);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the exec'd program found its fds as expected");
	close(a);
	close(b);
	close(c);
}

static void test_dev_null(void)
{
	char buf[4];
	int fd = open("/dev/null", O_RDWR);

	CHECK(fd >= 0 && write(fd, "xyz", 3) == 3 && read(fd, buf, sizeof buf) == 0,
	      "/dev/null swallows writes and reads as empty");
	if (fd >= 0)
		close(fd);
}

/* The child writes PIPE_BYTES in one call; more than a pipe holds. */
static void test_pipes(void)
{
	static char big[PIPE_BYTES];
	int p[2], st, ok = 1;
	ssize_t n, total = 0;
	char c;
	pid_t pid;

	if (pipe(p) < 0)
		return;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	errno = 0;
	CHECK(read(p[0], &c, 1) == -1 && errno == EAGAIN, "O_NONBLOCK read of an empty pipe: EAGAIN");
	fcntl(p[0], F_SETFL, 0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < PIPE_BYTES; i++)
			big[i] = (char)(i % 251);
		_exit(write(p[1], big, PIPE_BYTES) == PIPE_BYTES ? 0 : 1);
	}
	close(p[1]);
	while ((n = read(p[0], big + total, (size_t)(PIPE_BYTES - total) + 1)) > 0)
		total += n;
	for (int i = 0; i < total && i < PIPE_BYTES; i++)
		ok &= big[i] == (char)(i % 251);
	CHECK(total == PIPE_BYTES && ok, "a 64 KiB write arrives whole and in order");
	CHECK(n == 0, "read returns 0 (EOF) once the writer has exited");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the writer's single 64 KiB write returned the full count");
	close(p[0]);
}

/* ---- POSIX record locks ---- */

static int lock_op(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* Bits of the child's view of its parent's locks, as its exit status. */
static int lock_child(int parent, int go, int done)
{
	int fd = open("locked", O_RDWR), bits = 0;
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	char c;

	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_WRLCK && fl.l_start == 10 &&
	    fl.l_len == 20 && fl.l_pid == parent)
		bits |= 1;
	if (lock_op(fd, F_SETLK, F_RDLCK, 15, 2) == -1 && (errno == EAGAIN || errno == EACCES))
		bits |= 2;
	if (lock_op(fd, F_SETLK, F_WRLCK, 30, 10) == 0)
		bits |= 4;
	write(go, "g", 1);
	/* Wait for the parent's byte 10; one of us two must see EDEADLK.  If
	 * it is us, the parent waits for our bytes 30-39: let it have them
	 * (else it waits forever while we wait for its "done"). */
	if (lock_op(fd, F_SETLKW, F_WRLCK, 10, 1) == -1 && errno == EDEADLK) {
		bits |= 8;
		lock_op(fd, F_SETLK, F_UNLCK, 30, 10);
	}
	read(done, &c, 1);                    /* the parent closed its other fd */
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK)
		bits |= 16;
	return bits;
}

static void test_locks(void)
{
	int fd = open("locked", O_RDWR | O_CREAT | O_TRUNC, 0644), go[2], done[2], st, rc, deadlocks;
	int fd2;
	pid_t pid;
	char c;

	write(fd, "0123456789012345678901234567890123456789", 40);
	CHECK(lock_op(fd, F_SETLK, F_WRLCK, 10, 20) == 0, "F_SETLK: a write lock on bytes 10-29");
	CHECK(lock_op(fd, F_SETLK, F_RDLCK, 12, 2) == 0, "F_SETLK: our own lock never conflicts");
	CHECK(lock_op(fd, F_SETLK, F_WRLCK, 12, 2) == 0, "... and the write lock comes back");
	pipe(go);
	pipe(done);
	pid = fork();
	if (pid == 0)
		_exit(lock_child(getppid(), go[1], done[0]));
	read(go[0], &c, 1);
	rc = lock_op(fd, F_SETLKW, F_WRLCK, 30, 10);
	deadlocks = rc == -1 && errno == EDEADLK;
	if (deadlocks)
		lock_op(fd, F_SETLK, F_UNLCK, 10, 20);      /* let the child have byte 10 */
	else
		lock_op(fd, F_SETLK, F_UNLCK, 30, 10);
	/* Another descriptor's close drops every lock of ours on the file. */
	lock_op(fd, F_SETLK, F_WRLCK, 0, 5);
	fd2 = open("locked", O_RDONLY);
	close(fd2);
	write(done[1], "d", 1);
	waitpid(pid, &st, 0);
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
	CHECK(st & 1, "F_GETLK in another process: the write lock, its range and owner");
	CHECK(st & 2, "F_SETLK on a locked range in another process: EAGAIN");
	CHECK(st & 4, "F_SETLK on a free range in another process");
	CHECK(deadlocks + !!(st & 8) == 1, "F_SETLKW: a circle of two waiters fails one with EDEADLK");
	CHECK(st & 16, "closing another descriptor of the file releases the locks");
	CHECK(lock_op(fd, F_SETLK, 7, 0, 1) == -1 && errno == EINVAL, "F_SETLK with a bad type: EINVAL");
	fd2 = open("locked", O_RDONLY);
	CHECK(lock_op(fd2, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EBADF,
	      "a write lock on a read-only descriptor: EBADF");
	close(fd2);
	close(fd);
	close(go[0]), close(go[1]), close(done[0]), close(done[1]);
	unlink("locked");
}

/* ---- open file description locks ---- */

/* The kernel's struct flock64: the F_OFD_* commands take it through
 * fcntl64 on i386 whatever glibc's struct flock is (as LTP calls them). */
struct ofd_flock {
	short type, whence;
	long long start, len;
	int pid;
};

static int ofd(int fd, int cmd, short type, long long start, long long len, int pid)
{
	struct ofd_flock fl = { type, SEEK_SET, start, len, pid };

	return (int)syscall(SYS_fcntl64, fd, cmd, &fl);
}

/* F_OFD_GETLK for a write lock on the whole file: what is in the way. */
static struct ofd_flock ofd_get(int fd)
{
	struct ofd_flock fl = { F_WRLCK, SEEK_SET, 0, 0, 0 };

	if (syscall(SYS_fcntl64, fd, F_OFD_GETLK, &fl) != 0)
		fl.type = -1;
	return fl;
}

/* A thread with its own description waits for the main thread's lock. */
static void *ofd_thread(void *arg)
{
	int fd = open("ofd", O_RDWR), rc;

	(void)arg;
	rc = ofd(fd, F_OFD_SETLKW, F_WRLCK, 0, 1, 0);
	close(fd);
	return (void *)(long)(rc == 0);
}

static void test_ofd_threads(int a)
{
	pthread_t t;
	void *got = 0;

	CHECK(ofd(a, F_OFD_SETLK, F_WRLCK, 0, 1, 0) == 0, "F_OFD_SETLK again before a thread starts");
	CHECK(pthread_create(&t, 0, ofd_thread, 0) == 0, "a thread opens the file itself");
	usleep(20000);
	CHECK(ofd(a, F_OFD_SETLK, F_UNLCK, 0, 1, 0) == 0 && pthread_join(t, &got) == 0 && got,
	      "its F_OFD_SETLKW gets the lock once the main thread's description lets go");
}

static void test_ofd_fork(int a)
{
	int go[2], st = 0;
	pid_t pid;
	char c;

	pipe(go);
	pid = fork();
	if (pid == 0) {
		int mine = open("ofd", O_RDWR), bits = 0;

		bits |= ofd(a, F_OFD_SETLK, F_WRLCK, 0, 100, 0) == 0;          /* the shared one */
		bits |= (ofd(mine, F_OFD_SETLK, F_RDLCK, 0, 1, 0) == -1 && errno == EAGAIN) << 1;
		write(go[1], "w", 1);
		bits |= (ofd(mine, F_OFD_SETLKW, F_RDLCK, 0, 1, 0) == 0) << 2;
		_exit(bits);
	}
	read(go[0], &c, 1);
	ofd(a, F_OFD_SETLK, F_UNLCK, 0, 0, 0);
	waitpid(pid, &st, 0);
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
	CHECK(st & 1, "a forked child shares the description: its F_OFD_SETLK on it does not conflict");
	CHECK(st & 2, "the child's own description conflicts with it: EAGAIN");
	CHECK(st & 4, "the child's F_OFD_SETLKW gets the lock after the parent's F_UNLCK");
	close(go[0]), close(go[1]);
}

static void test_ofd_locks(void)
{
	int a = open("ofd", O_RDWR | O_CREAT | O_TRUNC, 0644), b = open("ofd", O_RDWR), c, d;
	struct ofd_flock fl;
	struct flock pfl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

	CHECK(ofd(a, F_OFD_SETLK, F_WRLCK, 0, 10, 0) == 0, "F_OFD_SETLK: a write lock on bytes 0-9");
	CHECK(ofd(a, F_OFD_SETLK, F_RDLCK, 2, 2, 0) == 0, "the description's own lock never conflicts");
	CHECK(ofd(b, F_OFD_SETLK, F_RDLCK, 5, 1, 0) == -1 && errno == EAGAIN,
	      "another description in the same process conflicts: EAGAIN");
	CHECK(ofd(b, F_OFD_SETLK, F_RDLCK, 10, 5, 0) == 0, "... not beyond the range");
	fl = ofd_get(b);
	CHECK(fl.type == F_WRLCK && fl.whence == SEEK_SET && fl.start == 0 && fl.len == 2 && fl.pid == -1,
	      "F_OFD_GETLK: the first lock in the way, l_pid -1");
	CHECK(fcntl(a, F_GETLK, &pfl) == 0 && pfl.l_type == F_WRLCK && pfl.l_pid == -1,
	      "F_GETLK of our own process sees an OFD lock (l_pid -1)");
	CHECK(lock_op(a, F_SETLK, F_RDLCK, 0, 1) == -1 && errno == EAGAIN,
	      "a POSIX lock of the same process conflicts with it");
	CHECK(lock_op(a, F_SETLK, F_WRLCK, 20, 5) == 0, "a POSIX lock on a free range");
	CHECK(ofd(a, F_OFD_SETLK, F_WRLCK, 22, 1, 0) == -1 && errno == EAGAIN,
	      "an OFD lock conflicts with our own POSIX lock");
	lock_op(a, F_SETLK, F_UNLCK, 20, 5);
	CHECK(ofd(a, F_OFD_SETLK, F_WRLCK, 30, 1, 1) == -1 && errno == EINVAL,
	      "F_OFD_SETLK with l_pid not 0: EINVAL");
	fl = (struct ofd_flock){ F_WRLCK, SEEK_SET, 0, 0, 5 };
	CHECK(syscall(SYS_fcntl64, b, F_OFD_GETLK, &fl) == -1 && errno == EINVAL,
	      "F_OFD_GETLK with l_pid not 0: EINVAL");
	CHECK(syscall(SYS_fcntl, b, F_OFD_SETLK, &fl) == -1 && errno == EINVAL,
	      "F_OFD_SETLK through fcntl rather than fcntl64: EINVAL");
	d = open("ofd", O_RDONLY);
	CHECK(ofd(d, F_OFD_SETLK, F_WRLCK, 40, 1, 0) == -1 && errno == EBADF,
	      "an OFD write lock on a read-only descriptor: EBADF");
	close(d);
	CHECK(ofd_get(b).type == F_WRLCK, "closing another descriptor of the file keeps OFD locks");
	ofd(b, F_OFD_SETLK, F_UNLCK, 0, 0, 0);
	c = dup(a);
	close(a);
	CHECK(ofd_get(b).type == F_WRLCK, "a dup keeps the description's lock after the first fd's close");
	test_ofd_fork(c);
	test_ofd_threads(c);
	ofd(c, F_OFD_SETLK, F_WRLCK, 0, 0, 0);
	close(c);
	CHECK(ofd_get(b).type == F_UNLCK, "the last close of the description releases its locks");
	close(b);
	unlink("ofd");
}

/* flock(2): whole-file locks of open files, shared by dup and fork,
 * released by the last close; a blocked LOCK_EX waits for LOCK_UN. */
static void test_flock(void)
{
	int a = open("flocked", O_RDWR | O_CREAT | O_TRUNC, 0644), b = open("flocked", O_RDWR);
	int ready[2], st = 0, c;
	char byte;
	pid_t pid;

	CHECK(flock(a, LOCK_EX) == 0, "flock LOCK_EX");
	CHECK(flock(b, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK,
	      "another open file: LOCK_EX|LOCK_NB fails with EWOULDBLOCK");
	CHECK(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK, "... and LOCK_SH too");
	CHECK(flock(a, LOCK_SH) == 0 && flock(b, LOCK_SH | LOCK_NB) == 0,
	      "converted to LOCK_SH: another file may share it");
	CHECK(flock(b, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK,
	      "but not take it exclusively");
	CHECK(flock(b, LOCK_UN) == 0 && flock(a, LOCK_EX | LOCK_NB) == 0, "LOCK_UN, then LOCK_EX again");
	c = dup(a);
	close(a);
	CHECK(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK,
	      "a dup keeps the lock after the first fd's close");
	if (pipe(ready) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		int d = open("flocked", O_RDWR);

		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		_exit(flock(d, LOCK_EX) == 0 ? 0 : 1);      /* waits for our LOCK_UN */
	}
	CHECK(read(ready[0], &byte, 1) == 1 && flock(c, LOCK_UN) == 0 &&
	      waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a blocked LOCK_EX in another process gets the lock after LOCK_UN");
	CHECK(flock(b, LOCK_EX | LOCK_NB) == 0, "the child's exit released its lock");
	close(c);
	close(b);
	close(ready[0]);
	close(ready[1]);
	CHECK(flock(b, LOCK_SH) == -1 && errno == EBADF, "flock of a closed fd: EBADF");
	b = open("flocked", O_RDONLY);
	CHECK(flock(b, LOCK_SH | LOCK_EX) == -1 && errno == EINVAL, "flock with a bad operation: EINVAL");
	CHECK(flock(b, LOCK_EX | LOCK_NB) == 0, "a read-only fd may take LOCK_EX");
	close(b);
	unlink("flocked");
}

/* F_SETOWN/F_GETOWN, the _EX forms and F_SETSIG/F_GETSIG: kept per file. */
static void test_owner(void)
{
	int fd = open("owned", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct f_owner_ex ex = { F_OWNER_TID, 0 };

	CHECK(fcntl(fd, F_GETOWN) == 0, "F_GETOWN of a new file: 0");
	CHECK(fcntl(fd, F_SETOWN, getpid()) == 0 && fcntl(fd, F_GETOWN) == getpid(),
	      "F_SETOWN to our pid, F_GETOWN returns it");
	CHECK(fcntl(fd, F_GETOWN_EX, &ex) == 0 && ex.type == F_OWNER_PID && ex.pid == getpid(),
	      "F_GETOWN_EX: F_OWNER_PID and the pid");
	CHECK(fcntl(fd, F_SETOWN, -getpgrp()) == 0 && fcntl(fd, F_GETOWN) == -getpgrp() &&
	      fcntl(fd, F_GETOWN_EX, &ex) == 0 && ex.type == F_OWNER_PGRP && ex.pid == getpgrp(),
	      "F_SETOWN to -pgrp: a process group owner");
	ex = (struct f_owner_ex){ F_OWNER_TID, gettid() };
	CHECK(fcntl(fd, F_SETOWN_EX, &ex) == 0 && fcntl(fd, F_GETOWN_EX, &ex) == 0 &&
	      ex.type == F_OWNER_TID && ex.pid == gettid(), "F_SETOWN_EX F_OWNER_TID");
	ex.type = 7;
	CHECK(fcntl(fd, F_SETOWN_EX, &ex) == -1 && errno == EINVAL, "F_SETOWN_EX with a bad type: EINVAL");
	CHECK(fcntl(fd, F_SETSIG, SIGUSR1) == 0 && fcntl(fd, F_GETSIG) == SIGUSR1,
	      "F_SETSIG and F_GETSIG");
	close(fd);
	unlink("owned");
}

#ifndef F_CREATED_QUERY
#define F_CREATED_QUERY 1028
#endif

/* F_CREATED_QUERY (Linux 6.12): did this open make the file? */
static void test_created_query(void)
{
	int fd = open("/dev/null", O_RDONLY);

	CHECK(fd >= 0 && fcntl(fd, F_CREATED_QUERY, 0) == 0, "F_CREATED_QUERY: /dev/null, not made");
	close(fd);
	fd = open("made", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && fcntl(fd, F_CREATED_QUERY, 0) == 1, "F_CREATED_QUERY: made by O_CREAT");
	CHECK(dup2(fd, 20) == 20 && fcntl(20, F_CREATED_QUERY, 0) == 1,
	      "F_CREATED_QUERY: a dup shares the open's answer");
	close(20);
	close(fd);
	fd = open("made", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && fcntl(fd, F_CREATED_QUERY, 0) == 0,
	      "F_CREATED_QUERY: O_CREAT of an existing file did not make it");
	close(fd);
	unlink("made");
}

/* O_PATH: a descriptor that names a file - fstat, fchdir, dup, some
 * fcntls and *at() work; reading, writing, fchmod, mmap do not (EBADF). */
static void test_o_path(void)
{
	struct stat st;
	char buf[4];
	int fd, dfd, nfd;

	close(open("p", O_CREAT | O_RDWR, 0644));
	if (symlink("p", "plink"))
		CHECK(0, "symlink for O_PATH");
	fd = open("p", O_PATH);
	CHECK(fd >= 0, "open O_PATH");
	errno = 0;
	CHECK(read(fd, buf, 1) == -1 && errno == EBADF, "O_PATH: read EBADF");
	errno = 0;
	CHECK(write(fd, "x", 1) == -1 && errno == EBADF, "O_PATH: write EBADF");
	errno = 0;
	CHECK(fchmod(fd, 0600) == -1 && errno == EBADF, "O_PATH: fchmod EBADF");
	errno = 0;
	CHECK(mmap(NULL, 1, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EBADF,
	      "O_PATH: mmap EBADF");
	errno = 0;
	CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == EBADF, "O_PATH: lseek EBADF");
	errno = 0;
	CHECK(fcntl(fd, F_SETLK, &(struct flock){ .l_type = F_RDLCK }) == -1 && errno == EBADF,
	      "O_PATH: F_SETLK EBADF");
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode), "O_PATH: fstat works");
	CHECK((fcntl(fd, F_GETFL) & O_PATH) && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
	      fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_PATH: F_GETFL says O_PATH; F_SETFD works");
	nfd = dup(fd);
	CHECK(nfd >= 0 && close(nfd) == 0 && close(fd) == 0, "O_PATH: dup and close");
	fd = open("plink", O_PATH | O_NOFOLLOW);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode),
	      "O_PATH | O_NOFOLLOW: the symlink itself");
	close(fd);
	errno = 0;
	CHECK(open("p/", O_PATH) == -1 && errno == ENOTDIR, "O_PATH: a file with a slash ENOTDIR");
	dfd = open(".", O_PATH | O_DIRECTORY);
	CHECK(dfd >= 0, "O_PATH of a directory");
	fd = openat(dfd, "p", O_RDONLY);
	CHECK(fd >= 0, "O_PATH directory as openat's dirfd");
	close(fd);
	errno = 0;
	CHECK(getdents64(dfd, buf, sizeof buf) == -1 && errno == EBADF, "O_PATH: getdents EBADF");
	CHECK(fchdir(dfd) == 0, "O_PATH: fchdir works");
	close(dfd);
	unlink("plink");
	unlink("p");
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/t_file.XXXXXX";

	if (argc == 5 && strcmp(argv[1], "--fds") == 0)
		return fds_child(argv);
	if (!CHECK(mkdtemp(dir) && chdir(dir) == 0, "a scratch directory under /tmp"))
		return check_summary("t_file");
	test_create();
	test_sparse();
	test_append_and_vectors();
	test_rename_unlink();
	test_dirs();
	test_symlinks();
	test_dup();
	test_cloexec();
	test_dev_null();
	test_pipes();
	test_locks();
	test_ofd_locks();
	test_flock();
	test_owner();
	test_created_query();
	test_o_path();
	unlink("f");
	unlink("sparse");
	unlink("log");
	unlink("dup");
	CHECK(chdir("/") == 0 && rmdir(dir) == 0, "the scratch directory is removed, empty");
	return check_summary("t_file");
}
