/*
 * t_mem.c - user memory: anonymous mmap (zero-filled, usable), munmap (an
 * access afterwards is SIGSEGV with SEGV_MAPERR at that address),
 * mprotect (a write to a read-only page is SIGSEGV with SEGV_ACCERR), file
 * mappings and what the file's open mode allows them (EACCES), private
 * versus shared mappings across fork, brk growth and shrinking, stack
 * growth, and bad pointers handed to the kernel (EFAULT, never a crash): a
 * user address that is unmapped and one in the kernel.  A file page wholly
 * past the end of the file is SIGBUS (BUS_ADRERR) in private and shared
 * mappings (`t_mem eof DIR` checks only that, with a file in DIR: the ext2
 * disk test runs it on /mnt).  MAP_GROWSDOWN areas grow on a fault below
 * them, but not within Linux's stack guard gap of the area under them.
 * Memory locks: mlock, mlock2, munlock, mlockall, MAP_LOCKED as /proc shows
 * them (status's VmLck, smaps' Locked, Rss and VmFlags, areas split and
 * merged again), RLIMIT_MEMLOCK for a user without CAP_IPC_LOCK; smaps'
 * fields for known areas; pagemap's present, exclusive and file bits.
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
#include <sys/resource.h>
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

/* Maps one page of fd and unmaps it: 0 if mmap succeeded, else its errno. */
static int map_errno(int prot, int flags, int fd)
{
	void *p = mmap(NULL, PAGE, prot, flags, fd, 0);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, PAGE);
	return 0;
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
	CHECK(map_errno(PROT_READ | PROT_WRITE, MAP_SHARED, fd) == EACCES,
	      "mmap MAP_SHARED writable of a read-only fd: EACCES");
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0,
	      "a MAP_PRIVATE mapping of it may become writable");
	munmap(p, PAGE);
	close(fd);
	fd = open(path, O_WRONLY);
	CHECK(map_errno(PROT_READ, MAP_PRIVATE, fd) == EACCES, "mmap of a write-only fd: EACCES");
	close(fd);
	unlink(path);
}

/*
 * ---- the mapping type: MAP_SHARED_VALIDATE ----
 * LTP mmap20 expects EOPNOTSUPP for flag 0x80, but x86's Linux knows that
 * one since 6.6 (MAP_ABOVE4G; ignored for 32-bit programs): Linux fails
 * mmap20 on x86, and so do we.  0x200 is no flag on x86.
 */

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#define MAP_UNKNOWN 0x200
#define MAP_ABOVE4G_X86 0x80

static void test_map_type(void)
{
	char path[] = "/tmp/t_mem.XXXXXX", c = 0;
	int fd = mkstemp(path);
	char *p;

	if (!CHECK(fd >= 0 && ftruncate(fd, PAGE) == 0, "a one-page file in /tmp"))
		return;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_POPULATE, fd, 0);
	if (CHECK(p != MAP_FAILED, "MAP_SHARED_VALIDATE with a flag it knows maps the file")) {
		p[0] = 'v';
		CHECK(pread(fd, &c, 1, 0) == 1 && c == 'v', "... shared: a store reaches the file");
		munmap(p, PAGE);
	}
	CHECK(map_errno(PROT_READ, MAP_SHARED_VALIDATE | MAP_UNKNOWN, fd) == EOPNOTSUPP,
	      "MAP_SHARED_VALIDATE with an unknown flag: EOPNOTSUPP");
	CHECK(map_errno(PROT_READ, MAP_SHARED_VALIDATE | MAP_ABOVE4G_X86, fd) == 0,
	      "MAP_SHARED_VALIDATE with MAP_ABOVE4G maps the file");
	CHECK(map_errno(PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd) == EOPNOTSUPP,
	      "MAP_SYNC of a file that is not DAX: EOPNOTSUPP");
	CHECK(map_errno(PROT_READ, MAP_SHARED | MAP_UNKNOWN, fd) == 0,
	      "plain MAP_SHARED ignores the unknown flag");
	CHECK(map_errno(PROT_READ, MAP_SHARED | 0x04, fd) == EINVAL, "mapping type 5: EINVAL");
	CHECK(map_errno(PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1) == EINVAL,
	      "anonymous MAP_SHARED_VALIDATE: EINVAL");
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

