/*
 * t_dnotify.c - directory notification (fcntl F_NOTIFY) as Linux gives it.
 *
 * A watched directory's events come as its F_SETSIG signal (si_code
 * POLL_MSG, si_fd the watching descriptor, si_band POLLIN|POLLRDNORM|
 * POLLMSG) or, without one, as SIGIO: a name made (DN_CREATE), removed
 * (DN_DELETE), moved (in one directory: DN_RENAME, DN_DELETE and
 * DN_CREATE, three events; between two the first gets DN_DELETE, the
 * second DN_CREATE), an entry read (DN_ACCESS), written or truncated (DN_MODIFY)
 * or chmod'ed (DN_ATTRIB), sendfile between entries (both), and the
 * directory itself chmod'ed or listed.
 * Without DN_MULTISHOT a watch ends with its first signal; asking again
 * adds events; F_NOTIFY 0, or closing any descriptor of the directory
 * (a dup too), ends it, but a forked child's close does not.  Watching a
 * subdirectory and its parent, a chmod of the subdirectory tells both
 * (LTP fcntl38).  F_NOTIFY on a file is ENOTDIR, and makes the caller
 * the file's owner (F_GETOWN).
 *
 * The signals stay blocked and are counted with sigtimedwait: Linux sends
 * them from within the call that made the change, and a real-time signal
 * queues one instance per event, so the counts are exact.
 *
 * Run as /usr/bin/t_dnotify; works in a fresh directory under /tmp.
 */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define RTSIG (SIGRTMIN + 1)

static siginfo_t last;

/* How many of sig are pending (taking them); the last one's siginfo. */
static int count(int sig)
{
	struct timespec zero = { 0, 0 };
	sigset_t one;
	int n = 0;

	sigemptyset(&one);
	sigaddset(&one, sig);
	while (sigtimedwait(&one, &last, &zero) == sig)
		n++;
	return n;
}

static int watch(const char *dir, int sig, unsigned long events)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || fcntl(fd, F_SETSIG, sig) != 0 || fcntl(fd, F_NOTIFY, events) != 0)
		return -1;
	return fd;
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);

	if (fd >= 0)
		close(fd);
}

static void test_errors(void)
{
	int f = open("file", O_RDWR | O_CREAT, 0644), d = open(".", O_RDONLY);

	CHECK(fcntl(f, F_NOTIFY, DN_CREATE) == -1 && errno == ENOTDIR, "F_NOTIFY on a file: ENOTDIR");
	CHECK(fcntl(f, F_NOTIFY, 0) == 0, "... but F_NOTIFY 0 (no watch to end) succeeds");
	CHECK(fcntl(d, F_GETOWN) == 0 && fcntl(d, F_NOTIFY, DN_CREATE) == 0 &&
	      fcntl(d, F_GETOWN) == getpid(), "F_NOTIFY makes the caller the directory's owner");
	CHECK(fcntl(d, F_NOTIFY, 0) == 0, "F_NOTIFY 0 ends the watch");
	close(d);
	close(f);
}

static void test_oneshot(void)
{
	int d = watch("w", RTSIG, DN_CREATE);

	touch("w/a");
	CHECK(count(RTSIG) == 1 && last.si_code == POLL_MSG && last.si_fd == d &&
	      last.si_band == (POLLIN | POLLRDNORM | POLLMSG),
	      "DN_CREATE: the F_SETSIG signal, POLL_MSG, si_fd and si_band");
	touch("w/b");
	CHECK(count(RTSIG) == 0, "without DN_MULTISHOT the watch ended with that signal");
	CHECK(fcntl(d, F_NOTIFY, DN_DELETE) == 0 && fcntl(d, F_NOTIFY, DN_CREATE) == 0,
	      "two F_NOTIFY calls add their events");
	unlink("w/b");
	CHECK(count(RTSIG) == 1, "... the first call's DN_DELETE comes");
	close(d);
}

static void test_entries(void)
{
	int d = watch("w", RTSIG, DN_CREATE | DN_DELETE | DN_RENAME | DN_MULTISHOT), fd;

	touch("w/c");
	mkdir("w/sub", 0755);
	symlink("c", "w/ln");
	link("w/c", "w/hard");
	CHECK(count(RTSIG) == 4, "open O_CREAT, mkdir, symlink, link: DN_CREATE each");
	rename("w/c", "w/d");
	CHECK(count(RTSIG) == 3, "a rename within the directory: three events");
	unlink("w/ln");
	unlink("w/hard");
	rmdir("w/sub");
	CHECK(count(RTSIG) == 3, "unlink, unlink, rmdir: DN_DELETE each");
	fd = open("w/d", O_RDWR);
	write(fd, "x", 1);
	read(fd, (char[1]){0}, 1);
	fchmod(fd, 0600);
	close(fd);
	CHECK(count(RTSIG) == 0, "writes, reads, chmod: not asked for, nothing");
	close(d);
	d = watch("w", RTSIG, DN_RENAME | DN_MULTISHOT);
	rename("w/d", "w2/d");
	CHECK(count(RTSIG) == 0, "a rename out of the directory is no DN_RENAME");
	rename("w2/d", "w/d");
	CHECK(count(RTSIG) == 0, "... nor into it");
	rename("w/d", "w/e");
	CHECK(count(RTSIG) == 1, "one within it is");
	close(d);
	d = watch("w", RTSIG, DN_DELETE | DN_MULTISHOT);
	fd = watch("w2", RTSIG, DN_CREATE | DN_MULTISHOT);
	rename("w/e", "w2/e");
	CHECK(count(RTSIG) == 2, "between two watched directories: DN_DELETE and DN_CREATE");
	close(fd);
	close(d);
}

