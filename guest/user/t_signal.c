/*
 * t_signal.c - signals and the things they interrupt: handlers run with the
 * right number and siginfo, sigprocmask holds a signal pending until it is
 * unblocked, a handler's own signal is blocked while it runs, SIGCHLD comes
 * when a child exits, default actions kill (SIGTERM, SIGPIPE) or are
 * ignored (SIGCHLD), a write to a pipe without readers gives SIGPIPE or
 * EPIPE, alarm interrupts a blocking read with EINTR, and the clocks move
 * forward (monotonic never back, nanosleep at least as long as asked), and
 * a periodic setitimer fires again and again.  A real-time signal queues:
 * each instance sent while one is pending comes, where a standard signal
 * merges; ignoring it drops them all.
 *
 * Core dumps: a child killed by a signal whose default action is "core"
 * writes ./core (core_pattern "core", core_uses_pid 0, as on the host)
 * when its RLIMIT_CORE allows, and only then does its wait status have
 * WCOREDUMP and waitid's si_code say CLD_DUMPED.  The file is an i386 ELF
 * core: ET_CORE, EM_386, a PT_NOTE whose first note is NT_PRSTATUS
 * (pr_cursig, pr_pid, the registers), NT_PRPSINFO, NT_SIGINFO and NT_AUXV,
 * one NT_PRSTATUS per thread, and PT_LOADs that hold the memory (a global
 * variable's value, the stack).  No core below a page of RLIMIT_CORE, when
 * not dumpable (prctl, setuid), in a directory the process may not write,
 * or over another user's file; a core cut short by RLIMIT_CORE or
 * RLIMIT_FSIZE still counts as dumped.  A symlink named core is replaced,
 * never followed.
 *
 * Prints one line per check; never a time or a pid, so the output on
 * Linux and on our kernel is the same.
 */
#define _GNU_SOURCE
#include "check.h"
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/procfs.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t got_signo, got_count, got_code, got_pid, nested;
static volatile sig_atomic_t chld_count, alarm_count;

static void on_signal(int sig)
{
	got_signo = sig;
	got_count++;
}

static void on_siginfo(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_signo = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_count++;
}

/* Raises its own signal: it must stay pending until we return. */
static void on_reentry(int sig)
{
	int before = got_count;

	got_count++;
	if (before == 0) {
		raise(sig);
		nested = got_count != before + 1;   /* it ran inside us */
	}
}

static void on_chld(int sig) { (void)sig; chld_count++; }
static void on_alarm(int sig) { (void)sig; alarm_count++; }

static void set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void test_handlers(void)
{
	struct sigaction sa;

	set_action(SIGUSR1, on_signal, 0);
	got_count = 0;
	raise(SIGUSR1);
	CHECK(got_count == 1 && got_signo == SIGUSR1, "raise(SIGUSR1) runs its handler once");
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	got_count = 0;
	kill(getpid(), SIGUSR2);
	CHECK(got_count == 1 && got_signo == SIGUSR2 && got_code == SI_USER &&
	      got_pid == getpid(), "SA_SIGINFO: kill() gives si_code SI_USER and the sender's pid");
	set_action(SIGUSR1, on_reentry, 0);
	got_count = 0;
	nested = 0;
	raise(SIGUSR1);
	CHECK(got_count == 2 && !nested,
	      "a handler's own signal is blocked while it runs, delivered after it");
	set_action(SIGUSR1, SIG_DFL, 0);
	set_action(SIGUSR2, SIG_DFL, 0);
}

static void test_mask(void)
{
	sigset_t block, pending, old;

	set_action(SIGUSR1, on_signal, 0);
	got_count = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	CHECK(got_count == 0, "sigprocmask: a blocked signal is not delivered");
	sigpending(&pending);
	CHECK(sigismember(&pending, SIGUSR1) == 1, "sigpending shows the blocked signal");
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(got_count == 1, "unblocking delivers it, once for two raises");
	set_action(SIGUSR1, SIG_DFL, 0);
}

static void test_sigchld(void)
{
	sigset_t block, old;
	int st;
	pid_t pid;

	set_action(SIGCHLD, on_chld, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	chld_count = 0;
	pid = fork();
	if (pid == 0)
		_exit(3);
	while (chld_count == 0)
		sigsuspend(&old);            /* atomically unblock and wait */
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(chld_count == 1, "SIGCHLD arrives when a child exits (sigsuspend wakes)");
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3,
	      "the child is still there to reap after SIGCHLD");
	set_action(SIGCHLD, SIG_DFL, 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid,
	      "SIGCHLD's default action is to ignore it");
}

