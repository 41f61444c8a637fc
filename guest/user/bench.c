/*
 * bench.c - lmbench-style micro-benchmarks for `make bench` (scripts/bench.py).
 *
 *   bench [-r REPS] [-c] [-n SRC,SINK,ECHO] [NAME...]
 *                                 run the named benchmarks (default: all)
 *   bench list                    print the names
 *   bench nop                     exit 0 at once (the target of fork_exec)
 *   bench sink PORT N             accept N TCP connections on PORT, read each
 *                                 to its end, exit (net_dom_tcp_tx's peer)
 *
 * Each benchmark runs one untimed warm-up batch, then REPS timed batches of
 * a fixed number of operations (CLOCK_MONOTONIC around the batch); a batch's
 * time divided by its operation count is one sample.  One line per benchmark:
 *
 *   bench <name> median_us=<x> min_us=<y> max_us=<z> reps=<n>
 *
 * (microseconds per operation; for pipe_bw per 64 KiB moved, for cpu_hash
 * per pass over the data, for the fs_* rows per 4 KiB block or per file).
 * The fs_* rows run only when /mnt is an ext2 disk (make bench attaches a
 * fresh one): 64 MiB written and read sequentially through the filesystem,
 * 4 KiB reads at random places in it, creating and deleting a small file.
 * The net_* rows run only with -n, the ports of scripts/bench.py's host peer
 * on the user network's gateway 10.0.2.2: 8 MiB host to guest and guest to
 * host through TCP (per 64 KiB), 64-byte UDP round trips, TCP connect and
 * close.  net_dom_tcp_tx (pvhv's two-domain boot, option -p IP:PORT) sends
 * 8 MiB to another domain running `bench sink`.  Disk and net rows are timed by busy time (run() below).  Unlike the check programs (check.h) the output
 * holds timings: this program is not a test and is never compared with the
 * host.  Output goes through write(2) only (no stdio buffers across fork).
 *
 * -c (counting, make bench EVENTS=1, in a VMI_COUNTERS=1 build): around
 * each benchmark's timed batches, /proc/vmi_counters is read (VMI calls,
 * kernel entries, the backend's or hypervisor's counters), minus what one
 * read itself costs, and every counter that moved is printed:
 *
 *   bench-event <name> <counter> <count> <ops>
 *
 * (COUNT over OPS operations: scripts/bench.py divides).  Counting boots
 * are separate from timed ones: the numbers of a -c run are not reported.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096
#define MAX_REPS 1000

static const char *self_path = "/usr/bin/bench";
/* Set by a benchmark that times only part of its batch (ring). */
static double timed_us = -1;

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	if (n > 0 && write(1, buf, (size_t)n) < 0)
		_exit(99);
}

static void die(const char *what)
{
	say("bench: error: %s: %s\n", what, strerror(errno));
	_exit(2);
}

static double now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime");
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* ---- counting (-c) ---- */

#define MAX_CTR 64
struct ctrs {
	int n;
	char name[MAX_CTR][32];
	long long val[MAX_CTR];
};

static int counting;
static struct ctrs overhead;        /* what one snapshot costs */

static void snapshot(struct ctrs *c)
{
	static char text[4096];
	int fd = open("/proc/vmi_counters", O_RDONLY), len = 0, r;
	char *p;

	if (fd < 0)
		die("open /proc/vmi_counters (-c needs a VMI_COUNTERS=1 build)");
	while (len < (int)sizeof text - 1 && (r = (int)read(fd, text + len, sizeof text - 1 - (size_t)len)) > 0)
		len += r;
	close(fd);
	text[len] = 0;
	c->n = 0;
	for (p = text; *p && c->n < MAX_CTR; ) {
		char *nl = strchr(p, '\n'), *sp = strchr(p, ' ');

		if (!nl)
			break;
		if (sp && sp < nl && sp - p < 32) {
			memcpy(c->name[c->n], p, (size_t)(sp - p));
			c->name[c->n][sp - p] = 0;
			c->val[c->n] = atoll(sp + 1);
			c->n++;
		}
		p = nl + 1;
	}
}

static long long lookup(const struct ctrs *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return c->val[i];
	return 0;
}

