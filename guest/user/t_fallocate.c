/*
 * t_fallocate.c - fallocate(2) on the RAM filesystem (/tmp), as tmpfs
 * answers it: a reservation grows the file (zeros), KEEP_SIZE does not,
 * PUNCH_HOLE zeroes a range (whole pages and parts) and keeps the size,
 * and the argument checks in Linux's order (EINVAL, EOPNOTSUPP, EBADF,
 * ESPIPE, EISDIR, EFBIG); SEEK_DATA and SEEK_HOLE over the holes.  dup3's
 * EINVAL before EBADF rides along.
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#define PATH "/tmp/t_fallocate.dat"

static off_t size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_size : -1;
}

static void test_reserve_and_punch(void)
{
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[3 * 4096], z[3 * 4096];

	memset(z, 0, sizeof z);
	CHECK(fallocate(fd, 0, 0, 5000) == 0 && size_of(fd) == 5000, "fallocate grows the file to 5000");
	CHECK(pread(fd, buf, 5000, 0) == 5000 && memcmp(buf, z, 5000) == 0, "the new bytes read as zeros");
	CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 20000) == 0 && size_of(fd) == 5000,
	      "FALLOC_FL_KEEP_SIZE keeps the size");
	memset(buf, 'x', sizeof buf);
	CHECK(pwrite(fd, buf, sizeof buf, 0) == (ssize_t)sizeof buf, "fill three pages");
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 8192) == 0 &&
	      size_of(fd) == (off_t)sizeof buf, "PUNCH_HOLE keeps the size");
	CHECK(pread(fd, buf, sizeof buf, 0) == (ssize_t)sizeof buf && buf[99] == 'x' &&
	      memcmp(buf + 100, z, 8192) == 0 && buf[8292] == 'x', "the hole reads as zeros, around it the data");
	errno = 0;
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10) == -1 && errno == EOPNOTSUPP,
	      "PUNCH_HOLE without KEEP_SIZE = EOPNOTSUPP");
	errno = 0;
	CHECK(fallocate(fd, 0, -1, 10) == -1 && errno == EINVAL, "a negative offset = EINVAL");
	errno = 0;
	CHECK(fallocate(fd, 0, 0, 0) == -1 && errno == EINVAL, "a length of 0 = EINVAL");
	errno = 0;
	CHECK(fallocate64(fd, 0, INT64_MAX - 10, 100) == -1 && errno == EFBIG, "past the largest offset = EFBIG");
	close(fd);
	fd = open(PATH, O_RDONLY);
	errno = 0;
	CHECK(fallocate(fd, 0, 0, 10) == -1 && errno == EBADF, "a read-only descriptor = EBADF");
	errno = 0;
	CHECK(dup3(fd, -1, 0x1234) == -1 && errno == EINVAL, "dup3 with bad flags = EINVAL before EBADF");
	close(fd);
	unlink(PATH);
}

/* SEEK_DATA and SEEK_HOLE see the pages a sparse file has. */
static void test_seek_holes(void)
{
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);

	CHECK(pwrite(fd, "a", 1, 0) == 1 && pwrite(fd, "c", 1, 8192 + 4095) == 1,
	      "a sparse file: data, a hole, data");
	CHECK(lseek(fd, 0, SEEK_DATA) == 0 && lseek(fd, 0, SEEK_HOLE) == 4096,
	      "SEEK_DATA 0 = 0, SEEK_HOLE 0 = 4096");
	CHECK(lseek(fd, 5000, SEEK_DATA) == 8192 && lseek(fd, 8192, SEEK_HOLE) == 12288,
	      "SEEK_DATA past the hole = 8192, SEEK_HOLE there = the end");
	errno = 0;
	CHECK(lseek(fd, 12288, SEEK_DATA) == -1 && errno == ENXIO, "SEEK_DATA at the end = ENXIO");
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 8192, 4096) == 0, "punch the last page");
	errno = 0;
	CHECK(lseek(fd, 4096, SEEK_DATA) == -1 && errno == ENXIO, "no data after the first page = ENXIO");
	close(fd);
	unlink(PATH);
}

static void test_kinds(void)
{
	int p[2], d = open("/tmp", O_RDONLY | O_DIRECTORY);

	CHECK(pipe(p) == 0, "pipe");
	errno = 0;
	CHECK(fallocate(p[1], 0, 0, 10) == -1 && errno == ESPIPE, "fallocate on a pipe = ESPIPE");
	errno = 0;
	CHECK(fallocate(d, 0, 0, 10) == -1 && errno == EBADF, "on a directory opened read-only = EBADF");
	close(p[0]);
	close(p[1]);
	close(d);
}

int main(void)
{
	test_reserve_and_punch();
	test_seek_holes();
	test_kinds();
	return check_summary("t_fallocate");
}