/* A child that pauses until a signal ends it; its wait status after sig. */
static int kill_paused_child(int sig)
{
	int st, p[2];
	char c;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(p[1]);                 /* tells the parent we are ready */
		for (;;)
			pause();
	}
	close(p[1]);
	(void)read(p[0], &c, 1);         /* EOF once the child runs */
	close(p[0]);
	kill(pid, sig);
	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static void test_kill(void)
{
	int st = kill_paused_child(SIGTERM);

	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "kill(SIGTERM) ends a paused child, wait reports SIGTERM");
	st = kill_paused_child(SIGKILL);
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "kill(SIGKILL) ends a paused child, wait reports SIGKILL");
	errno = 0;
	CHECK(kill(getpid(), 0) == 0, "kill(self, 0) succeeds");
}

static void test_sigpipe(void)
{
	int p[2], st;
	pid_t pid;

	if (pipe(p) < 0)
		return;
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		(void)write(p[1], "x", 1);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGPIPE, "writing to a pipe with no reader kills with SIGPIPE");
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE,
	      "with SIGPIPE ignored, the write fails with EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void test_eintr(void)
{
	int p[2];
	char c;

	if (pipe(p) < 0)
		return;
	set_action(SIGALRM, on_alarm, 0);     /* no SA_RESTART */
	alarm_count = 0;
	alarm(1);
	errno = 0;
	CHECK(read(p[0], &c, 1) == -1 && errno == EINTR,
	      "alarm interrupts a blocking pipe read with EINTR");
	CHECK(alarm_count == 1, "the SIGALRM handler ran once");
	set_action(SIGALRM, SIG_DFL, 0);
	close(p[0]);
	close(p[1]);
}

static long long ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void test_clocks(void)
{
	struct timespec a, b, nap = { 0, 50000000 };
	int back = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		back |= ns_of(&b) < ns_of(&a);
		a = b;
	}
	CHECK(!back, "CLOCK_MONOTONIC never goes back over 1000 reads");
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(nanosleep(&nap, NULL) == 0, "nanosleep(50 ms) returns 0");
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(ns_of(&b) - ns_of(&a) >= 50000000LL, "nanosleep sleeps at least 50 ms");
	clock_gettime(CLOCK_REALTIME, &a);
	CHECK(a.tv_sec > 1577836800, "CLOCK_REALTIME is after 2020");
	CHECK(llabs((long long)time(NULL) - a.tv_sec) <= 1, "time() agrees with CLOCK_REALTIME");
}

/* ---- the periodic real-time interval timer ---- */

static volatile int ticks;

static void on_tick(int sig)
{
	(void)sig;
	ticks++;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	ticks += sig == SIGUSR2;
}

/* SA_RESETHAND resets the handler once it runs, and leaves the flags. */
static void test_resethand(void)
{
	struct sigaction sa, now;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGUSR2, &sa, 0);
	ticks = 0;
	raise(SIGUSR2);
	CHECK(ticks == 1 && sigaction(SIGUSR2, 0, &now) == 0 && now.sa_handler == SIG_DFL &&
	      (now.sa_flags & SA_SIGINFO), "SA_RESETHAND: the handler runs once, SA_SIGINFO stays");
	ticks = 0;
}

static void test_itimer(void)
{
	struct itimerval on = { { 0, 20000 }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } }, now;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tick;
	sigaction(SIGALRM, &sa, 0);
	CHECK(setitimer(ITIMER_REAL, &on, 0) == 0, "setitimer: every 20 ms");
	CHECK(getitimer(ITIMER_REAL, &now) == 0 && now.it_interval.tv_sec == 0 &&
	      now.it_interval.tv_usec == 20000 && now.it_value.tv_usec <= 20000,
	      "getitimer: the interval, and at most that much left");
	while (ticks < 3)
		pause();
	CHECK(ticks >= 3, "a periodic timer fires again and again");
	CHECK(setitimer(ITIMER_REAL, &off, &now) == 0 && now.it_interval.tv_usec == 20000,
	      "setitimer returns the old interval");
	CHECK(getitimer(ITIMER_REAL, &now) == 0 && now.it_value.tv_sec == 0 &&
	      now.it_value.tv_usec == 0, "a disarmed timer has nothing left");
	on.it_value.tv_usec = 1000000;
	CHECK(setitimer(ITIMER_REAL, &on, 0) == -1 && errno == EINVAL,
	      "setitimer with a million microseconds: EINVAL");
	signal(SIGALRM, SIG_DFL);
}

