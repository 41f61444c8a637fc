/*
 * guest_fs_harness.c - the guest's file layer (guest/fs*.c, dev.c, tty*.c,
 * pipe.c, procfs.c, initramfs.c, kmalloc.c) as a 32-bit Linux program, for
 * scripts/tests/test_guest_fs.py.
 *
 * Freestanding like the guest (no libc: Linux is reached through int $0x80).
 * The direct map is recreated at VMI_KERNEL_BASE with mmap so frame numbers
 * and pfn_to_va work unchanged.  The process core's services are stand-ins:
 * a "process" whose pgid, sid and pending-signal state the test sets, signals
 * recorded in a log, and proc_sleep running the next command queued with
 * "defer" (what another process would do meanwhile) - or failing the test
 * if nothing is queued, since the sleeper would never wake.
 *
 * There are no disks: the VMI block group answers as a backend without it
 * (VMI_FEAT_BLOCK clear), so the disk code (fs/mount.c, ext2/, blk/) is
 * linked in but mounts nothing; test_guest_fs.py covers the RAM filesystem.
 *
 * One command per input line, one answer line per command: a number, a
 * negative errno, or "ok"/text.  Byte strings travel as hex.
 */
#include <stdarg.h>
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "tty/tty.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/kernel/event.h"
#include "lib/klib.h"
#include "kernel.h"
#include "proc/proc.h"

#define FAKE_FIRST_PFN 0x1000u          /* the fake memory starts at +16 MiB */
#define FAKE_PAGES     (128u << 8)      /* 128 MiB */
#define NFD            64
#define NDEFER         16

/* ---- Linux i386 system calls ---- */
static int sys3(int n, int a, int b, int c)
{
	int r;

	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static void *sys_mmap(uint32_t addr, uint32_t len, uint32_t flags)
{
	uint32_t a[6] = { addr, len, 3, flags | 0x22, (uint32_t)-1, 0 };

	return (void *)sys3(90, (int)a, 0, 0);
}

static __attribute__((noreturn)) void quit(int code)
{
	sys3(1, code, 0, 0);
	for (;;)
		;
}

static void out(const char *s, uint32_t n)
{
	sys3(4, 1, (int)s, (int)n);
}

static void say(const char *fmt, ...)
{
	static char buf[20000];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n] = '\n';
	out(buf, (uint32_t)n + 1);
}

/* ---- what the file layer needs from the rest of the kernel ---- */
static uint32_t next_pfn = FAKE_FIRST_PFN, free_head, nr_used;
static uint64_t wallclock = 1700000000ull * 1000000000ull;
static char console[65536];
static uint32_t console_len;