/* AFTER - BEFORE - overhead, per counter: D = AFTER's names (counters only grow). */
static void delta(struct ctrs *d, const struct ctrs *before, const struct ctrs *after,
                  const struct ctrs *over)
{
	*d = *after;
	for (int i = 0; i < d->n; i++) {
		d->val[i] -= lookup(before, d->name[i]);
		if (over)
			d->val[i] -= lookup(over, d->name[i]);
	}
}

/* What one snapshot costs: per counter the least of a few tries (a timer
 * event landing in one of them is not the snapshot's). */
static void counting_setup(void)
{
	static struct ctrs a, b, d;

	snapshot(&a);
	snapshot(&b);
	delta(&overhead, &a, &b, NULL);
	for (int t = 0; t < 4; t++) {
		a = b;
		snapshot(&b);
		delta(&d, &a, &b, NULL);
		for (int i = 0; i < overhead.n; i++) {
			long long v = lookup(&d, overhead.name[i]);

			if (v < overhead.val[i])
				overhead.val[i] = v;
		}
	}
}

/* ---- the benchmarks: each runs N operations ---- */

static void b_null_syscall(int n)
{
	for (int i = 0; i < n; i++)
		(void)getppid();
}

static int zero_fd = -1, null_fd = -1;

static void b_null_read(int n)
{
	char c;

	for (int i = 0; i < n; i++)
		if (read(zero_fd, &c, 1) != 1)
			die("read /dev/zero");
}

static void b_null_write(int n)
{
	char c = 0;

	for (int i = 0; i < n; i++)
		if (write(null_fd, &c, 1) != 1)
			die("write /dev/null");
}

static void b_stat(int n)
{
	struct stat st;

	for (int i = 0; i < n; i++)
		if (stat("/etc/passwd", &st))
			die("stat");
}

static void b_open_close(int n)
{
	for (int i = 0; i < n; i++) {
		int fd = open("/etc/passwd", O_RDONLY);

		if (fd < 0)
			die("open");
		close(fd);
	}
}

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void b_sig_install(int n)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	for (int i = 0; i < n; i++)
		if (sigaction(SIGUSR1, &sa, NULL))
			die("sigaction");
}

static void b_sig_deliver(int n)
{
	struct sigaction sa;
	pid_t me = getpid();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
	caught = 0;
	for (int i = 0; i < n; i++)
		kill(me, SIGUSR1);
	if (caught != n)
		say("bench: warning: %d of %d signals caught\n", (int)caught, n);
}

static void wait_child(pid_t pid)
{
	int status;

	if (pid < 0)
		die("fork");
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		say("bench: warning: child status %#x\n", status);
}

static void b_fork_exit(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		wait_child(pid);
	}
}

static void spawn(const char *path, char *const argv[], int n)
{
	static char *const envp[] = { "PATH=/bin:/usr/bin", NULL };

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execve(path, argv, envp);
			_exit(127);
		}
		wait_child(pid);
	}
}

static void b_fork_exec(int n)
{
	char *const argv[] = { "bench", "nop", NULL };

	spawn(self_path, argv, n);
}

static void b_sh_true(int n)
{
	char *const argv[] = { "sh", "-c", "true", NULL };

	spawn("/bin/sh", argv, n);
}

/* Context switch: P processes in a ring of pipes pass a one-byte token;
 * each touches its WS-byte working set before passing it on.  One
 * operation = one switch (a token hop); the pipe read/write cost is
 * included (lmbench subtracts it; we report the raw hop). */