/* Real-time signals queue, standard ones merge (taken with sigtimedwait
 * while blocked, so nothing depends on when a handler would run). */
static void test_rt_queue(void)
{
	struct timespec zero = { 0, 0 };
	int rt = SIGRTMIN + 2, n = 0;
	sigset_t set, old;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, rt);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	for (int i = 1; i <= 3; i++)
		kill(getpid(), rt);
	while (sigtimedwait(&set, &si, &zero) == rt)
		n += si.si_code == SI_USER && si.si_pid == getpid();
	CHECK(n == 3, "a real-time signal sent three times while blocked: three, each with its siginfo");
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	n = 0;
	while (sigtimedwait(&set, &si, &zero) == SIGUSR1)
		n++;
	CHECK(n == 1, "a standard signal sent twice while pending: once");
	kill(getpid(), rt);
	kill(getpid(), rt);
	signal(rt, SIG_IGN);
	signal(rt, SIG_DFL);
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN,
	      "SIG_IGN drops a real-time signal's queued instances too");
	sigprocmask(SIG_SETMASK, &old, 0);
}

/* ---- core dumps ---- */

#define MARKER 0x5eed1234u
#define NOBODY 65534

static volatile uint32_t marker = 1;    /* .data: the child sets MARKER */
static char core_base[64];
static int ncase;

/* A fresh directory for one case, mode `mode`; its path in dir. */
static void fresh_dir(char *dir, size_t n, mode_t mode)
{
	snprintf(dir, n, "%s/c%d", core_base, ncase++);
	if (mkdir(dir, 0700) || chmod(dir, mode))
		say("setup: cannot make %s\n", dir);
}

struct crash {
	const char *dir;
	rlim_t core;                        /* RLIM_INFINITY: the hard limit */
	rlim_t fsize;                       /* 0: leave it */
	int nobody;                         /* become uid 65534, dumpable again */
	int undumpable;                     /* prctl(PR_SET_DUMPABLE, 0) */
	int thread;                         /* 1: a second thread waits meanwhile;
	                                       2: a second thread takes the signal */
	int sig;
	int fault;                          /* SIGSEGV from a store to address 0 */
};

static void *waiter(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *raiser(void *arg)
{
	raise(*(const int *)arg);
	return NULL;
}

static void child(const struct crash *c)
{
	struct rlimit r;
	pthread_t t;

	if (chdir(c->dir))
		_exit(90);
	getrlimit(RLIMIT_CORE, &r);
	r.rlim_cur = c->core == RLIM_INFINITY ? r.rlim_max : c->core;
	if (setrlimit(RLIMIT_CORE, &r))
		_exit(91);
	if (c->fsize) {
		r.rlim_cur = r.rlim_max = c->fsize;
		setrlimit(RLIMIT_FSIZE, &r);
		signal(SIGXFSZ, SIG_IGN);
	}
	if (c->nobody && (setgid(NOBODY) || setuid(NOBODY) || prctl(PR_SET_DUMPABLE, 1)))
		_exit(92);
	if (c->undumpable)
		prctl(PR_SET_DUMPABLE, 0);
	marker = MARKER;
	signal(c->sig, SIG_DFL);
	if (c->thread && pthread_create(&t, NULL, c->thread == 2 ? raiser : waiter,
	                                (void *)&c->sig))
		_exit(93);
	if (c->thread == 2)
		pthread_join(t, NULL);
	if (c->fault)
		*(volatile int *)0 = 1;
	raise(c->sig);
	_exit(94);
}

/* Run the case; the wait status (and waitid's siginfo in *si if given). */
static int crash(const struct crash *c, siginfo_t *si)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0)
		child(c);
	if (si) {
		memset(si, 0, sizeof(*si));
		waitid(P_PID, pid, si, WEXITED | WNOWAIT);
	}
	waitpid(pid, &st, 0);
	return st;
}