/* ---- past the end of a mapped file ---- */

/* Both kinds of mapping of a 100-byte file in dir, 3 pages long. */
static void test_eof(const char *dir)
{
	static const int kinds[2] = { MAP_SHARED, MAP_PRIVATE };
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/t_mem.eof", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (!CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10 && ftruncate(fd, 100) == 0,
		   "a 100-byte file in %s", dir))
		return;
	for (int k = 0; k < 2; k++) {
		const char *kind = kinds[k] == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE";
		char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, kinds[k], fd, 0);
		int zeros = 1;

		if (!CHECK(p != MAP_FAILED, "%s of 3 pages of it", kind))
			continue;
		for (unsigned i = 100; i < PAGE; i++)
			zeros &= p[i] == 0;
		CHECK(memcmp(p, "0123456789", 10) == 0 && zeros,
		      "%s: the file's bytes, then zeros to the end of its last page", kind);
		CHECK(read_faults(p + PAGE + 8) && fault_sig == SIGBUS &&
		      fault_code == BUS_ADRERR && fault_addr == p + PAGE + 8,
		      "%s: reading the page past the end: SIGBUS, BUS_ADRERR, si_addr", kind);
		CHECK(write_faults(p + 2 * PAGE) && fault_sig == SIGBUS && fault_code == BUS_ADRERR,
		      "%s: writing two pages past the end: SIGBUS", kind);
		errno = 0;
		CHECK(pread(fd, p + PAGE, 10, 0) == -1 && errno == EFAULT,
		      "%s: read(2) into the page past the end: EFAULT", kind);
		CHECK(ftruncate(fd, PAGE + 1) == 0 && !read_faults(p + PAGE) && p[PAGE] == 0 &&
		      read_faults(p + 2 * PAGE) && fault_sig == SIGBUS,
		      "%s: once the file grows, its new page maps; the one after not", kind);
		CHECK(ftruncate(fd, 100) == 0, "the file back to 100 bytes");
		munmap(p, 3 * PAGE);
	}
	close(fd);
	unlink(path);
}

/* ---- MAP_GROWSDOWN ---- */

#define GAP_PAGES 256u                      /* Linux's stack_guard_gap */

/* The start of the /proc/self/maps area holding p, or 0. */
static unsigned long area_start(const void *p)
{
	char line[256];
	unsigned long lo, hi, found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (unsigned long)p &&
		    (unsigned long)p < hi)
			found = lo;
	if (f)
		fclose(f);
	return found;
}

