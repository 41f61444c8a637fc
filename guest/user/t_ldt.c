/*
 * t_ldt.c - modify_ldt (i386 system call 123): the per-address-space local
 * descriptor table.  Reading (func 0: raw descriptors, zero-filled up to
 * the count asked for; none yet: 0), the default LDT (func 2), writing
 * (func 1, the old mode: no "useable" bit, base 0 + limit 0 clears; 0x11:
 * Linux's empty descriptor clears), the errors (EINVAL for a bad size,
 * entry >= 8192 or conforming code; EFAULT; ENOSYS for another func), and
 * using entries through %fs: an offset base, across system calls, context
 * switches and a signal handler, shared by a thread, copied by fork,
 * dropped by exec; a not-present entry raises SIGBUS, one past the table
 * SIGSEGV.
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#define _GNU_SOURCE
#include "check.h"
#include <asm/ldt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define SEL(i) (((i) << 3) | 4 | 3)

static uint32_t area[8] = { 0x11110000, 0x11110001, 0x11110002, 0x11110003,
                            0x11110004, 0x11110005, 0x11110006, 0x11110007 };
static uint32_t other[2] = { 0x22220000, 0x22220001 };

static long ldt(int func, void *ptr, unsigned long n)
{
	return syscall(SYS_modify_ldt, func, ptr, n);
}

/* A 32-bit read/write data segment at base, limit bytes - 1. */
static struct user_desc data_desc(unsigned entry, const void *base, unsigned limit)
{
	struct user_desc u;

	memset(&u, 0, sizeof(u));
	u.entry_number = entry;
	u.base_addr = (unsigned)(uintptr_t)base;
	u.limit = limit;
	u.seg_32bit = 1;
	return u;
}

static int set(int func, struct user_desc u)
{
	return (int)ldt(func, &u, sizeof(u));
}

/* The word at %fs:off with %fs = sel; the old %fs back afterwards. */
static uint32_t fs_read(unsigned sel, unsigned off)
{
	uint32_t v, old;

	__asm__ volatile("movl %%fs, %1\n\tmovl %2, %%fs\n\tmovl %%fs:(%3), %0\n\tmovl %1, %%fs"
	                 : "=&r"(v), "=&r"(old) : "r"(sel), "r"(off) : "memory");
	return v;
}

/* The descriptor Linux builds (fill_ldt), written out independently. */
static uint64_t expect_desc(uint32_t base, uint32_t limit, unsigned type, unsigned present,
                            unsigned avl, unsigned db, unsigned g)
{
	uint32_t lo = (limit & 0xFFFF) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xFF) | (type << 8) | (1u << 12) | (3u << 13) |
	              (present << 15) | (limit & 0xF0000) | (avl << 20) | (db << 22) |
	              (g << 23) | (base & 0xFF000000u);

	return ((uint64_t)hi << 32) | lo;
}

static void test_errors(void)
{
	struct user_desc u = data_desc(0, area, 31);
	uint8_t buf[64];

	errno = 0;
	CHECK(ldt(0, buf, sizeof(buf)) == 0, "read with no LDT yet = 0");
	memset(buf, 0xAA, sizeof(buf));
	CHECK(ldt(2, buf, 24) == 24 && buf[0] == 0 && buf[23] == 0 && buf[24] == 0xAA,
	      "read the default LDT: zeroes, as many as asked for");
	errno = 0;
	CHECK(ldt(100, buf, 4) == -1 && errno == ENOSYS, "func 100 = ENOSYS");
	errno = 0;
	CHECK(ldt(1, NULL, 4) == -1 && errno == EINVAL, "write with a short size = EINVAL");
	errno = 0;
	CHECK(ldt(0x11, &u, sizeof(u) + 1) == -1 && errno == EINVAL, "write with a long size = EINVAL");
	errno = 0;
	CHECK(ldt(1, NULL, sizeof(u)) == -1 && errno == EFAULT, "write from NULL = EFAULT");
	errno = 0;
	CHECK(ldt(2, NULL, 8) == -1 && errno == EFAULT, "read the default LDT to NULL = EFAULT");
	u.entry_number = 8192;
	errno = 0;
	CHECK(set(0x11, u) == -1 && errno == EINVAL, "entry 8192 = EINVAL");
	u.entry_number = 1;
	u.contents = 3;
	errno = 0;
	CHECK(set(0x11, u) == -1 && errno == EINVAL, "present conforming code = EINVAL");
	u.seg_not_present = 1;
	errno = 0;
	CHECK(set(1, u) == -1 && errno == EINVAL, "conforming code in the old mode = EINVAL");
	errno = 0;
	CHECK(ldt(0, buf, sizeof(buf)) == 0, "refused writes made no LDT");
	CHECK(set(0x11, u) == 0, "not-present conforming code is accepted");
}