static int killed_by(int st, int sig, int dumped)
{
	return WIFSIGNALED(st) && WTERMSIG(st) == sig && !WCOREDUMP(st) == !dumped;
}

static int no_file(const char *dir, const char *name)
{
	char path[160];
	struct stat s;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return lstat(path, &s) == -1 && errno == ENOENT;
}

/* ---- reading a core file ---- */

struct core {
	int fd;
	off_t size;
	Elf32_Ehdr eh;
	Elf32_Phdr ph[160];
	char notes[16384];
	uint32_t notes_len;
};

static int core_open(struct core *k, const char *dir)
{
	char path[160];
	struct stat s;

	snprintf(path, sizeof path, "%s/core", dir);
	memset(k, 0, sizeof(*k));
	k->fd = open(path, O_RDONLY);
	if (k->fd < 0 || fstat(k->fd, &s))
		return 0;
	k->size = s.st_size;
	if (pread(k->fd, &k->eh, sizeof k->eh, 0) != sizeof k->eh || k->eh.e_phnum > 160)
		return 0;
	if (pread(k->fd, k->ph, k->eh.e_phnum * sizeof(Elf32_Phdr), k->eh.e_phoff) !=
	    (ssize_t)(k->eh.e_phnum * sizeof(Elf32_Phdr)))
		return 0;
	if (k->ph[0].p_type == PT_NOTE && k->ph[0].p_filesz <= sizeof k->notes) {
		k->notes_len = k->ph[0].p_filesz;
		pread(k->fd, k->notes, k->notes_len, k->ph[0].p_offset);
	}
	return 1;
}

/* The nth note of the given type (0: the first), its data and size. */
static const void *note_find(const struct core *k, uint32_t type, int nth, uint32_t *size)
{
	uint32_t off = 0;

	while (off + sizeof(Elf32_Nhdr) <= k->notes_len) {
		const Elf32_Nhdr *h = (const Elf32_Nhdr *)(k->notes + off);
		uint32_t data = off + sizeof(*h) + ((h->n_namesz + 3) & ~3u);

		if (h->n_type == type && nth-- == 0) {
			if (size)
				*size = h->n_descsz;
			return k->notes + data;
		}
		off = data + ((h->n_descsz + 3) & ~3u);
	}
	return NULL;
}

static int note_count(const struct core *k, uint32_t type)
{
	int n = 0;

	while (note_find(k, type, n, NULL))
		n++;
	return n;
}

/* The PT_LOAD whose dumped bytes hold addr, or null. */
static const Elf32_Phdr *load_of(const struct core *k, uint32_t addr)
{
	for (int i = 0; i < k->eh.e_phnum; i++)
		if (k->ph[i].p_type == PT_LOAD && addr >= k->ph[i].p_vaddr &&
		    addr - k->ph[i].p_vaddr < k->ph[i].p_filesz)
			return &k->ph[i];
	return NULL;
}