static void test_growsdown(void)
{
	const size_t room = 300 * PAGE;
	char *r = mmap(NULL, room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *top, *low;

	if (!CHECK(r != MAP_FAILED && munmap(r, room) == 0, "reserve 300 pages of address space"))
		return;
	top = mmap(r + room - 4 * PAGE, 4 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	if (!CHECK(top == r + room - 4 * PAGE, "mmap MAP_GROWSDOWN of its top 4 pages"))
		return;
	CHECK(!write_faults(top - 1) && area_start(top) == (unsigned long)(top - PAGE),
	      "a write just below it: the area grows down one page");
	CHECK(!write_faults(top - 10 * PAGE) && area_start(top) == (unsigned long)(top - 10 * PAGE),
	      "a write 10 pages below: it grows down to that page");
	errno = 0;
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0) ==
	      MAP_FAILED && errno == EINVAL, "MAP_GROWSDOWN with MAP_SHARED: EINVAL");
	/* An accessible page below keeps the guard gap free of the stack. */
	low = mmap(r, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (CHECK(low == r, "a readable page at the bottom of the room")) {
		char *edge = low + PAGE + GAP_PAGES * PAGE;

		CHECK(write_faults(edge - 1) && fault_sig == SIGSEGV && fault_code == SEGV_MAPERR,
		      "a write within the guard gap above it: SIGSEGV, SEGV_MAPERR");
		CHECK(!write_faults(edge) && area_start(top) == (unsigned long)edge,
		      "a write right at the gap's end: the area grows to there");
	}
	munmap(r, room);
}

/* ---- memory locks, smaps, pagemap ---- */

/* The value of field `name` (kB) of /proc/self/status; -1 if missing. */
static long status_kb(const char *name)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = strlen(name);

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* Field `name` of the smaps record of the area starting at p: its kB
 * value into *kb, or (VmFlags) its text into text; 0 if not found. */
static int smaps_field(const void *p, const char *name, long *kb, char *text, size_t tn)
{
	char line[512];
	unsigned long lo, hi;
	int in = 0, found = 0;
	size_t n = strlen(name);
	FILE *f = fopen("/proc/self/smaps", "r");

	while (f && !found && fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = lo == (unsigned long)p;
			continue;
		}
		if (!in || strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		found = 1;
		if (kb)
			*kb = strtol(line + n + 1, NULL, 10);
		if (text) {
			snprintf(text, tn, "%s", line + n + 1);
			text[strcspn(text, "\n")] = 0;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static long smaps_kb(const void *p, const char *name)
{
	long kb = -1;

	return smaps_field(p, name, &kb, NULL, 0) ? kb : -1;
}

/* Does the VmFlags line of the area at p hold exactly these flags? */
static int vmflags_are(const void *p, const char *want)
{
	char text[256];

	return smaps_field(p, "VmFlags", NULL, text, sizeof text) && strcmp(text, want) == 0;
}

/* How many maps lines [p, p + len) spans. */
static int areas_in(const char *p, size_t len)
{
	char line[256];
	unsigned long lo, hi;
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo < (unsigned long)(p + len) &&
		    hi > (unsigned long)p)
			n++;
	if (f)
		fclose(f);
	return n;
}

/* n pages of anonymous memory between two PROT_NONE pages, so that no
 * neighbour can merge with it (Linux merges alike anonymous areas). */
static char *fenced(size_t n, int prot, int flags)
{
	char *r = mmap(NULL, (n + 2) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		return NULL;
	if (mmap(r + PAGE, n * PAGE, prot, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != r + PAGE)
		return NULL;
	return r + PAGE;
}

static void unfence(char *p, size_t n)
{
	munmap(p - PAGE, (n + 2) * PAGE);
}

static void test_smaps(void)
{
	char *p = fenced(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	if (!CHECK(p != NULL, "4 fenced anonymous pages"))
		return;
	p[0] = p[PAGE] = 1;
	CHECK(smaps_kb(p, "Size") == 16 && smaps_kb(p, "KernelPageSize") == 4 &&
	      smaps_kb(p, "MMUPageSize") == 4, "smaps: Size 16 kB, 4 kB pages");
	CHECK(smaps_kb(p, "Rss") == 8 && smaps_kb(p, "Pss") == 8 &&
	      smaps_kb(p, "Private_Dirty") == 8 && smaps_kb(p, "Anonymous") == 8,
	      "two pages written: Rss, Pss, Private_Dirty, Anonymous 8 kB");
	CHECK(smaps_kb(p, "Shared_Clean") == 0 && smaps_kb(p, "Shared_Dirty") == 0 &&
	      smaps_kb(p, "Private_Clean") == 0 && smaps_kb(p, "Swap") == 0 &&
	      smaps_kb(p, "Locked") == 0 && smaps_kb(p, "AnonHugePages") == 0,
	      "nothing shared, clean, swapped, locked or huge");
	CHECK(vmflags_are(p, " rd wr mr mw me ac "), "VmFlags: rd wr mr mw me ac");
	CHECK(vmflags_are(p - PAGE, " mr mw me "), "VmFlags of a PROT_NONE area: mr mw me");
	unfence(p, 4);
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (CHECK(p != MAP_FAILED, "2 shared anonymous pages")) {
		p[0] = p[PAGE] = 1;
		CHECK(smaps_kb(p, "Rss") == 8 && smaps_kb(p, "Anonymous") == 0 &&
		      smaps_kb(p, "Private_Dirty") == 8, "shared, written: not anonymous (shmem)");
		CHECK(vmflags_are(p, " rd wr sh mr mw me ms "), "VmFlags: rd wr sh mr mw me ms");
		munmap(p, 2 * PAGE);
	}
}

static void test_mlock(void)
{
	long base = status_kb("VmLck");
	char *p = fenced(8, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	CHECK(base == 0, "VmLck: 0 kB to begin with");
	if (!CHECK(p != NULL, "8 fenced anonymous pages"))
		return;
	CHECK(mlock(p + 2 * PAGE + 100, 2 * PAGE) == 0, "mlock of 2 pages and 100 bytes");
	CHECK(status_kb("VmLck") == base + 12, "VmLck counts the 3 whole pages locked");
	CHECK(areas_in(p, 8 * PAGE) == 3 && smaps_kb(p + 2 * PAGE, "Size") == 12,
	      "the area is split around the locked pages");
	CHECK(smaps_kb(p + 2 * PAGE, "Rss") == 12 && smaps_kb(p + 2 * PAGE, "Locked") == 12 &&
	      smaps_kb(p, "Rss") == 0, "mlock faults its pages in: Rss and Locked 12 kB");
	CHECK(vmflags_are(p + 2 * PAGE, " rd wr mr mw me lo ac "), "VmFlags: ... lo ...");
	CHECK(mlock(p + 2 * PAGE, PAGE) == 0 && status_kb("VmLck") == base + 12,
	      "locking a locked page again counts nothing");
	CHECK(munlock(p, 8 * PAGE) == 0 && status_kb("VmLck") == base &&
	      areas_in(p, 8 * PAGE) == 1, "munlock: VmLck back, one area again");
	CHECK(syscall(SYS_mlock2, p, PAGE, 1 /* MLOCK_ONFAULT */) == 0 &&
	      status_kb("VmLck") == base + 4 && smaps_kb(p, "Rss") == 0,
	      "mlock2(MLOCK_ONFAULT): counted, not faulted in");
	CHECK(vmflags_are(p, " rd wr mr mw me lo lf ac "), "VmFlags: ... lo lf ...");
	errno = 0;
	CHECK(syscall(SYS_mlock2, p, PAGE, 2) == -1 && errno == EINVAL,
	      "mlock2 with an unknown flag: EINVAL");
	CHECK(munlockall() == 0 && status_kb("VmLck") == base, "munlockall unlocks everything");
	unfence(p, 8);
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED,
		 -1, 0);
	CHECK(p != MAP_FAILED && status_kb("VmLck") == base + 16 && smaps_kb(p, "Rss") == 16,
	      "MAP_LOCKED: locked and faulted in at once");
	CHECK(munmap(p, 4 * PAGE) == 0 && status_kb("VmLck") == base, "munmap: unlocked");
	CHECK(mlockall(MCL_FUTURE) == 0, "mlockall(MCL_FUTURE)");
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && status_kb("VmLck") == base + 16 && smaps_kb(p, "Locked") == 16,
	      "after MCL_FUTURE a new mapping is locked and faulted in");
	CHECK(munlockall() == 0 && status_kb("VmLck") == base, "munlockall ends it");
	munmap(p, 4 * PAGE);
	errno = 0;
	CHECK(mlock((void *)0x1000, PAGE) == -1 && errno == ENOMEM, "mlock of unmapped memory: ENOMEM");
}

/* As nobody (no CAP_IPC_LOCK): RLIMIT_MEMLOCK counts. */
static void test_mlock_limit(void)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit two = { 2 * PAGE, 2 * PAGE }, none = { 0, 0 };
		char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		check_total = check_failed = 0;
		CHECK(setrlimit(RLIMIT_MEMLOCK, &two) == 0 && setuid(65534) == 0,
		      "RLIMIT_MEMLOCK 2 pages, then nobody");
		CHECK(mlock(p, PAGE) == 0 && mlock(p + PAGE, PAGE) == 0, "nobody: mlock of 2 pages");
		errno = 0;
		CHECK(mlock(p + 2 * PAGE, PAGE) == -1 && errno == ENOMEM,
		      "a third page is over the limit: ENOMEM");
		CHECK(mlock(p, 2 * PAGE) == 0, "locked pages count once: relocking them works");
		errno = 0;
		CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0) ==
		      MAP_FAILED && errno == EAGAIN, "MAP_LOCKED over the limit: EAGAIN");
		errno = 0;
		CHECK(mlockall(MCL_CURRENT) == -1 && errno == ENOMEM,
		      "mlockall(MCL_CURRENT) over the limit: ENOMEM");
		CHECK(munlock(p, 4 * PAGE) == 0 && setrlimit(RLIMIT_MEMLOCK, &none) == 0,
		      "munlock, and the limit to 0");
		errno = 0;
		CHECK(mlock(p, PAGE) == -1 && errno == EPERM, "limit 0: mlock is EPERM");
		errno = 0;
		CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0) ==
		      MAP_FAILED && errno == EPERM, "limit 0: MAP_LOCKED is EPERM");
		_exit(check_failed ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the unprivileged child's checks passed");
}

/* pagemap's entry for the page at p, or ~0 on error. */
static uint64_t pagemap(int fd, const void *p)
{
	uint64_t e;

	return pread(fd, &e, 8, (off_t)((uintptr_t)p / PAGE * 8)) == 8 ? e : ~0ull;
}

#define PM_PRESENT   (1ull << 63)
#define PM_FILE      (1ull << 61)
#define PM_EXCLUSIVE (1ull << 56)
#define PM_PFN       ((1ull << 55) - 1)

static void test_pagemap(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY), st, go[2];
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t e, buf[2];
	pid_t pid = -1;

	if (!CHECK(fd >= 0 && p != MAP_FAILED && s != MAP_FAILED, "open /proc/self/pagemap"))
		return;
	p[0] = s[0] = 1;
	e = pagemap(fd, p);
	CHECK((e & PM_PRESENT) && (e & PM_EXCLUSIVE) && !(e & PM_FILE) && (e & PM_PFN) != 0,
	      "a written private page: present, exclusive, anonymous, a frame (root)");
	CHECK(pagemap(fd, p + PAGE) == 0, "an untouched page: all zero");
	e = pagemap(fd, s);
	CHECK((e & PM_PRESENT) && (e & PM_FILE), "a shared anonymous page: present, file/shmem bit");
	CHECK(pagemap(fd, (void *)0x1000) == 0, "an unmapped page: all zero");
	CHECK(pread(fd, buf, 16, (off_t)((uintptr_t)p / PAGE * 8)) == 16 &&
	      (buf[0] & PM_PRESENT) && buf[1] == 0, "one read gives consecutive pages");
	errno = 0;
	CHECK(pread(fd, buf, 8, 4) == -1 && errno == EINVAL, "an offset not a multiple of 8: EINVAL");
	if (pipe(go) == 0 && (pid = fork()) == 0) {
		char c;

		(void)!read(go[0], &c, 1);
		_exit(0);
	}
	e = pagemap(fd, p);
	CHECK((e & PM_PRESENT) && !(e & PM_EXCLUSIVE),
	      "after fork the page is mapped twice: not exclusive");
	(void)!write(go[1], "x", 1);
	if (pid > 0)
		waitpid(pid, &st, 0);
	p[0] = 2;
	e = pagemap(fd, p);
	CHECK((e & PM_PRESENT) && (e & PM_EXCLUSIVE), "written after the child left: exclusive again");
	close(go[0]);
	close(go[1]);
	close(fd);
	munmap(p, 2 * PAGE);
	munmap(s, PAGE);
}

int main(int argc, char **argv)
{
	catch_faults();
	if (argc == 3 && strcmp(argv[1], "eof") == 0) {
		test_eof(argv[2]);
		return check_summary("t_mem eof");
	}
	test_anon();
	test_mprotect();
	test_fork_sharing();
	test_file_map();
	test_map_type();
	test_brk();
	test_stack();
	test_efault();
	test_mmap_order();
	test_eof("/tmp");
	test_growsdown();
	test_smaps();
	test_mlock();
	test_mlock_limit();
	test_pagemap();
	return check_summary("t_mem");
}