static void ring(int procs, size_t ws, int hops)
{
	int fds[64][2];
	pid_t pids[64];
	int laps = hops / procs;
	char t = 0;
	double t0 = 0;

	for (int i = 0; i < procs; i++)
		if (pipe(fds[i]))
			die("pipe");
	for (int i = 1; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0) {
			volatile char *mem = ws ? malloc(ws) : NULL;

			for (size_t o = 0; o < ws; o += 64)
				mem[o] = 1;
			for (int l = 0; l <= laps; l++) {
				if (read(fds[i - 1][0], &t, 1) != 1)
					_exit(3);
				for (size_t o = 0; o < ws; o += 64)
					mem[o]++;
				if (write(fds[i][1], &t, 1) != 1)
					_exit(3);
			}
			_exit(0);
		}
	}
	{
		volatile char *mem = ws ? malloc(ws) : NULL;

		for (size_t o = 0; o < ws; o += 64)
			mem[o] = 1;
		for (int l = 0; l <= laps; l++) {
			if (l == 1)         /* lap 0 (untimed): everyone is running */
				t0 = now_us();
			if (write(fds[0][1], &t, 1) != 1)
				die("ring write");
			if (read(fds[procs - 1][0], &t, 1) != 1)
				die("ring read");
			for (size_t o = 0; o < ws; o += 64)
				mem[o]++;
		}
		timed_us = now_us() - t0;
		free((void *)mem);
	}
	for (int i = 0; i < procs; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	for (int i = 1; i < procs; i++)
		wait_child(pids[i]);
}

/* The ring's set-up (pipes, fork, the first lap) is outside the timing:
 * ring() sets timed_us itself. */
static void b_ctx_2p_0k(int n) { ring(2, 0, n); }
static void b_ctx_16p_64k(int n) { ring(16, 64 * 1024, n); }

static void b_page_fault(int n)
{
	char *p = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	for (int i = 0; i < n; i++)
		((volatile char *)p)[(size_t)i * PAGE] = 1;
	munmap(p, (size_t)n * PAGE);
}

/* Protection fault: a write to a read-only page; the SIGSEGV handler moves
 * EIP past the faulting instruction (no syscall in the round trip but the
 * sigreturn). */
extern char prot_fault_resume[];

__attribute__((noinline)) static void prot_write(volatile int *p)
{
	__asm__ volatile("movl $1, (%0)\n\t"
	                 ".globl prot_fault_resume\n"
	                 "prot_fault_resume:\n\t"
	                 : : "r"(p) : "memory");
}

static volatile int segvs;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	segvs++;
	uc->uc_mcontext.gregs[REG_EIP] = (greg_t)(uintptr_t)prot_fault_resume;
}

static char *ro_page;

static void b_prot_fault(int n)
{
	segvs = 0;
	for (int i = 0; i < n; i++)
		prot_write((volatile int *)ro_page);
	if (segvs != n)
		say("bench: warning: %d of %d faults caught\n", segvs, n);
}

static void b_mmap_4m(int n)
{
	size_t len = 4u << 20;

	for (int i = 0; i < n; i++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		for (size_t o = 0; o < len; o += PAGE)
			((volatile char *)p)[o] = 1;
		if (munmap(p, len))
			die("munmap");
	}
}

#define CHUNK (64 * 1024)

static void b_pipe_bw(int n)
{
	static char buf[CHUNK];
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		memset(buf, 'x', sizeof buf);
		for (int i = 0; i < n; i++)
			for (size_t done = 0; done < CHUNK;) {
				ssize_t w = write(fds[1], buf + done, CHUNK - done);

				if (w <= 0)
					_exit(3);
				done += (size_t)w;
			}
		_exit(0);
	}
	close(fds[1]);
	for (size_t left = (size_t)n * CHUNK; left;) {
		ssize_t r = read(fds[0], buf, left < CHUNK ? left : CHUNK);

		if (r <= 0)
			die("pipe read");
		left -= (size_t)r;
	}
	close(fds[0]);
	wait_child(pid);
}

/* CPU-bound: FNV-1a plus a multiply-rotate mix over 1 MiB of xorshift
 * data, one operation = one pass.  No system calls at all. */
#define HASH_BYTES (1u << 20)
static uint32_t *hash_data;
static volatile uint32_t hash_sink;

static void b_cpu_hash(int n)
{
	for (int pass = 0; pass < n; pass++) {
		uint32_t h = 2166136261u ^ (uint32_t)pass;

		for (size_t i = 0; i < HASH_BYTES / 4; i++) {
			uint32_t k = hash_data[i] * 0xcc9e2d51u;

			k = (k << 15) | (k >> 17);
			h = (h ^ k) * 16777619u;
		}
		hash_sink = h;
	}
}