static void check_core_file(const char *dir, pid_t *pidp)
{
	struct core k;
	const struct elf_prstatus *ps;
	const struct elf_prpsinfo *pi;
	const siginfo_t *si;
	const uint32_t *aux;
	const Elf32_Phdr *ph;
	uint32_t value = 0, auxlen = 0;
	char path[160];
	struct stat s;
	int pagesz = 0;

	snprintf(path, sizeof path, "%s/core", dir);
	CHECK(stat(path, &s) == 0 && S_ISREG(s.st_mode) && (s.st_mode & 07777) == 0600 &&
	      s.st_uid == getuid() && s.st_nlink == 1,
	      "the core file is a regular file, mode 0600, owned by the process's user");
	CHECK(core_open(&k, dir) && memcmp(k.eh.e_ident, ELFMAG, SELFMAG) == 0 &&
	      k.eh.e_ident[EI_CLASS] == ELFCLASS32 && k.eh.e_ident[EI_DATA] == ELFDATA2LSB,
	      "it starts with the ELF magic: 32-bit, little-endian");
	CHECK(k.eh.e_type == ET_CORE && k.eh.e_machine == EM_386 &&
	      k.eh.e_phentsize == sizeof(Elf32_Phdr), "e_type ET_CORE, e_machine EM_386");
	CHECK(k.eh.e_phnum > 1 && k.ph[0].p_type == PT_NOTE && k.notes_len > 0,
	      "its first program header is the PT_NOTE");
	ps = note_find(&k, NT_PRSTATUS, 0, NULL);
	CHECK(ps && ((const Elf32_Nhdr *)k.notes)->n_type == NT_PRSTATUS &&
	      ((const Elf32_Nhdr *)k.notes)->n_descsz == sizeof(*ps) &&
	      memcmp(k.notes + sizeof(Elf32_Nhdr), "CORE", 5) == 0,
	      "the first note is CORE's NT_PRSTATUS, an i386 struct elf_prstatus");
	CHECK(ps && ps->pr_cursig == SIGFPE && ps->pr_info.si_signo == SIGFPE &&
	      ps->pr_pid == *pidp && ps->pr_ppid == getpid(),
	      "pr_cursig and pr_info.si_signo are SIGFPE, pr_pid the child, pr_ppid us");
	CHECK(ps && (ps->pr_reg[11] == SYS_tgkill || ps->pr_reg[11] == SYS_rt_sigprocmask),
	      "pr_reg's orig_eax is the system call raise returned from");
	ph = ps ? load_of(&k, ps->pr_reg[15]) : NULL;
	CHECK(ph && (ph->p_flags & (PF_R | PF_W)) == (PF_R | PF_W),
	      "the stack pointer in pr_reg lies in a dumped, writable PT_LOAD");
	pi = note_find(&k, NT_PRPSINFO, 0, NULL);
	CHECK(pi && strcmp(pi->pr_fname, "t_signal") == 0 && pi->pr_pid == *pidp &&
	      strstr(pi->pr_psargs, "t_signal") != NULL && pi->pr_uid == getuid(),
	      "NT_PRPSINFO names the program (pr_fname, pr_psargs) and the child's pid");
	si = note_find(&k, NT_SIGINFO, 0, NULL);
	CHECK(si && si->si_signo == SIGFPE && si->si_code == SI_TKILL,
	      "NT_SIGINFO: SIGFPE sent by tgkill (SI_TKILL)");
	aux = note_find(&k, NT_AUXV, 0, &auxlen);
	for (uint32_t i = 0; aux && i + 1 < auxlen / 4; i += 2)
		if (aux[i] == AT_PAGESZ)
			pagesz = (int)aux[i + 1];
	CHECK(aux && auxlen >= 8 && aux[auxlen / 4 - 2] == AT_NULL && pagesz == 4096,
	      "NT_AUXV: the auxiliary vector, AT_PAGESZ 4096, ending with AT_NULL");
	ph = load_of(&k, (uint32_t)(uintptr_t)&marker);
	CHECK(ph && pread(k.fd, &value, 4, ph->p_offset + ((uint32_t)(uintptr_t)&marker -
	                                                   ph->p_vaddr)) == 4 && value == MARKER,
	      "a PT_LOAD holds a global variable with the value the child gave it");
	CHECK(ph && (ph->p_offset & 4095) == 0 && (ph->p_vaddr & 4095) == 0 &&
	      ph->p_align == 4096, "PT_LOADs are page aligned in the file and in memory");
	close(k.fd);
}

static void test_core_no_limit(void)
{
	char dir[96];
	struct crash c = { dir, 0, 0, 0, 0, 0, SIGFPE };

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 0), "RLIMIT_CORE 0: killed by SIGFPE, no WCOREDUMP");
	CHECK(no_file(dir, "core"), "RLIMIT_CORE 0: no core file");
	c.core = 1000;
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 0) && no_file(dir, "core"),
	      "RLIMIT_CORE below a page: no core, no WCOREDUMP");
}

static void test_core_dump(void)
{
	char dir[96];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 0, SIGFPE };
	siginfo_t si;
	pid_t pid;
	int st;

	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	got_signo = got_code = 0;
	fresh_dir(dir, sizeof dir, 0755);
	st = crash(&c, &si);
	pid = si.si_pid;
	CHECK(killed_by(st, SIGFPE, 1), "RLIMIT_CORE raised: killed by SIGFPE with WCOREDUMP");
	CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_DUMPED && si.si_status == SIGFPE,
	      "waitid: CLD_DUMPED, si_status SIGFPE");
	CHECK(got_signo == SIGCHLD && got_code == CLD_DUMPED, "SIGCHLD's si_code: CLD_DUMPED");
	signal(SIGCHLD, SIG_DFL);
	check_core_file(dir, &pid);
}

