/*
 * t_mem.c - user memory: anonymous mmap (zero-filled, usable), munmap (an
 * access afterwards is SIGSEGV with SEGV_MAPERR at that address),
 * mprotect (a write to a read-only page is SIGSEGV with SEGV_ACCERR), file
 * mappings and what the file's open mode allows them (EACCES), private versus shared mappings across fork, brk growth and
 * shrinking, stack growth, and bad pointers handed to the kernel (EFAULT,
 * never a crash): a user address that is unmapped and one in the kernel.
 *
 * Faults are caught with a SA_SIGINFO handler that siglongjmps back.
 * Prints one line per check, the same on Linux as on our kernel.
 */
#include "check.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define PAGE 4096u
#define KERNEL_ADDR ((void *)0xC0000000u)   /* the guest kernel's direct map */

static sigjmp_buf fault_jmp;
static volatile void *fault_addr;
static volatile int fault_code, fault_sig;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	fault_sig = sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(fault_jmp, 1);
}

static void catch_faults(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* Write one byte at p; 1 if that faulted (the handler jumped back). */
static int write_faults(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		*p = 1;
		return 0;
	}
	return 1;
}

static int read_faults(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		(void)*p;
		return 0;
	}
	return 1;
}

static void test_anon(void)
{
	size_t len = 16 * PAGE;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1, kept = 1;

	if (!CHECK(p != MAP_FAILED, "mmap of 16 anonymous pages"))
		return;
	CHECK(((uintptr_t)p & (PAGE - 1)) == 0, "the mapping is page-aligned");
	for (size_t i = 0; i < len; i++)
		zero &= p[i] == 0;
	CHECK(zero, "anonymous memory starts zeroed");
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i ^ (i >> 8));
	for (size_t i = 0; i < len; i++)
		kept &= p[i] == (unsigned char)(i ^ (i >> 8));
	CHECK(kept, "every byte written reads back");
	CHECK(munmap(p + 4 * PAGE, PAGE) == 0, "munmap of one page in the middle");
	CHECK(read_faults((char *)p + 4 * PAGE + 10) && fault_sig == SIGSEGV &&
	      fault_code == SEGV_MAPERR && fault_addr == p + 4 * PAGE + 10,
	      "reading an unmapped page: SIGSEGV, SEGV_MAPERR, si_addr the address");
	CHECK(!read_faults((char *)p + 5 * PAGE), "the page after the hole is still mapped");
	CHECK(munmap(p, len) == 0, "munmap of the whole range (hole included)");
	CHECK(write_faults((char *)p) && fault_code == SEGV_MAPERR,
	      "writing after munmap: SIGSEGV");
}

static void test_mprotect(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!CHECK(p != MAP_FAILED, "mmap of 2 pages for mprotect"))
		return;
	p[PAGE] = 42;
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ) == 0, "mprotect one page read-only");
	CHECK(write_faults(p + PAGE) && fault_code == SEGV_ACCERR &&
	      fault_addr == p + PAGE, "writing a read-only page: SIGSEGV, SEGV_ACCERR");
	CHECK(p[PAGE] == 42 && !write_faults(p), "it stays readable, the other page writable");
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0 && !write_faults(p + PAGE),
	      "mprotect back to read-write: writing works again");
	CHECK(mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED,
	      "a PROT_NONE mapping can be made");
	munmap(p, 2 * PAGE);
}

