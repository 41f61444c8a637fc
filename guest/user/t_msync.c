/*
 * t_msync.c - shared file mappings reach the file: msync (MS_SYNC and
 * MS_ASYNC) and munmap write what was stored through MAP_SHARED, a child's
 * writes survive its exit, a mapping never makes the file longer, and
 * msync's argument checks (EINVAL, ENOMEM, EBUSY: MS_INVALIDATE of locked
 * memory).  The file is read back with
 * read(2), the way another process would see it.  On a RAM filesystem
 * (/tmp) there is one copy: a write(2) shows in the mapping at once, a
 * child's store shows in the parent's mapping, and a futex in the mapped
 * file wakes across processes (how LTP's checkpoints work).
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <sched.h>
#include <time.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <linux/futex.h>

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
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), *q;

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
	CHECK(mlock(p, PAGE) == 0, "mlock the first page");
	errno = 0;
	CHECK(msync(p, PAGE, MS_INVALIDATE) == -1 && errno == EBUSY,
	      "msync(MS_INVALIDATE) of locked memory = EBUSY");
	CHECK(msync(p, PAGE, MS_SYNC) == 0, "msync(MS_SYNC) of it = 0");
	CHECK(munlock(p, PAGE) == 0 && msync(p, PAGE, MS_INVALIDATE) == 0,
	      "unlocked: msync(MS_INVALIDATE) = 0");
	q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd, 0);
	errno = 0;
	CHECK(q != MAP_FAILED && msync(q, PAGE, MS_INVALIDATE | MS_SYNC) == -1 && errno == EBUSY,
	      "a MAP_LOCKED mapping: msync(MS_INVALIDATE) = EBUSY");
	munmap(q, PAGE);
	munmap(p, 3 * PAGE);
	close(fd);
	unlink(PATH);
}

static void test_one_copy(void)
{
	int fd = make_file(PAGE), st = -1;
	volatile char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile unsigned *word = (volatile unsigned *)(p + 64);
	pid_t pid;

	CHECK(pwrite(fd, "w", 1, 3) == 1 && p[3] == 'w', "a write(2) shows in the mapping at once");
	*word = 0;
	pid = fork();
	if (pid == 0) {
		p[4] = 'k';
		while (*word == 0)
			sched_yield();
		/* Until it wakes someone: the parent may not sleep yet. */
		while (syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0) != 1)
			sched_yield();
		_exit(0);
	}
	while (p[4] != 'k')
		sched_yield();
	CHECK(p[4] == 'k', "a child's store shows in the parent's mapping");
	*word = 1;
	CHECK(syscall(SYS_futex, word, FUTEX_WAIT, 1, &(struct timespec){ 30, 0 }, NULL, 0) == 0,
	      "a futex in a mapped file: the child's FUTEX_WAKE ends the parent's wait");
	waitpid(pid, &st, 0);
	munmap((void *)p, PAGE);
	close(fd);
}

int main(void)
{
	test_msync();
	test_child();
	test_no_growth();
	test_one_copy();
	test_errors();
	return check_summary("t_msync");
}
