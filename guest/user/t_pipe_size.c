/*
 * t_pipe_size.c - a pipe's capacity (F_GETPIPE_SZ, F_SETPIPE_SZ): 64 KiB
 * at first, set sizes rounded up to a power-of-two number of pages, data
 * kept in order across a resize, EBUSY below what the pipe holds, EINVAL
 * past 2^31, EPERM beyond /proc/sys/fs/pipe-max-size for a user without
 * CAP_SYS_RESOURCE, EBADF on a file that is no pipe; and F_GETLK naming
 * the conflicting lock that starts first.  Also: a read takes all a pipe
 * holds at once (not a page at a time); packet pipes (pipe2 O_DIRECT),
 * where each write is a packet and each read takes one; the per-user
 * limits' settings in /proc/sys/fs.
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

static void test_sizes(void)
{
	int p[2], fd = open("/tmp", O_RDONLY);
	char buf[9000], out[9000];

	CHECK(pipe(p) == 0 && fcntl(p[0], F_GETPIPE_SZ) == 65536, "a new pipe holds 64 KiB");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192 && fcntl(p[0], F_GETPIPE_SZ) == 8192,
	      "5000 bytes round up to two pages");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 0) == 4096, "0 gives one page");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 8192) == 8192, "back to two pages");
	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = (char)(i * 7);
	CHECK(write(p[1], buf, 3000) == 3000 && read(p[0], out, 1000) == 1000 &&
	      write(p[1], buf + 3000, 2000) == 2000, "fill it past its wrap point");
	errno = 0;
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 2048) == -1 && errno == EBUSY, "smaller than its data = EBUSY");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 16384) == 16384 && read(p[0], out + 1000, 4000) == 4000 &&
	      memcmp(out, buf, 5000) == 0, "grown, the data reads back in order");
	errno = 0;
	CHECK(fcntl(p[1], F_SETPIPE_SZ, (1u << 31) + 1) == -1 && errno == EINVAL, "past 2^31 = EINVAL");
	errno = 0;
	CHECK(fcntl(fd, F_GETPIPE_SZ) == -1 && errno == EBADF, "F_GETPIPE_SZ of a directory = EBADF");
	close(fd);
	if (fork() == 0) {
		int st = setuid(65534) == 0 && fcntl(p[1], F_SETPIPE_SZ, 2 << 20) == -1 && errno == EPERM;

		_exit(st ? 0 : 1);
	}
	{
		int st = -1;

		wait(&st);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nobody past pipe-max-size = EPERM");
	}
	close(p[0]);
	close(p[1]);
}

static void test_getlk_first(void)
{
	int fd = open("/tmp/t_pipe_size.lk", O_RDWR | O_CREAT | O_TRUNC, 0600), st = -1;
	struct flock w = { F_WRLCK, SEEK_SET, 10, 5, 0 }, r = { F_RDLCK, SEEK_SET, 1, 5, 0 };

	CHECK(fcntl(fd, F_SETLK, &w) == 0 && fcntl(fd, F_SETLK, &r) == 0, "a write lock at 10, a read lock at 1");
	if (fork() == 0) {
		struct flock q = { F_WRLCK, SEEK_SET, 0, 0, 0 };

		_exit(fcntl(fd, F_GETLK, &q) == 0 && q.l_type == F_RDLCK && q.l_start == 1 &&
		      q.l_len == 5 ? 0 : 1);
	}
	wait(&st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "F_GETLK names the conflicting lock that starts first");
	close(fd);
	unlink("/tmp/t_pipe_size.lk");
}

static void test_whole_read(void)
{
	static char buf[65536], out[65536];
	int p[2];

	memset(buf, 'x', sizeof buf);
	CHECK(pipe(p) == 0 && write(p[1], buf, sizeof buf) == (ssize_t)sizeof buf,
	      "64 KiB fill a pipe");
	CHECK(read(p[0], out, sizeof out) == (ssize_t)sizeof out,
	      "one read takes all 64 KiB");
	CHECK(write(p[1], buf, 5000) == 5000 && read(p[0], out, sizeof out) == 5000,
	      "a read takes what there is and returns");
	close(p[0]);
	close(p[1]);
}

static void test_packets(void)
{
	char buf[8192], out[8192];
	int p[2], n, i;

	memset(buf, 'p', sizeof buf);
	CHECK(pipe2(p, O_DIRECT) == 0, "pipe2 O_DIRECT");
	CHECK((fcntl(p[1], F_GETFL) & O_DIRECT) && !(fcntl(p[0], F_GETFL) & O_DIRECT),
	      "the write end says O_DIRECT, the read end not");
	CHECK(write(p[1], "abc", 3) == 3 && write(p[1], "defgh", 5) == 5, "two writes");
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 8, "FIONREAD: 8 bytes");
	CHECK(read(p[0], out, sizeof out) == 3 && memcmp(out, "abc", 3) == 0,
	      "a read takes the first packet only");
	CHECK(read(p[0], out, sizeof out) == 5 && memcmp(out, "defgh", 5) == 0,
	      "the next read the second");
	CHECK(write(p[1], "0123456789", 10) == 10 && write(p[1], "XY", 2) == 2 &&
	      read(p[0], out, 4) == 4 && read(p[0], out, sizeof out) == 2 &&
	      memcmp(out, "XY", 2) == 0, "a short read drops the rest of its packet");
	CHECK(write(p[1], buf, 5000) == 5000 && read(p[0], out, sizeof out) == 4096 &&
	      read(p[0], out, sizeof out) == 904, "5000 bytes are packets of 4096 and 904");
	fcntl(p[1], F_SETFL, O_NONBLOCK | O_DIRECT);   /* (F_SETFL sets O_DIRECT too) */
	for (i = 0; i < 20 && write(p[1], "z", 1) == 1; i++)
		;
	CHECK(i == 16 && errno == EAGAIN, "sixteen 1-byte packets fill 16 pages, then EAGAIN");
	close(p[0]);
	close(p[1]);
}

static void test_user_limits(void)
{
	char text[32];
	FILE *f = fopen("/proc/sys/fs/pipe-user-pages-soft", "r");

	CHECK(f && fgets(text, sizeof text, f) && strcmp(text, "16384\n") == 0,
	      "pipe-user-pages-soft: 16384 pages");
	if (f)
		fclose(f);
	f = fopen("/proc/sys/fs/pipe-user-pages-hard", "r");
	CHECK(f && fgets(text, sizeof text, f) && strcmp(text, "0\n") == 0,
	      "pipe-user-pages-hard: 0 (none)");
	if (f)
		fclose(f);
}

int main(void)
{
	test_sizes();
	test_getlk_first();
	test_whole_read();
	test_packets();
	test_user_limits();
	return check_summary("t_pipe_size");
}