void panic(const char *fmt, ...)
{
	char buf[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("panic: %s", buf);
	quit(3);
}

uint32_t frame_try_alloc(void)
{
	uint32_t pfn;

	if (free_head) {
		pfn = free_head;
		free_head = *(uint32_t *)pfn_to_va(pfn);
	} else if (next_pfn < FAKE_FIRST_PFN + FAKE_PAGES) {
		pfn = next_pfn++;
	} else {
		return VMI_INVALID_PFN;
	}
	memset(pfn_to_va(pfn), 0, VMI_PAGE_SIZE);
	nr_used++;
	return pfn;
}

uint32_t frame_alloc(void)
{
	uint32_t pfn = frame_try_alloc();

	if (pfn == VMI_INVALID_PFN)
		panic("frame_alloc: out of memory");
	return pfn;
}

void frame_free(uint32_t pfn)
{
	if (pfn < FAKE_FIRST_PFN || pfn >= next_pfn)
		panic("frame_free(%u): not a frame", pfn);
	memset(pfn_to_va(pfn), 0xA5, VMI_PAGE_SIZE);   /* catch use after free */
	*(uint32_t *)pfn_to_va(pfn) = free_head;
	free_head = pfn;
	nr_used--;
}

uint32_t frames_free(void)
{
	return FAKE_PAGES - nr_used;
}

/* The file layer's data pages are counted pages (mm/page.c); nothing here
 * maps them, so one reference each. */
uint32_t page_alloc(void)
{
	return frame_try_alloc();
}

void page_get(uint32_t pfn)
{
	panic("page_get(%u): nothing maps file pages here", pfn);
}

void page_put(uint32_t pfn)
{
	frame_free(pfn);
}

/* ---- the rest of the kernel the disk code links against ---- */
struct proc *curproc;                   /* one process: the lock's owner is NULL */

uint32_t vmi_features(void) { return 0; }
int vmi_blk_count(void) { return -VMI_ENOSYS; }
int vmi_blk_info(uint32_t dev, struct vmi_blk_info *out) { (void)dev, (void)out; return -VMI_ENOSYS; }
int vmi_blk_attach(uint32_t dev, uint32_t pfn) { (void)dev, (void)pfn; return -VMI_ENOSYS; }
int vmi_blk_notify(uint32_t dev) { (void)dev; return -VMI_ENOSYS; }
unsigned long vmi_irq_save(void) { return 0; }
void vmi_irq_restore(unsigned long flags) { (void)flags; }
void vmi_irq_enable(void) { }
void vmi_irq_disable(void) { }
void vmi_sched_block(void) { panic("vmi_sched_block: no disk to wait for"); }
void event_set_handler(unsigned port, event_handler_t h) { (void)port, (void)h; }

void klog(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* mm/balloon.c's: the memory the guest holds (/proc/meminfo). */
uint32_t mem_total_pages(void)
{
	return FAKE_PAGES;
}

uint64_t vmi_wallclock_ns(void)
{
	return wallclock;
}

int vmi_console_write(const char *buf, uint32_t len)
{
	for (uint32_t i = 0; i < len && console_len < sizeof(console); i++)
		console[console_len++] = buf[i];
	return (int)len;
}

int copy_from_user(void *dst, const void *usrc, uint32_t n)
{
	memcpy(dst, usrc, n);
	return 0;
}

int copy_to_user(void *udst, const void *src, uint32_t n)
{
	memcpy(udst, src, n);
	return 0;
}

int user_range_ok(uint32_t uaddr, uint32_t n)
{
	(void)uaddr, (void)n;
	return 1;
}

int strncpy_from_user(char *dst, const char *usrc, uint32_t max)
{
	for (uint32_t i = 0; i < max; i++)
		if (!(dst[i] = usrc[i]))
			return (int)i;
	return -ENAMETOOLONG;
}

static int cur_pgid = 1, cur_sid = 1, sig_pending;
static char siglog[512];
static uint32_t siglog_len;
static char deferred[NDEFER][512];
static int ndeferred, sleeps;
static int run_line(char *line);

void proc_sleep(void *chan)
{
	char line[512];

	(void)chan;
	sleeps++;
	if (ndeferred == 0)
		panic("proc_sleep with nothing deferred: would sleep forever");
	memcpy(line, deferred[0], sizeof(line));
	memmove(deferred[0], deferred[1], sizeof(deferred[0]) * (NDEFER - 1));
	ndeferred--;
	run_line(line);                 /* its answer line goes out too */
}

void proc_wakeup(void *chan)
{
	(void)chan;
}

int proc_signal_pending(void)
{
	return sig_pending;
}

void proc_signal_pgrp(int pgid, int sig)
{
	siglog_len += (uint32_t)snprintf(siglog + siglog_len, sizeof(siglog) - siglog_len,
					 "%s%d:%d", siglog_len ? "," : "", pgid, sig);
}

int proc_pgid(void) { return cur_pgid; }
int proc_sid(void) { return cur_sid; }
int proc_session_alive(int sid) { return sid == cur_sid; }
/* The network layer is not linked here: no file is a socket. */
int sock_stat(struct file *f, struct kstat *st) { (void)f; (void)st; return -EBADF; }
int proc_sig_refused(int sig) { (void)sig; return 0; }
int proc_pgrp_orphaned(int pgid) { (void)pgid; return 0; }

void *poll_channel(void)
{
	static int chan;

	return &chan;
}

/* The credentials side (proc/cred.c): the one process is root, with
 * every capability and no supplementary groups. */
int capable(enum cap cap) { (void)cap; return 1; }
uint32_t proc_fsuid(void) { return 0; }
uint32_t proc_ruid(void) { return 0; }
uint32_t proc_fsgid(void) { return 0; }
int proc_in_group(uint32_t gid) { return gid == 0; }

/* /proc's process side (proc/proc_info.c): one process, pid 42, whose
 * per-process text is its name; no chroot. */
int proc_info(int pid, int what, char *buf, uint32_t n)
{
	return pid == 42 ? snprintf(buf, n, "%s%d", what == PROC_EXE ? "/bin/" : "text", what)
	                 : -ESRCH;
}

int proc_self(void) { return 42; }
/* Its files made as read (smaps, pagemap): the same text, from pos. */
int proc_read_at(int pid, int what, struct proc_cursor *c, uint64_t pos, char *buf,
                 uint32_t n)
{
	char text[64];
	int len = proc_info(pid, what, text, sizeof(text));

	(void)c;
	if (len < 0)
		return len;
	if (pos >= (uint64_t)len)
		return 0;
	if (n > (uint32_t)len - (uint32_t)pos)
		n = (uint32_t)len - (uint32_t)pos;
	memcpy(buf, text + pos, n);
	return (int)n;
}

/* ns_last_pid: the harness's one process was the last given out. */
int pid_last(void) { return 42; }
int pid_set_last(int pid) { (void)pid; return 0; }
/* Its one thread (/proc/42/task/42/), whose text is as proc_info's. */
int proc_threads(int pid, int *tids, int max)
{
	if (pid != 42)
		return -ESRCH;
	if (max > 0)
		tids[0] = 42;
	return max > 0;
}
int proc_thread_info(int pid, int tid, int what, char *buf, uint32_t n)
{
	return tid == 42 ? proc_info(pid, what, buf, n) : -ESRCH;
}
/* Signal-driven I/O and lease breaks (fasync.c, lease.c) are not driven
 * here: no SIGIO owner, and a timed sleep is a sleep. */
void proc_send_sigio(int owner_type, int owner_id, int sig, int fd, int reason)
{
	(void)owner_type, (void)owner_id, (void)sig, (void)fd, (void)reason;
}
void proc_sleep_until(void *chan, uint64_t deadline_ns)
{
	(void)deadline_ns;
	proc_sleep(chan);
}
uint64_t proc_clock_ns(void) { return 0; }
/* Record locks are the process core's (sys_lock.c): none are taken here. */
void ofd_locks_release(struct file *f) { (void)f; }
/* The kernel's generator (kern/random.c) for /dev/random and /dev/urandom:
 * a fixed pattern, 0xa5 then counting up. */
void random_fill(void *buf, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = (uint8_t)(0xa5 + i);
}
struct inode *proc_root(void) { return NULL; }
int proc_meminfo_text(char *buf, uint32_t n) { return snprintf(buf, n, "MemTotal: 1 kB\n"); }
int proc_stat_text(char *buf, uint32_t n) { return snprintf(buf, n, "cpu  0\n"); }
int proc_uptime_text(char *buf, uint32_t n) { return snprintf(buf, n, "1.00 1.00\n"); }
int proc_loadavg_text(char *buf, uint32_t n) { return snprintf(buf, n, "0.00\n"); }
int proc_cpuinfo_text(char *buf, uint32_t n) { return snprintf(buf, n, "processor\t: 0\n"); }
/* /proc/net's generators (guest/net): not linked here, so a fixed line each. */
int netdev_text(char *buf, uint32_t n) { return snprintf(buf, n, "lo: 0\n"); }
int route_text(char *buf, uint32_t n) { return snprintf(buf, n, "Iface\n"); }
int arp_text(char *buf, uint32_t n) { return snprintf(buf, n, "IP address\n"); }
int tcp_text(char *buf, uint32_t n) { return snprintf(buf, n, "  sl\n"); }
int udp_text(char *buf, uint32_t n) { return snprintf(buf, n, "   sl\n"); }

/* ---- helpers ---- */
static struct file *fds[NFD];
static struct inode *cwd;

static int fd_new(struct file *f)
{
	for (int i = 0; i < NFD; i++)
		if (!fds[i]) {
			fds[i] = f;
			return i;
		}
	panic("harness: out of fds");
}

static struct file *fd_file(uint32_t fd)
{
	if (fd >= NFD || !fds[fd])
		panic("harness: bad fd %u", fd);
	return fds[fd];
}

static uint32_t num(const char *s)
{
	uint32_t v = 0, base = 10, neg = *s == '-';

	s += neg;
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	for (; *s; s++)
		v = v * base + (uint32_t)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
	return neg ? -v : v;
}

static uint32_t unhex(const char *s, char *buf, uint32_t max)
{
	uint32_t n = 0;

	if (s[0] == '-' && !s[1])
		return 0;               /* "-": empty */
	for (; s[0] && s[1] && n < max; s += 2)
		buf[n++] = (char)((num((char[]){ '0', 'x', s[0], s[1], 0 })));
	return n;
}

static char *hex(const char *buf, uint32_t n)
{
	static char text[2 * 8192 + 2];
	static const char digits[] = "0123456789abcdef";

	if (n > 8192)
		n = 8192;
	for (uint32_t i = 0; i < n; i++) {
		text[2 * i] = digits[(uint8_t)buf[i] >> 4];
		text[2 * i + 1] = digits[(uint8_t)buf[i] & 15];
	}
	text[2 * n] = 0;
	return n ? text : "-";
}

static uint32_t page_buf[8192 / 4];      /* a large, aligned scratch buffer */

/* ---- commands ---- */
static void cmd_stat(struct inode *ip)
{
	struct kstat st;

	vfs_stat(ip, &st);
	say("%o %u %llu %u %u %u %u %u %u %u", st.mode, st.nlink, (unsigned long long)st.size,
	    st.uid, st.gid, st.rdev, st.ino, st.blocks, st.mtime, st.atime);
}

static void cmd_path_stat(const char *path, int follow)
{
	struct inode *ip;
	int err = vfs_lookup(cwd, path, follow, &ip);

	if (err) {
		say("%d", err);
		return;
	}
	cmd_stat(ip);
	inode_put(ip);
}

/* getdents64 with a buffer of n bytes: "name/type/d_off ..." or an error. */
static void cmd_dents(struct file *f, uint32_t n)
{
	char *buf = (char *)page_buf, line[8192];
	uint32_t len = 0;
	int got = f->ops->getdents64(f, buf, n);

	if (got <= 0) {
		say("%d", got);
		return;
	}
	for (int off = 0; off < got;) {
		uint16_t reclen = *(uint16_t *)(buf + off + 16);
		const char *name = buf + off + 19;
		if (reclen % 8 || reclen < 24 || off + reclen > got || strlen(name) + 20 > reclen)
			panic("bad dirent record at %d (reclen %u)", off, reclen);
		len += (uint32_t)snprintf(line + len, sizeof(line) - len, "%s%s/%u/%lld",
					  off ? " " : "", name, (uint8_t)buf[off + 18],
					  *(long long *)(buf + off + 8));
		off += reclen;
	}
	say("%s", line);
}

/* Every name in a directory, in getdents order, read in small batches. */
static void cmd_ls(const char *path)
{
	char *buf = (char *)page_buf, line[16384];
	uint32_t len = 0;
	struct file *f;
	int got, err = vfs_open(cwd, path, O_RDONLY | O_DIRECTORY, 0, &f);

	if (err) {
		say("%d", err);
		return;
	}
	line[0] = 0;
	while ((got = f->ops->getdents64(f, buf, 100)) > 0)
		for (int off = 0; off < got; off += *(uint16_t *)(buf + off + 16))
			len += (uint32_t)snprintf(line + len, sizeof(line) - len, "%s%s",
						  len ? " " : "", buf + off + 19);
	file_put(f);
	say("%s", got < 0 ? "getdents failed" : line);
}

static void cmd_open(const char *path, uint32_t flags, uint32_t mode)
{
	struct file *f;
	int err = vfs_open(cwd, path, flags, mode, &f);

	say("%d", err ? err : fd_new(f));
}

static void cmd_read(uint32_t fd, uint32_t n)
{
	char *buf = (char *)page_buf;
	struct file *f = fd_file(fd);
	int got;

	if (n > sizeof(page_buf))
		n = sizeof(page_buf);
	got = f->ops->read(f, buf, n);
	if (got < 0)
		say("%d", got);
	else
		say("%s", hex(buf, (uint32_t)got));
}

static void cmd_write(uint32_t fd, const char *data)
{
	char *buf = (char *)page_buf;
	uint32_t n = unhex(data, buf, sizeof(page_buf));
	struct file *f = fd_file(fd);

	say("%d", f->ops->write(f, buf, n));
}

/* Fill a file with n bytes of a pattern (big files without big lines). */
static void cmd_fill(uint32_t fd, uint32_t n, uint32_t seed)
{
	char *buf = (char *)page_buf;
	struct file *f = fd_file(fd);
	uint32_t done = 0;

	while (done < n) {
		uint32_t chunk = n - done < 4096 ? n - done : 4096;
		for (uint32_t i = 0; i < chunk; i++)
			buf[i] = (char)((done + i) * 7 + seed + (done + i) / 4096);
		int put = f->ops->write(f, buf, chunk);
		if (put != (int)chunk) {
			say("%d", put);
			return;
		}
		done += chunk;
	}
	say("%u", done);
}

/* Read n bytes from the current position and check them against the
 * pattern fill wrote from position `at` (0 bytes where holes are). */
static void cmd_check(uint32_t fd, uint32_t n, uint32_t seed, uint32_t at)
{
	char *buf = (char *)page_buf;
	struct file *f = fd_file(fd);
	uint32_t done = 0;

	while (done < n) {
		uint32_t chunk = n - done < 4096 ? n - done : 4096;
		int got = f->ops->read(f, buf, chunk);
		if (got <= 0) {
			say("short %u %d", done, got);
			return;
		}
		for (int i = 0; i < got; i++) {
			uint32_t pos = done + (uint32_t)i;
			char want = (char)(pos * 7 + seed + pos / 4096);
			if (pos < at)
				want = 0;
			if (buf[i] != want) {
				say("mismatch at %u", done + (uint32_t)i);
				return;
			}
		}
		done += (uint32_t)got;
	}
	say("%u", done);
}

static void cmd_getcwd(void)
{
	char buf[256];
	int n = vfs_getcwd(cwd, buf, sizeof(buf));

	say("%s", n < 0 ? "error" : buf);
}

static void cmd_chdir(const char *path)
{
	struct inode *ip;
	int err = vfs_lookup(cwd, path, 1, &ip);

	if (!err && !vfs_is_dir(ip)) {
		inode_put(ip);
		err = -ENOTDIR;
	}
	if (!err) {
		inode_put(cwd);
		cwd = ip;
	}
	say("%d", err);
}

static void cmd_inode(const char *path, int what, uint32_t a, uint32_t b)
{
	struct inode *ip;
	int err = vfs_lookup(cwd, path, what != 3, &ip);

	if (err) {
		say("%d", err);
		return;
	}
	err = what == 0 ? vfs_truncate(ip, a) : what == 1 ? vfs_chmod(ip, a) :
	      what == 2 ? vfs_utimes(ip, a, b) : vfs_chown(ip, a, b);
	inode_put(ip);
	say("%d", err);
}

/* renameat/linkat with each path relative to its own directory. */
static void cmd_at(int link, const char *d1, const char *p1, const char *d2, const char *p2)
{
	struct inode *a, *b;
	int err;

	if (vfs_lookup(cwd, d1, 1, &a) || vfs_lookup(cwd, d2, 1, &b))
		panic("harness: no directory %s or %s", d1, d2);
	err = link ? vfs_linkat(a, p1, b, p2, 0) : vfs_renameat(a, p1, b, p2);
	inode_put(a);
	inode_put(b);
	say("%d", err);
}

static void cmd_readlink(const char *path, uint32_t n)
{
	char buf[4096];
	int got = vfs_readlink(cwd, path, buf, n < sizeof(buf) ? n : sizeof(buf));

	if (got < 0)
		say("%d", got);
	else
		say("%s", hex(buf, (uint32_t)got));
}

static void cmd_pipe(void)
{
	struct file *r, *w;
	int err = pipe_create(&r, &w);

	if (err) {
		say("%d", err);
		return;
	}
	int rfd = fd_new(r);
	say("%d %d", rfd, fd_new(w));
}

static void cmd_ioctl_get(uint32_t fd, uint32_t cmd, uint32_t len)
{
	char buf[64];
	struct file *f = fd_file(fd);
	int err;

	memset(buf, 0, sizeof(buf));
	err = f->ops->ioctl(f, cmd, (uint32_t)buf);
	if (err)
		say("%d", err);
	else
		say("%s", hex(buf, len));
}

static void cmd_ioctl_set(uint32_t fd, uint32_t cmd, const char *data)
{
	char buf[64];
	struct file *f = fd_file(fd);

	unhex(data, buf, sizeof(buf));
	say("%d", f->ops->ioctl(f, cmd, data[0] == '=' ? num(data + 1) : (uint32_t)buf));
}

/* Read a host file into fake memory and unpack it. */
static void cmd_unpack(const char *path)
{
	static char *archive;
	int fd = sys3(5, (int)path, 0, 0), got, len = 0;

	if (fd < 0) {
		say("cannot open %s", path);
		return;
	}
	if (!archive)
		archive = sys_mmap(0, 64u << 20, 0);
	while ((got = sys3(3, fd, (int)(archive + len), 1 << 20)) > 0)
		len += got;
	sys3(6, fd, 0, 0);
	say("%d", initramfs_unpack(archive, (uint32_t)len));
}

static void cmd_console(void)
{
	say("%s", hex(console, console_len));
	console_len = 0;
}

static void cmd_signals(void)
{
	say("%s", siglog_len ? siglog : "-");
	siglog_len = 0;
}

static int words(char *s, char **w, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		w[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

static int run_line(char *line)
{
	char *w[8], keep[512];
	uint32_t a[7] = { 0 };
	int n;

	memcpy(keep, line, sizeof(keep));
	n = words(line, w, 8);
	if (n == 0)
		return 0;
	for (int i = 1; i < n; i++)
		a[i - 1] = num(w[i]);
#define IS(name) (strcmp(w[0], name) == 0)
	if (IS("defer")) {
		if (ndeferred == NDEFER)
			panic("harness: too many deferred commands");
		memcpy(deferred[ndeferred++], keep + 6, sizeof(keep) - 6);
		say("ok");
	}
	else if (IS("open")) cmd_open(w[1], a[1], a[2]);
	else if (IS("close")) { file_put(fd_file(a[0])); fds[a[0]] = 0; say("0"); }
	else if (IS("dup")) say("%d", fd_new(file_get(fd_file(a[0]))));
	else if (IS("read")) cmd_read(a[0], a[1]);
	else if (IS("write")) cmd_write(a[0], w[2]);
	else if (IS("fill")) cmd_fill(a[0], a[1], a[2]);
	else if (IS("check")) cmd_check(a[0], a[1], a[2], a[3]);
	else if (IS("seek")) say("%lld", (long long)vfs_lseek(fd_file(a[0]), (int32_t)a[1], (int)a[2]));
	else if (IS("stat")) cmd_path_stat(w[1], 1);
	else if (IS("lstat")) cmd_path_stat(w[1], 0);
	else if (IS("fstat")) {
		struct kstat st;
		int err = vfs_fstat(fd_file(a[0]), &st);
		if (err) say("%d", err);
		else say("%o %u %llu %u", st.mode, st.nlink, (unsigned long long)st.size, st.dev);
	}
	else if (IS("mkdir")) say("%d", vfs_mkdir(cwd, w[1], a[1]));
	else if (IS("rmdir")) say("%d", vfs_rmdir(cwd, w[1]));
	else if (IS("unlink")) say("%d", vfs_unlink(cwd, w[1]));
	else if (IS("rename")) say("%d", vfs_rename(cwd, w[1], w[2]));
	else if (IS("symlink")) say("%d", vfs_symlink(cwd, w[1][0] == '-' && !w[1][1] ? "" : w[1], w[2]));
	else if (IS("renameat")) cmd_at(0, w[1], w[2], w[3], w[4]);
	else if (IS("linkat")) cmd_at(1, w[1], w[2], w[3], w[4]);
	else if (IS("mayblock")) say("%d", vfs_may_block(fd_file(a[0])));
	else if (IS("link")) say("%d", vfs_link(cwd, w[1], w[2], (int)a[2]));
	else if (IS("mknod")) say("%d", vfs_mknod(cwd, w[1], a[1], a[2]));
	else if (IS("readlink")) cmd_readlink(w[1], a[1]);
	else if (IS("access")) say("%d", vfs_access(cwd, w[1], a[1]));
	else if (IS("truncate")) cmd_inode(w[1], 0, a[1], 0);
	else if (IS("chmod")) cmd_inode(w[1], 1, a[1], 0);
	else if (IS("utimes")) cmd_inode(w[1], 2, a[1], a[2]);
	else if (IS("lchown")) cmd_inode(w[1], 3, a[1], a[2]);
	else if (IS("ftruncate")) say("%d", vfs_truncate(fd_file(a[0])->inode, a[1]));
	else if (IS("dents")) cmd_dents(fd_file(a[0]), a[1]);
	else if (IS("ls")) cmd_ls(w[1]);
	else if (IS("chdir")) cmd_chdir(w[1]);
	else if (IS("getcwd")) cmd_getcwd();
	else if (IS("pipe")) cmd_pipe();
	else if (IS("poll")) say("%d", fd_file(a[0])->ops->poll(fd_file(a[0])));
	else if (IS("setfl")) { fd_file(a[0])->flags = a[1]; say("0"); }
	else if (IS("ioctl_get")) cmd_ioctl_get(a[0], a[1], a[2]);
	else if (IS("ioctl_set")) cmd_ioctl_set(a[0], a[1], w[3]);
	else if (IS("console_fd")) say("%d", fd_new(file_get(console_file())));
	else if (IS("tty")) {
		char buf[512];
		tty_input(buf, unhex(w[1], buf, sizeof(buf)));
		say("ok");
	}
	else if (IS("out")) cmd_console();
	else if (IS("signals")) cmd_signals();
	else if (IS("sigpending")) { sig_pending = (int)a[0]; say("ok"); }
	else if (IS("proc")) { cur_pgid = (int)a[0]; cur_sid = (int)a[1]; say("ok"); }
	else if (IS("clock")) { wallclock = (uint64_t)a[0] * 1000000000ull; say("ok"); }
	else if (IS("sleeps")) { say("%d", sleeps); sleeps = 0; }
	else if (IS("unpack")) cmd_unpack(w[1]);
	else if (IS("frames")) say("%u", nr_used);
	else return -1;
	return 0;
}

static char inbuf[65536];
static int inpos, inlen;

static int get_line(char *line, int max)
{
	int n = 0;

	for (;;) {
		if (inpos == inlen) {
			inlen = sys3(3, 0, (int)inbuf, sizeof(inbuf));
			inpos = 0;
			if (inlen <= 0)
				return -1;
		}
		char c = inbuf[inpos++];
		if (c == '\n')
			break;
		if (n < max - 1)
			line[n++] = c;
	}
	line[n] = 0;
	return n;
}

int harness_main(void)
{
	char line[512];
	void *want = pfn_to_va(FAKE_FIRST_PFN);

	if (sys_mmap((uint32_t)want, FAKE_PAGES * VMI_PAGE_SIZE, 0x100000 | 0x4000) != want) {
		say("skip: cannot map the direct map at %p", want);
		quit(77);
	}
	fs_init();
	cwd = fs_root;
	inode_get(cwd);
	say("ready");
	while (get_line(line, sizeof(line)) >= 0)
		if (run_line(line))
			say("error: unknown command %s", line);
	return 0;
}

asm(".globl _start\n_start:\n\txorl %ebp, %ebp\n\tandl $-16, %esp\n"
    "\tcall harness_main\n\tmovl %eax, %ebx\n\tmovl $1, %eax\n\tint $0x80\n");