/* A real fault: the registers say no system call, the siginfo the fault. */
static void test_core_fault(void)
{
	char dir[96];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 0, SIGSEGV, 1 };
	const struct elf_prstatus *ps;
	const siginfo_t *si;
	struct core k;

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, NULL), SIGSEGV, 1), "a store to address 0: SIGSEGV with WCOREDUMP");
	ps = core_open(&k, dir) ? note_find(&k, NT_PRSTATUS, 0, NULL) : NULL;
	si = note_find(&k, NT_SIGINFO, 0, NULL);
	CHECK(ps && ps->pr_cursig == SIGSEGV && ps->pr_reg[11] == (long)-1,
	      "pr_cursig SIGSEGV, orig_eax -1 (no system call)");
	CHECK(si && si->si_signo == SIGSEGV && si->si_code == SEGV_MAPERR && si->si_addr == NULL,
	      "NT_SIGINFO: SEGV_MAPERR at address 0");
	close(k.fd);
}

static void test_core_signals(void)
{
	char dir[96];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 0, SIGQUIT };

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, NULL), SIGQUIT, 1) && !no_file(dir, "core"),
	      "SIGQUIT dumps core");
	fresh_dir(dir, sizeof dir, 0755);
	c.sig = SIGTERM;
	CHECK(killed_by(crash(&c, NULL), SIGTERM, 0) && no_file(dir, "core"),
	      "SIGTERM does not dump core");
}

/* Every signal whose default action is "core" dumps, the others not
 * (LTP's kill11 list). */
static void test_core_all_signals(void)
{
	static const int core_sigs[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
	                                 SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS };
	static const int plain_sigs[] = { SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE,
	                                  SIGALRM, SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF,
	                                  SIGIO, SIGPWR };
	char dir[96];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 0, 0 };
	int bad = 0;

	for (unsigned i = 0; i < sizeof core_sigs / sizeof core_sigs[0]; i++) {
		fresh_dir(dir, sizeof dir, 0755);
		c.sig = core_sigs[i];
		if (!killed_by(crash(&c, NULL), c.sig, 1) || no_file(dir, "core"))
			bad |= 1;
	}
	for (unsigned i = 0; i < sizeof plain_sigs / sizeof plain_sigs[0]; i++) {
		fresh_dir(dir, sizeof dir, 0755);
		c.sig = plain_sigs[i];
		if (!killed_by(crash(&c, NULL), c.sig, 0) || !no_file(dir, "core"))
			bad |= 2;
	}
	CHECK(!(bad & 1), "SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, "
	      "SIGXFSZ and SIGSYS dump core");
	CHECK(!(bad & 2), "the other fatal signals do not");
}

static void test_core_threads(void)
{
	char dir[96];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 1, SIGFPE };
	struct core k;
	siginfo_t si;
	const struct elf_prstatus *a, *b;

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, &si), SIGFPE, 1), "a two-thread process dumps core");
	CHECK(core_open(&k, dir) && note_count(&k, NT_PRSTATUS) == 2 &&
	      note_count(&k, NT_PRPSINFO) == 1, "one NT_PRSTATUS per thread, one NT_PRPSINFO");
	a = note_find(&k, NT_PRSTATUS, 0, NULL);
	b = note_find(&k, NT_PRSTATUS, 1, NULL);
	CHECK(a && b && a->pr_pid == si.si_pid && b->pr_pid != si.si_pid && b->pr_pid > 0 &&
	      b->pr_cursig == SIGFPE,
	      "the dumping thread's comes first; the other's has its tid and pr_cursig");
	close(k.fd);
	fresh_dir(dir, sizeof dir, 0755);
	c.thread = 2;
	CHECK(killed_by(crash(&c, &si), SIGFPE, 1), "a signal to the second thread dumps core too");
	a = core_open(&k, dir) ? note_find(&k, NT_PRSTATUS, 0, NULL) : NULL;
	b = note_find(&k, NT_PRSTATUS, 1, NULL);
	CHECK(a && b && a->pr_pid != si.si_pid && b->pr_pid == si.si_pid,
	      "its NT_PRSTATUS comes first, the main thread's second");
	close(k.fd);
}