static void test_fork_sharing(void)
{
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	if (!CHECK(priv != MAP_FAILED && shared != MAP_FAILED,
		   "mmap MAP_PRIVATE and MAP_SHARED anonymous pages"))
		return;
	priv[0] = shared[0] = 'p';
	pid = fork();
	if (pid == 0) {
		priv[0] = shared[0] = 'c';
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(priv[0] == 'p', "after fork, a child's write to MAP_PRIVATE memory stays its own");
	CHECK(shared[0] == 'c', "after fork, a child's write to MAP_SHARED memory is seen here");
	munmap(priv, PAGE);
	munmap(shared, PAGE);
}

static void test_file_map(void)
{
	char path[] = "/tmp/t_mem.XXXXXX", buf[3 * PAGE];
	int fd = mkstemp(path);
	char *p;

	if (!CHECK(fd >= 0, "mkstemp in /tmp"))
		return;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	CHECK(write(fd, buf, sizeof buf - 100) == (ssize_t)(sizeof buf - 100),
	      "write a 3-page file (short of 100 bytes)");
	p = mmap(NULL, sizeof buf, PROT_READ, MAP_PRIVATE, fd, 0);
	if (CHECK(p != MAP_FAILED, "mmap the file MAP_PRIVATE read-only")) {
		CHECK(memcmp(p, buf, sizeof buf - 100) == 0, "the mapping holds the file's bytes");
		CHECK(p[sizeof buf - 1] == 0, "past the end of file, the last page reads zeros");
		munmap(p, sizeof buf);
	}
	close(fd);
	fd = open(path, O_RDONLY);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap MAP_SHARED read-only of a read-only fd");
	CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
	      "mprotect adding PROT_WRITE to it: EACCES");
	munmap(p, PAGE);
	CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EACCES, "mmap MAP_SHARED writable of a read-only fd: EACCES");
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0,
	      "a MAP_PRIVATE mapping of it may become writable");
	munmap(p, PAGE);
	close(fd);
	fd = open(path, O_WRONLY);
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EACCES,
	      "mmap of a write-only fd: EACCES");
	close(fd);
	unlink(path);
}

static void test_brk(void)
{
	char *start = (char *)syscall(SYS_brk, 0);
	char *want = start + 64 * PAGE, *got = (char *)syscall(SYS_brk, want);
	int ok = 1;

	CHECK(start != NULL, "brk(0) reports the current break");
	if (!CHECK(got == want, "brk grows the heap by 256 KiB"))
		return;
	for (char *q = start; q < want; q += PAGE / 2)
		*q = 7;
	for (char *q = start; q < want; q += PAGE / 2)
		ok &= *q == 7;
	CHECK(ok, "the new heap is usable");
	CHECK((char *)syscall(SYS_brk, start + PAGE) == start + PAGE, "brk shrinks it again");
	CHECK(read_faults(start + 8 * PAGE), "memory above a shrunk break is gone");
	CHECK((char *)syscall(SYS_brk, start) == start, "brk back to where it was");
}

/* Touch a 512 KiB stack frame: the stack must grow below its first pages. */
static __attribute__((noinline)) int deep(int n)
{
	volatile char frame[64 * 1024];

	frame[0] = (char)n;
	frame[sizeof frame - 1] = (char)n;
	return n == 0 ? frame[0] : deep(n - 1) + frame[sizeof frame - 1] - n + 1;
}

static void test_stack(void)
{
	CHECK(deep(7) == 7, "the stack grows to 512 KiB on demand");
}

/* A closed descriptor is EBADF before the length is looked at. */
static void test_mmap_order(void)
{
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_WRITE, MAP_SHARED, 99, 0) == MAP_FAILED && errno == EBADF,
	      "mmap of a closed fd with length 0 = EBADF");
}

static void test_efault(void)
{
	int fd = open("/usr/bin/t_mem", O_RDONLY), p[2];

	errno = 0;
	CHECK(syscall(SYS_write, 1, (void *)1, 10) == -1 && errno == EFAULT,
	      "write from an unmapped user address fails with EFAULT");
	errno = 0;
	CHECK(fd >= 0 && read(fd, KERNEL_ADDR, 10) == -1 && errno == EFAULT,
	      "read of file data into a kernel address fails with EFAULT");
	if (pipe(p) == 0) {
		(void)!write(p[1], "abc", 3);
		errno = 0;
		CHECK(read(p[0], KERNEL_ADDR, 3) == -1 && errno == EFAULT,
		      "read of pipe data into a kernel address fails with EFAULT");
		close(p[0]);
		close(p[1]);
	}
	errno = 0;
	CHECK(syscall(SYS_open, (char *)1, O_RDONLY) == -1 && errno == EFAULT,
	      "open of a path at an unmapped address fails with EFAULT");
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, KERNEL_ADDR) == -1 && errno == EFAULT,
	      "clock_gettime into a kernel address fails with EFAULT");
	errno = 0;
	CHECK(syscall(SYS_pipe, (int *)1) == -1 && errno == EFAULT,
	      "pipe with an unmapped array fails with EFAULT");
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	catch_faults();
	test_anon();
	test_mprotect();
	test_fork_sharing();
	test_file_map();
	test_brk();
	test_stack();
	test_efault();
	test_mmap_order();
	return check_summary("t_mem");
}