/* ---- files on the ext2 disk at /mnt ---- */
#define FS_FILE   "/mnt/bench.dat"
#define FS_BLOCKS 16384             /* 64 MiB of 4 KiB blocks: larger than the cache */
#define EXT2_MAGIC 0xEF53
static char fs_buf[PAGE];
static int fs_present;

static int fs_open(int flags)
{
	int fd = open(FS_FILE, flags, 0644);

	if (fd < 0)
		die("open " FS_FILE);
	return fd;
}

/* One op: a 4 KiB block appended; the batch ends with fsync. */
static void b_fs_seq_write(int n)
{
	int fd = fs_open(O_WRONLY | O_CREAT | O_TRUNC);

	memset(fs_buf, 'w', sizeof fs_buf);
	for (int i = 0; i < n; i++)
		if (write(fd, fs_buf, sizeof fs_buf) != (ssize_t)sizeof fs_buf)
			die("fs write");
	if (fsync(fd))
		die("fsync");
	close(fd);
}

/* One op: the next 4 KiB block of the file (from its start again at its end). */
static void b_fs_seq_read(int n)
{
	int fd = fs_open(O_RDONLY);

	for (int i = 0; i < n; i++)
		if (read(fd, fs_buf, sizeof fs_buf) != (ssize_t)sizeof fs_buf &&
		    (lseek(fd, 0, SEEK_SET) || read(fd, fs_buf, sizeof fs_buf) != (ssize_t)sizeof fs_buf))
			die("fs read");
	close(fd);
}

/* One op: a 4 KiB block at a random place (a fixed sequence). */
static void b_fs_rand_read(int n)
{
	int fd = fs_open(O_RDONLY);
	uint32_t x = 88172645u;

	for (int i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (pread(fd, fs_buf, sizeof fs_buf, (off_t)(x % FS_BLOCKS) * PAGE) !=
		    (ssize_t)sizeof fs_buf)
			die("fs pread");
	}
	close(fd);
}

/* One op: a file created with 100 bytes, closed, deleted. */
static void b_fs_create_delete(int n)
{
	memset(fs_buf, 'c', 100);
	for (int i = 0; i < n; i++) {
		int fd = open("/mnt/bench.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || write(fd, fs_buf, 100) != 100)
			die("fs create");
		close(fd);
		if (unlink("/mnt/bench.tmp"))
			die("fs unlink");
	}
}

/* ---- the network, against the host peer of scripts/bench.py ---- */

/*
 * -n SOURCE,SINK,ECHO: the host peer's ports on the QEMU user network's
 * gateway 10.0.2.2 (QEMU forwards them to the host's 127.0.0.1).  SOURCE
 * sends the byte count the guest asks for in a decimal line and closes;
 * SINK reads to end of stream and closes; ECHO returns every datagram.
 * Every connection is the guest's: no forwarded port, no listener races.
 */
#define NET_GATEWAY 0x0a000202u         /* 10.0.2.2 */
#define NET_CHUNK 65536                 /* the tcp rows' unit */
#define NET_CHUNKS 128                  /* 8 MiB per batch */
#define UDP_BYTES 64

static int net_ports[3];                /* source, sink, echo; 0: no peer */
static char net_buf[NET_CHUNK];

static int net_socket(int type, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(NET_GATEWAY) };
	int s = socket(AF_INET, type, 0);

	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a))
		die("net: socket or connect to the host peer");
	return s;
}

/* Read until end of stream; the bytes read. */
static long long net_drain(int s)
{
	long long got = 0;
	ssize_t r;

	while ((r = read(s, net_buf, sizeof net_buf)) > 0)
		got += r;
	if (r < 0)
		die("net: read");
	return got;
}

/* Host to guest: N chunks from SOURCE. */
static void b_net_tcp_rx(int n)
{
	char req[32];
	int s = net_socket(SOCK_STREAM, net_ports[0]);
	int len = snprintf(req, sizeof req, "%lld\n", (long long)n * NET_CHUNK);

	if (write(s, req, (size_t)len) != len)
		die("net: request");
	if (net_drain(s) != (long long)n * NET_CHUNK)
		die("net: the source sent a different amount");
	close(s);
}

/* Guest to host: N chunks into SINK, then its end of stream once it has
 * read them all (so the batch ends when the host has the data). */