static void test_write_read(void)
{
	uint64_t d[4];
	uint8_t big[200];
	struct user_desc u = data_desc(0, area, sizeof(area) - 1);

	CHECK(set(0x11, u) == 0, "write entry 0: 32 bytes over an array");
	CHECK(fs_read(SEL(0), 0) == 0x11110000 && fs_read(SEL(0), 28) == 0x11110007,
	      "read through %%fs = entry 0");
	area[3] = 0x3333;
	CHECK(fs_read(SEL(0), 12) == 0x3333, "the segment is the memory, not a copy");
	u = data_desc(2, &area[4], 7);
	CHECK(set(0x11, u) == 0 && fs_read(SEL(2), 4) == 0x11110005, "a base inside the array");
	CHECK(ldt(0, d, sizeof(d)) == sizeof(d), "read 4 entries = 32");
	CHECK(d[0] == expect_desc((uint32_t)(uintptr_t)area, 31, 3, 1, 0, 1, 0),
	      "entry 0 reads back as Linux builds it");
	CHECK(d[1] == expect_desc((uint32_t)(uintptr_t)area, 31, 0xF, 0, 0, 1, 0),
	      "entry 1: the not-present conforming code");
	CHECK(d[2] == expect_desc((uint32_t)(uintptr_t)&area[4], 7, 3, 1, 0, 1, 0), "entry 2");
	CHECK(d[3] == 0, "past the table: zero-filled");
	memset(big, 0xAA, sizeof(big));
	CHECK(ldt(0, big, sizeof(big)) == (long)sizeof(big) && big[199] == 0 && big[24] == 0,
	      "a larger read is zero-filled to its end");
	errno = 0;
	CHECK(ldt(0, (char *)sbrk(0) + 0xFFF, 8) == -1 && errno == EFAULT, "read to a bad address = EFAULT");

	u = data_desc(5, other, 7);
	u.useable = 1;
	u.limit_in_pages = 1;
	u.read_exec_only = 1;
	CHECK(set(1, u) == 0 && ldt(0, d, sizeof(d)) == sizeof(d), "old mode write of entry 5");
	{
		uint64_t e[6];

		CHECK(ldt(0, e, sizeof(e)) == sizeof(e) &&
		      e[5] == expect_desc((uint32_t)(uintptr_t)other, 7, 1, 1, 0, 1, 1),
		      "the old mode drops the useable bit; read-only, page-granular");
		CHECK(set(0x11, u) == 0 && ldt(0, e, sizeof(e)) == sizeof(e) &&
		      e[5] == expect_desc((uint32_t)(uintptr_t)other, 7, 1, 1, 1, 1, 1),
		      "func 0x11 keeps it");
		u = data_desc(5, 0, 0);
		CHECK(set(1, u) == 0 && ldt(0, e, sizeof(e)) == sizeof(e) && e[5] == 0,
		      "old mode: base 0 and limit 0 clear the entry");
		u = data_desc(5, other, 7);
		CHECK(set(0x11, u) == 0, "entry 5 again");
		memset(&u, 0, sizeof(u));
		u.entry_number = 5;
		u.read_exec_only = 1;
		u.seg_not_present = 1;
		CHECK(set(0x11, u) == 0 && ldt(0, e, sizeof(e)) == sizeof(e) && e[5] == 0,
		      "the empty descriptor clears it");
	}
}

