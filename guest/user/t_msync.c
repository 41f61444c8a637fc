/*
 * t_msync.c - shared file mappings reach the file: msync (MS_SYNC and
 * MS_ASYNC) and munmap write what was stored through MAP_SHARED, a child's
 * writes survive its exit, a mapping never makes the file longer, and
 * msync's argument checks (EINVAL, ENOMEM).  The file is read back with
 * read(2), the way another process would see it.
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define PAGE 4096
#define PATH "/tmp/t_msync.dat"

/* A fresh file of len bytes of 'a'. */
static int make_file(int len)
{
	char buf[PAGE * 2];
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);

	memset(buf, 'a', sizeof buf);
	if (fd < 0 || write(fd, buf, len) != len)
		return -1;
	return fd;
}

static char byte_at(int fd, off_t off)
{
	char c = 0;

	return pread(fd, &c, 1, off) == 1 ? c : 0;
}

static void test_msync(void)
{
	int fd = make_file(2 * PAGE);
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	CHECK(p != MAP_FAILED, "mmap(MAP_SHARED) of a read-write file");
	p[10] = 'x';
	CHECK(msync(p, PAGE, MS_SYNC) == 0 && byte_at(fd, 10) == 'x',
	      "msync(MS_SYNC): the file holds the mapped write");
	p[PAGE + 5] = 'y';
	CHECK(msync(p, 2 * PAGE, MS_ASYNC) == 0, "msync(MS_ASYNC) = 0");
	CHECK(msync(p, 2 * PAGE, MS_SYNC) == 0 && byte_at(fd, PAGE + 5) == 'y',
	      "a write to the second page reaches the file");
	p[20] = 'z';
	CHECK(munmap(p, 2 * PAGE) == 0 && byte_at(fd, 20) == 'z',
	      "munmap without msync: the write reaches the file");
	close(fd);
}

static void test_child(void)
{
	int fd = make_file(PAGE), st = -1;
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid;

	p[1] = 'p';
	pid = fork();
	if (pid == 0) {
		p[2] = 'c';
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && byte_at(fd, 2) == 'c', "a child's write reaches the file by its exit");
	CHECK(msync(p, PAGE, MS_SYNC) == 0 && byte_at(fd, 1) == 'p' && byte_at(fd, 2) == 'c',
	      "the parent's msync keeps the child's write");
	munmap(p, PAGE);
	close(fd);
}

static void test_no_growth(void)
{
	int fd = make_file(100);
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct stat st;

	p[50] = 'q';
	p[200] = 'r';                      /* past the end, inside the last page */
	CHECK(msync(p, PAGE, MS_SYNC) == 0 && fstat(fd, &st) == 0 && st.st_size == 100,
	      "a mapping never makes the file longer");
	CHECK(byte_at(fd, 50) == 'q', "the write inside the file is kept");
	munmap(p, PAGE);
	close(fd);
}

static void test_errors(void)
{
	int fd = make_file(PAGE);
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	errno = 0;
	CHECK(msync(p + 1, PAGE, MS_SYNC) == -1 && errno == EINVAL, "msync of an unaligned address = EINVAL");
	errno = 0;
	CHECK(msync(p, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "msync(MS_SYNC | MS_ASYNC) = EINVAL");
	errno = 0;
	CHECK(msync(p, PAGE, 0x100) == -1 && errno == EINVAL, "msync with an unknown flag = EINVAL");
	munmap(p + PAGE, PAGE);
	errno = 0;
	CHECK(msync(p, 3 * PAGE, MS_SYNC) == -1 && errno == ENOMEM,
	      "msync over an unmapped page = ENOMEM");
	CHECK(msync(p, 0, MS_SYNC) == 0, "msync of no bytes = 0");
	munmap(p, 3 * PAGE);
	close(fd);
	unlink(PATH);
}

int main(void)
{
	test_msync();
	test_child();
	test_no_growth();
	test_errors();
	return check_summary("t_msync");
}