static void test_core_limits(void)
{
	char dir[96], path[160];
	struct crash c = { dir, 8192, 0, 0, 0, 0, SIGFPE };
	struct core k;
	struct stat s;

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 1), "RLIMIT_CORE 8192: still WCOREDUMP");
	snprintf(path, sizeof path, "%s/core", dir);
	CHECK(stat(path, &s) == 0 && s.st_size > 4096 && s.st_size <= 8192 &&
	      core_open(&k, dir) && k.eh.e_type == ET_CORE,
	      "the core is cut to at most 8192 bytes, its headers whole");
	fresh_dir(dir, sizeof dir, 0755);
	c.core = RLIM_INFINITY;
	c.fsize = 100;
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 1), "RLIMIT_FSIZE 100: still WCOREDUMP");
	snprintf(path, sizeof path, "%s/core", dir);
	CHECK(stat(path, &s) == 0 && s.st_size == 100, "the core is cut at RLIMIT_FSIZE");
}

static void test_core_refused(void)
{
	char dir[96], path[160];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 1, 0, SIGFPE };
	struct stat s;
	int fd;

	fresh_dir(dir, sizeof dir, 0755);
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 0) && no_file(dir, "core"),
	      "PR_SET_DUMPABLE 0: no core, no WCOREDUMP");
	c.undumpable = 0;
	c.nobody = 1;
	fresh_dir(dir, sizeof dir, 0555);
	CHECK(killed_by(crash(&c, NULL), SIGFPE, 0) && no_file(dir, "core"),
	      "a directory the process may not write: no core, no WCOREDUMP");
	fresh_dir(dir, sizeof dir, 01777);
	snprintf(path, sizeof path, "%s/core", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0 &&
	      killed_by(crash(&c, NULL), SIGFPE, 0),
	      "another user's core in a sticky directory: no WCOREDUMP");
	CHECK(stat(path, &s) == 0 && s.st_size == 1 && s.st_uid == getuid(),
	      "... and that file is left as it was");
}

static void test_core_symlink(void)
{
	char dir[96], path[160], target[160];
	struct crash c = { dir, RLIM_INFINITY, 0, 0, 0, 0, SIGFPE };
	struct stat s;

	fresh_dir(dir, sizeof dir, 0755);
	snprintf(path, sizeof path, "%s/core", dir);
	snprintf(target, sizeof target, "%s/target", dir);
	close(open(target, O_WRONLY | O_CREAT, 0644));
	CHECK(symlink("target", path) == 0 && killed_by(crash(&c, NULL), SIGFPE, 1),
	      "a symlink named core: the child still dumps core");
	CHECK(lstat(path, &s) == 0 && S_ISREG(s.st_mode) && s.st_size > 4096 &&
	      stat(target, &s) == 0 && s.st_size == 0,
	      "the core replaced the link; its target is untouched");
}

static void test_core_dumpable(void)
{
	pid_t pid;
	int st = -1;

	CHECK(prctl(PR_GET_DUMPABLE) == 1, "PR_GET_DUMPABLE: 1 at first");
	pid = fork();
	if (pid == 0) {
		int ok = prctl(PR_SET_DUMPABLE, 0) == 0 && prctl(PR_GET_DUMPABLE) == 0 &&
		         prctl(PR_SET_DUMPABLE, 1) == 0 && prctl(PR_GET_DUMPABLE) == 1 &&
		         prctl(PR_SET_DUMPABLE, 2) == -1 && errno == EINVAL &&
		         setuid(NOBODY) == 0 && prctl(PR_GET_DUMPABLE) == 0;

		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "PR_SET_DUMPABLE 0 and 1 stick, 2 is EINVAL, setuid clears it");
}

/* Core dumps, each case in a fresh directory below /tmp. */
static void test_core(void)
{
	signal(SIGCHLD, SIG_DFL);
	snprintf(core_base, sizeof core_base, "/tmp/t_signal.XXXXXX");
	if (!mkdtemp(core_base) || chmod(core_base, 0755)) {
		say("t_signal: cannot make a directory in /tmp\n");
		return;
	}
	test_core_dumpable();
	test_core_no_limit();
	test_core_dump();
	test_core_fault();
	test_core_signals();
	test_core_all_signals();
	test_core_threads();
	test_core_limits();
	test_core_refused();
	test_core_symlink();
}

int main(void)
{
	test_handlers();
	test_mask();
	test_sigchld();
	test_kill();
	test_sigpipe();
	test_eintr();
	test_clocks();
	test_resethand();
	test_itimer();
	test_rt_queue();
	test_core();
	return check_summary("t_signal");
}