static void test_children(void)
{
	int d = watch("w", RTSIG, DN_ACCESS | DN_MODIFY | DN_ATTRIB | DN_MULTISHOT), fd, out;
	char c;
	DIR *dir;

	fd = open("w2/e", O_RDWR);
	write(fd, "y", 1);
	close(fd);
	CHECK(count(RTSIG) == 0, "a file of another directory: nothing");
	rename("w2/e", "w/e");
	fd = open("w/e", O_RDWR);
	CHECK(write(fd, "y", 1) == 1 && count(RTSIG) == 1 && last.si_fd == d, "a write: DN_MODIFY");
	lseek(fd, 0, SEEK_SET);
	CHECK(read(fd, &c, 1) == 1 && count(RTSIG) == 1, "a read: DN_ACCESS");
	CHECK(read(fd, &c, 1) == 0 && count(RTSIG) == 0, "a read at the end: nothing");
	CHECK(ftruncate(fd, 0) == 0 && count(RTSIG) == 1, "ftruncate: DN_MODIFY");
	CHECK(chmod("w/e", 0600) == 0 && count(RTSIG) == 1, "chmod: DN_ATTRIB");
	close(fd);
	fd = open("w/e", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && count(RTSIG) == 1, "open O_TRUNC of an existing file: DN_MODIFY");
	write(fd, "abc", 3);
	close(fd);
	count(RTSIG);
	fd = open("w/e", O_RDONLY);
	out = open("w/copy", O_WRONLY | O_CREAT, 0644);
	CHECK(sendfile(out, fd, 0, 3) == 3 && count(RTSIG) == 2,
	      "sendfile between two of its files: DN_ACCESS and DN_MODIFY");
	close(out);
	close(fd);
	CHECK(chmod("w", 0755) == 0 && count(RTSIG) == 1, "chmod of the directory itself: DN_ATTRIB");
	dir = opendir("w");
	while (dir && readdir(dir))
		;
	CHECK(dir && count(RTSIG) >= 1, "listing the directory itself: DN_ACCESS");
	if (dir)
		closedir(dir);
	close(d);
}

/* LTP fcntl38: a subdirectory's chmod is told to its parent's watch and
 * its own. */
static void test_parent_and_subdir(void)
{
	int parent = watch(".", RTSIG, DN_ATTRIB | DN_MULTISHOT);
	int sub = watch("w", RTSIG, DN_ATTRIB | DN_MULTISHOT);
	struct timespec zero = { 0, 0 };
	sigset_t one;
	siginfo_t a, b;

	sigemptyset(&one);
	sigaddset(&one, RTSIG);
	chmod("w", 0700);
	CHECK(sigtimedwait(&one, &a, &zero) == RTSIG && sigtimedwait(&one, &b, &zero) == RTSIG &&
	      ((a.si_fd == parent && b.si_fd == sub) || (a.si_fd == sub && b.si_fd == parent)) &&
	      count(RTSIG) == 0, "chmod of a watched subdirectory: one signal for each watch");
	close(sub);
	close(parent);
}

static void test_closes(void)
{
	int d = watch("w", 0, DN_CREATE | DN_MULTISHOT), e, st = 0;
	pid_t pid;

	touch("w/f");
	CHECK(count(SIGIO) == 1 && last.si_code == SI_KERNEL, "no F_SETSIG: SIGIO, si_code SI_KERNEL");
	pid = fork();
	if (pid == 0) {
		close(d);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	touch("w/g");
	CHECK(count(SIGIO) == 1, "a forked child's close leaves the watch");
	e = dup(d);
	close(e);
	touch("w/h");
	CHECK(count(SIGIO) == 0, "closing a dup of the descriptor ends it");
	close(d);
}

int main(void)
{
	char dir[] = "/tmp/t_dnotify.XXXXXX";
	sigset_t set;

	if (!CHECK(mkdtemp(dir) && chdir(dir) == 0 && mkdir("w", 0755) == 0 && mkdir("w2", 0755) == 0,
	           "a scratch directory under /tmp"))
		return check_summary("t_dnotify");
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	sigaddset(&set, RTSIG);
	sigprocmask(SIG_BLOCK, &set, 0);
	test_errors();
	test_oneshot();
	test_entries();
	test_children();
	test_parent_and_subdir();
	test_closes();
	return check_summary("t_dnotify");
}