static void net_send_chunks(int s, int n);

static void b_net_tcp_tx(int n)
{
	net_send_chunks(net_socket(SOCK_STREAM, net_ports[1]), n);
}

/* Round trips of a 64-byte datagram through ECHO. */
static void b_net_udp_rtt(int n)
{
	int s = net_socket(SOCK_DGRAM, net_ports[2]);

	memset(net_buf, 'u', UDP_BYTES);
	for (int i = 0; i < n; i++)
		if (write(s, net_buf, UDP_BYTES) != UDP_BYTES ||
		    read(s, net_buf, sizeof net_buf) != UDP_BYTES)
			die("net: udp round trip");
	close(s);
}

/*
 * Domain to domain (pvhv, scripts/bench.py's two-domain boot): -p A.B.C.D:PORT
 * names another domain running `bench sink PORT N`.  That domain may still be
 * booting: a refused connect is tried again until its listener is up (a
 * state, not a delay; only the untimed warm-up can meet it).
 */
static struct sockaddr_in dom_peer;

static int dom_connect(void)
{
	for (;;) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s < 0)
			die("net: socket");
		if (!connect(s, (struct sockaddr *)&dom_peer, sizeof dom_peer))
			return s;
		if (errno != ECONNREFUSED)
			die("net: connect to the peer domain");
		close(s);
		sched_yield();
	}
}

/* Write N chunks to S, end the stream, wait for the peer's end. */
static void net_send_chunks(int s, int n)
{
	memset(net_buf, 't', sizeof net_buf);
	for (int i = 0; i < n; i++)
		for (size_t off = 0; off < sizeof net_buf;) {
			ssize_t w = write(s, net_buf + off, sizeof net_buf - off);

			if (w <= 0)
				die("net: write");
			off += (size_t)w;
		}
	if (shutdown(s, SHUT_WR) || net_drain(s) != 0)
		die("net: end of stream");
	close(s);
}

static void b_net_dom_tcp_tx(int n)
{
	net_send_chunks(dom_connect(), n);
}

/* `bench sink PORT N`: the peer domain's side - N connections, each read to
 * end of stream and closed, then exit. */
static int sink_main(int port, int n)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4))
		die("sink: listen");
	for (int i = 0; i < n; i++) {
		int c = accept(l, NULL, NULL);

		if (c < 0)
			die("sink: accept");
		net_drain(c);
		close(c);
	}
	close(l);
	return 0;
}

/* Connect to SINK and close at once (the peer sees end of stream). */
static void b_net_tcp_connect(int n)
{
	for (int i = 0; i < n; i++)
		close(net_socket(SOCK_STREAM, net_ports[1]));
}

/* ---- the table ---- */

enum { NEED_DISK = 1, NEED_NET = 2, NEED_DOM = 4 };

struct bench {
	const char *name;
	void (*fn)(int n);
	int ops;            /* operations per timed batch */
	int unit;           /* ops is a multiple of this */
	int needs;          /* NEED_DISK, NEED_NET: skipped without; timed busy */
};