static void on_usr1(int sig)
{
	(void)sig;
	fs_read(SEL(2), 0);             /* the handler uses %fs itself */
}

/* %fs holding an LDT selector across kernel entries. */
static void test_kept(void)
{
	uint32_t a, b, c;
	int st;

	signal(SIGUSR1, on_usr1);
	__asm__ volatile("movl %0, %%fs" : : "r"(SEL(0)));
	getppid();
	__asm__ volatile("movl %%fs:4, %0" : "=r"(a));
	if (fork() == 0)
		_exit(0);
	wait(&st);
	sched_yield();
	__asm__ volatile("movl %%fs:8, %0" : "=r"(b));
	raise(SIGUSR1);
	__asm__ volatile("movl %%fs:0, %0\n\tmovl %1, %%fs" : "=&r"(c) : "r"(0));
	CHECK(a == 0x11110001, "%%fs kept across a system call");
	CHECK(b == 0x11110002, "... across fork, wait and a switch");
	CHECK(c == 0x11110000, "... across a signal handler");
}

/* A child's fate reading through sel: its signal, or 0 if it read. */
static int child_reads(unsigned sel)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		fs_read(sel, 0);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static void test_faults(void)
{
	struct user_desc u = data_desc(3, area, 31);

	u.seg_not_present = 1;
	CHECK(set(0x11, u) == 0, "entry 3 not present");
	CHECK(child_reads(SEL(3)) == SIGBUS, "loading a not-present entry: SIGBUS");
	CHECK(child_reads(SEL(40)) == SIGSEGV, "loading an entry past the table: SIGSEGV");
	CHECK(child_reads(SEL(4)) == SIGSEGV, "loading an empty entry: SIGSEGV");
	u = data_desc(0, 0, 10);
	CHECK(set(1, u) == 0 && child_reads(SEL(0)) == SIGSEGV,
	      "a segment at 0 reads page 0: SIGSEGV (LTP modify_ldt02)");
	u = data_desc(0, area, sizeof(area) - 1);
	CHECK(set(0x11, u) == 0 && child_reads(SEL(0)) == 0, "entry 0 back over the array");
}

static void *thread_writes(void *arg)
{
	struct user_desc u = data_desc(6, other, 7);

	(void)arg;
	return (void *)(intptr_t)set(0x11, u);
}

static void test_sharing(void)
{
	pthread_t t;
	void *rc = (void *)1;
	int st = -1;
	pid_t pid;

	CHECK(pthread_create(&t, NULL, thread_writes, NULL) == 0 && pthread_join(t, &rc) == 0 &&
	      rc == 0, "a thread writes entry 6");
	CHECK(fs_read(SEL(6), 4) == 0x22220001, "... which the whole process sees");
	pid = fork();
	if (pid == 0) {
		struct user_desc u = data_desc(0, other, 7);
		int ok = fs_read(SEL(6), 0) == 0x22220000 && set(0x11, u) == 0 &&
		         fs_read(SEL(0), 0) == 0x22220000;

		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a fork child has a copy and changes it");
	CHECK(fs_read(SEL(0), 0) == 0x11110000, "... the parent's stays");
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_ldt", "exec-check", (char *)NULL);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec drops the LDT");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check")) {
		char buf[16];

		return ldt(0, buf, sizeof(buf)) == 0 ? 0 : 1;
	}
	test_errors();
	test_write_read();
	test_kept();
	test_faults();
	test_sharing();
	return check_summary("t_ldt");
}