static const struct bench benches[] = {
	{ "null_syscall",  b_null_syscall, 20000, 1 },
	{ "null_read",     b_null_read,    10000, 1 },
	{ "null_write",    b_null_write,   10000, 1 },
	{ "stat",          b_stat,          2000, 1 },
	{ "open_close",    b_open_close,    2000, 1 },
	{ "sig_install",   b_sig_install,  10000, 1 },
	{ "sig_deliver",   b_sig_deliver,   2000, 1 },
	{ "fork_exit",     b_fork_exit,       20, 1 },
	{ "fork_exec",     b_fork_exec,       10, 1 },
	{ "sh_true",       b_sh_true,         10, 1 },
	{ "ctx_2p_0k",     b_ctx_2p_0k,     2000, 2 },
	{ "ctx_16p_64k",   b_ctx_16p_64k,    320, 16 },
	{ "page_fault",    b_page_fault,     512, 1 },
	{ "prot_fault",    b_prot_fault,    2000, 1 },
	{ "mmap_4m",       b_mmap_4m,          5, 1 },
	{ "pipe_bw",       b_pipe_bw,         64, 1 },
	{ "cpu_hash",      b_cpu_hash,      1000, 1 },
	{ "fs_seq_write",  b_fs_seq_write, FS_BLOCKS, FS_BLOCKS, NEED_DISK },
	{ "fs_seq_read",   b_fs_seq_read,  FS_BLOCKS, FS_BLOCKS, NEED_DISK },
	{ "fs_rand_read",  b_fs_rand_read,  2000, 1, NEED_DISK },
	{ "fs_create_delete", b_fs_create_delete, 200, 1, NEED_DISK },
	{ "net_tcp_rx",    b_net_tcp_rx,   NET_CHUNKS, NET_CHUNKS, NEED_NET },
	{ "net_tcp_tx",    b_net_tcp_tx,   NET_CHUNKS, NET_CHUNKS, NEED_NET },
	{ "net_udp_rtt",   b_net_udp_rtt,   200, 1, NEED_NET },
	{ "net_tcp_connect", b_net_tcp_connect, 50, 1, NEED_NET },
	{ "net_dom_tcp_tx", b_net_dom_tcp_tx, NET_CHUNKS, NET_CHUNKS, NEED_DOM },
};
#define NBENCH (int)(sizeof benches / sizeof benches[0])

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void setup(void)
{
	struct sigaction sa;
	uint32_t x = 2463534242u;

	zero_fd = open("/dev/zero", O_RDONLY);
	null_fd = open("/dev/null", O_WRONLY);
	if (zero_fd < 0 || null_fd < 0)
		die("open /dev/zero or /dev/null");

	ro_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_page == MAP_FAILED)
		die("mmap ro page");
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSEGV, &sa, NULL))
		die("sigaction SIGSEGV");

	struct statfs sf;

	fs_present = statfs("/mnt", &sf) == 0 && sf.f_type == EXT2_MAGIC;
	hash_data = malloc(HASH_BYTES);
	if (!hash_data)
		die("malloc");
	for (size_t i = 0; i < HASH_BYTES / 4; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		hash_data[i] = x;
	}
}

static void report(const char *tag, const char *name, double *v, int reps)
{
	qsort(v, (size_t)reps, sizeof v[0], cmp_double);
	say("%s %s median_us=%.3f min_us=%.3f max_us=%.3f reps=%d\n", tag, name,
	    reps % 2 ? v[reps / 2] : (v[reps / 2 - 1] + v[reps / 2]) / 2, v[0], v[reps - 1], reps);
}

/* /proc/stat's vmi_idle_ns in us: how long the kernel waited with nothing
 * to run (guest/proc/sched.c). */
static double idle_us(void)
{
	static char text[1024];
	int fd = open("/proc/stat", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	const char *v;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		die("/proc/stat");
	text[n] = 0;
	if (!(v = strstr(text, "vmi_idle_ns ")))
		die("/proc/stat has no vmi_idle_ns");
	return strtoull(v + 12, NULL, 10) / 1e3;
}

/*
 * The disk and net rows are timed by busy time: elapsed minus what the
 * kernel spent idle, waiting for the disk or the host peer.  Under icount (make bench) the idle
 * part is not instructions: with the processor halted QEMU's clock jumps
 * to the next timer, and the two backends arm different timers, so the
 * wait says more about timer deadlines than about either backend.  Their
 * elapsed time goes to "bench-wall" lines (docs/PERFORMANCE.md).
 */
static void run(const struct bench *b, int reps, double scale)
{
	static double samples[MAX_REPS], walls[MAX_REPS];
	int ops = (int)(b->ops * scale);

	if (ops < b->unit)
		ops = b->unit;
	ops -= ops % b->unit;           /* ring benchmarks: whole laps */
	static struct ctrs before, after, d;

	b->fn(ops);                     /* warm-up */
	if (counting)
		snapshot(&before);
	for (int r = 0; r < reps; r++) {
		double i0 = b->needs ? idle_us() : 0, t0 = now_us(), t;

		timed_us = -1;
		b->fn(ops);
		t = now_us() - t0;
		walls[r] = t / ops;
		if (b->needs)
			t -= idle_us() - i0;
		samples[r] = (timed_us >= 0 ? timed_us : t) / ops;
	}
	if (counting) {
		snapshot(&after);
		delta(&d, &before, &after, &overhead);
		for (int i = 0; i < d.n; i++)
			if (d.val[i])
				say("bench-event %s %s %lld %lld\n", b->name, d.name[i], d.val[i],
				    (long long)ops * reps);
	}
	report("bench", b->name, samples, reps);
	if (b->needs)
		report("bench-wall", b->name, walls, reps);
}

static void usage(void);

/* -n SOURCE,SINK,ECHO: the host peer's three ports. */
static void net_option(const char *arg)
{
	if (sscanf(arg, "%d,%d,%d", &net_ports[0], &net_ports[1], &net_ports[2]) != 3 ||
	    net_ports[0] <= 0 || net_ports[1] <= 0 || net_ports[2] <= 0 ||
	    net_ports[0] > 65535 || net_ports[1] > 65535 || net_ports[2] > 65535)
		usage();
}

/* -p A.B.C.D:PORT: the peer domain's sink. */
static void dom_option(const char *arg)
{
	unsigned a, b, c, d;
	int port;

	if (sscanf(arg, "%u.%u.%u.%u:%d", &a, &b, &c, &d, &port) != 5 || a > 255 ||
	    b > 255 || c > 255 || d > 255 || port <= 0 || port > 65535)
		usage();
	dom_peer.sin_family = AF_INET;
	dom_peer.sin_port = htons((uint16_t)port);
	dom_peer.sin_addr.s_addr = htonl(a << 24 | b << 16 | c << 8 | d);
}

static void usage(void)
{
	say("usage: bench [-r REPS] [-s SCALE] [-c] [-n SRC,SINK,ECHO] [-p IP:PORT] [NAME...] | bench list | bench nop\n       bench sink PORT N\n");
	_exit(2);
}

int main(int argc, char **argv)
{
	int reps = 5, first = 1;
	double scale = 1.0;

	if (argc > 1 && !strcmp(argv[1], "nop"))
		return 0;
	if (argc == 4 && !strcmp(argv[1], "sink"))
		return sink_main(atoi(argv[2]), atoi(argv[3]));
	if (argc > 1 && !strcmp(argv[1], "list")) {
		for (int i = 0; i < NBENCH; i++)
			say("%s\n", benches[i].name);
		return 0;
	}
	while (first < argc && argv[first][0] == '-') {
		if (!strcmp(argv[first], "-c")) {
			counting = 1;
			first++;
			continue;
		}
		if (first + 1 >= argc)
			usage();
		if (!strcmp(argv[first], "-r"))
			reps = atoi(argv[first + 1]);
		else if (!strcmp(argv[first], "-s"))
			scale = atof(argv[first + 1]);
		else if (!strcmp(argv[first], "-n"))
			net_option(argv[first + 1]);
		else if (!strcmp(argv[first], "-p"))
			dom_option(argv[first + 1]);
		else
			usage();
		first += 2;
	}
	if (reps < 1 || reps > MAX_REPS || !(scale > 0))
		usage();
	if (access(self_path, X_OK))
		self_path = argv[0];
	setup();
	if (counting)
		counting_setup();
	for (int i = 0; i < NBENCH; i++) {
		int wanted = first >= argc;

		for (int a = first; a < argc && !wanted; a++)
			wanted = !strcmp(argv[a], benches[i].name);
		if (wanted && benches[i].needs == NEED_DISK && !fs_present)
			say("bench %s skipped: /mnt is no ext2 disk\n", benches[i].name);
		else if (wanted && benches[i].needs == NEED_NET && !net_ports[0])
			say("bench %s skipped: no host peer (-n)\n", benches[i].name);
		else if (wanted && benches[i].needs == NEED_DOM && !dom_peer.sin_port)
			say("bench %s skipped: no peer domain (-p)\n", benches[i].name);
		else if (wanted)
			run(&benches[i], reps, scale);
	}
	for (int a = first; a < argc; a++) {
		int known = 0;

		for (int i = 0; i < NBENCH; i++)
			known |= !strcmp(argv[a], benches[i].name);
		if (!known)
			say("bench: unknown benchmark %s\n", argv[a]);
	}
	return 0;
}
