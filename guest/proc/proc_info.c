/*
 * proc_info.c - what /proc says about processes and the system, as text in
 * Linux's formats (fs/proc/array.c, meminfo.c, stat.c, ...): the per-
 * process stat, status, cmdline and the exe and cwd links (maps, smaps and
 * pagemap are proc_mm_info.c's, about the process's memory), and the
 * system-wide meminfo, stat, uptime, loadavg and cpuinfo.  The file layer's procfs
 * (guest/fs/procfs.c) builds the directory tree and asks for the text
 * through these calls (vfs.h); here is only what the process core knows.
 *
 * Also the absolute, symlink-resolved program path exec records for
 * /proc/<pid>/exe, and the load average, sampled every 5 seconds of the
 * scheduler tick the way Linux's calc_load does (fixed point, 11 bits).
 */
#include "proc/proc.h"
#include "kernel.h"          /* mem_total_pages */
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define FSHIFT   11
#define FIXED_1  (1u << FSHIFT)
#define EXP_1    1884               /* 1/exp(5s/1min) in fixed point */
#define EXP_5    2014
#define EXP_15   2037
#define LOAD_INTERVAL_NS 5000000000ull

uint64_t cpu_user_ticks, cpu_system_ticks;
uint32_t forks_total;
static uint32_t loadavg[3];

/* ---- the program path ---- */

/* dir/target, for a relative link target found in dir's entry cur. */
static void relative_to(char *cur, uint32_t n, const char *target)
{
	char *slash = strrchr(cur, '/');
	uint32_t keep = slash ? (uint32_t)(slash - cur) + 1 : 0;

	snprintf(cur + keep, n - keep, "%s", target);
}

void proc_set_exe(struct proc *p, const char *path)
{
	char *cur = p->iobuf, *link = p->iobuf + 1024, *dir = p->iobuf + 2048, *slash;
	struct inode *ip;
	int n;

	strncpy(cur, path, 1023);
	cur[1023] = 0;
	for (int i = 0; i < 40 && (n = vfs_readlink(p->fs->cwd, cur, link, 1023)) > 0; i++) {
		link[n] = 0;
		if (link[0] == '/')
			snprintf(cur, 1024, "%s", link);
		else
			relative_to(cur, 1024, link);
	}
	slash = strrchr(cur, '/');
	if (slash)
		snprintf(dir, 1024, "%.*s", slash == cur ? 1 : (int)(slash - cur), cur);
	else
		snprintf(dir, 1024, ".");
	p->exe[0] = 0;
	if (vfs_lookup(p->fs->cwd, dir, 1, &ip) == 0) {
		n = vfs_getcwd(ip, p->exe, sizeof(p->exe));
		inode_put(ip);
		if (n > 0)
			snprintf(p->exe + n - 1, sizeof(p->exe) - (n - 1), "%s%s",
			         n == 2 ? "" : "/", slash ? slash + 1 : cur);
	}
	if (!p->exe[0])
		strncpy(p->exe, path, sizeof(p->exe) - 1);
}

/* ---- per process ---- */

static struct proc *leader_of(int pid)
{
	struct proc *p = proc_find(pid);

	return p && p->leader == p ? p : 0;
}

/* A live thread of group leader p (for its address space and files). */
static struct proc *live_thread(struct proc *p)
{
	if (p->state != P_ZOMBIE)
		return p;
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t->state != P_ZOMBIE && t->leader == p)
			return t;
	}
	return 0;
}

static char state_char(struct proc *p)
{
	if (p->state == P_ZOMBIE && p->nthreads == 0)
		return 'Z';
	if (p->stopped)
		return 'T';
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t->leader == p && (t->state == P_RUNNING || t->state == P_RUNNABLE))
			return 'R';
	}
	return 'S';
}

/* One thread's state (task/<tid>/): the group's stop counts for each. */
static char thread_state_char(struct proc *t)
{
	if (t->state == P_ZOMBIE)
		return 'Z';
	if (t->leader->stopped)
		return 'T';
	return t->state == P_RUNNING || t->state == P_RUNNABLE ? 'R' : 'S';
}

/* Handled and ignored signals, as status and stat show them. */
static void sig_sets(struct proc *t, sigset64_t *ign, sigset64_t *cgt)
{
	*ign = *cgt = 0;
	for (int sig = 1; t && t->sighand && sig <= NSIG; sig++) {
		uint32_t h = t->sighand->action[sig].handler;

		if (h == SIG_IGN)
			*ign |= 1ull << (sig - 1);
		else if (h != SIG_DFL)
			*cgt |= 1ull << (sig - 1);
	}
}

/* The stat line of process p, or with thr != p of its thread thr (that
 * thread's id, name, state and times; the rest is the group's). */
static int gen_stat(struct proc *p, struct proc *thr, char *buf, uint32_t n)
{
	struct proc *t = thr != p ? thr : live_thread(p);
	struct mm *mm = t ? t->mm : 0;
	sigset64_t ign, cgt;
	uint64_t start = p->start_ns / (1000000000ull / HZ);   /* ticks since boot */

	sig_sets(t, &ign, &cgt);
	return snprintf(buf, n,
		"%d (%s) %c %d %d %d 0 -1 %u 0 0 0 0 %llu %llu %llu %llu 20 0 %d 0 %llu "
		"%u %u 4294967295 0 0 0 0 0 %llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 "
		"0 0 %u %u %u 0 0 %d\n",
		thr->pid, thr->name, thr != p ? thread_state_char(thr) : state_char(p),
		p->parent ? p->parent->pid : 0, p->pgid,
		p->sid, 0x400000u, thr->utime_ticks, thr->stime_ticks, p->cutime_ticks,
		p->cstime_ticks, p->nthreads, start, mm_mapped_bytes(mm), mm_rss_pages(mm),
		p->sig_pending | p->shared_pending, t ? t->sig_blocked : 0, ign, cgt,
		p->exit_signal, mm ? mm->brk_start : 0, mm ? mm->arg_start : 0,
		mm ? mm->arg_end : 0, p->nthreads ? 0 : p->status);
}

/* As gen_stat: process p, or its thread thr. */
static int gen_status(struct proc *p, struct proc *thr, char *buf, uint32_t n)
{
	static const char *const names[] = { "R (running)", "S (sleeping)", "Z (zombie)",
	                                     "T (stopped)" };
	struct proc *t = thr != p ? thr : live_thread(p);
	struct mm *mm = t ? t->mm : 0;
	char st = thr != p ? thread_state_char(thr) : state_char(p);
	sigset64_t ign, cgt;
	int len;

	sig_sets(t, &ign, &cgt);
	len = snprintf(buf, n,
		"Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		"PPid:\t%d\nTracerPid:\t0\n",
		thr->name, t && t->fs ? t->fs->umask : 0,
		names[st == 'R' ? 0 : st == 'S' ? 1 : st == 'Z' ? 2 : 3],
		p->tgid, thr->pid, p->parent ? p->parent->pid : 0);
	len += cred_ids_text(p, buf + len, n - len);
	len += snprintf(buf + len, n - len, "FDSize:\t%d\n", t && t->files ? t->files->nfd : 0);
	len += cred_groups_text(p, buf + len, n - len);
	len += snprintf(buf + len, n - len,
		"VmPeak:\t%8u kB\nVmSize:\t%8u kB\nVmLck:\t%8u kB\nVmPin:\t%8u kB\n"
		"VmRSS:\t%8u kB\n"
		"Threads:\t%d\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
		"SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		mm_mapped_bytes(mm) / 1024,
		mm_mapped_bytes(mm) / 1024, vma_locked_bytes(mm) / 1024, 0,
		mm_rss_pages(mm) * (PAGE_SIZE / 1024), p->nthreads,
		t ? t->sig_pending : 0, p->shared_pending, t ? t->sig_blocked : 0, ign, cgt);
	return len + caps_text(thr, buf + len, n - len);
}

/* The argv strings, NUL-separated, read from the process's memory. */
static int gen_cmdline(struct proc *p, char *buf, uint32_t n)
{
	struct proc *t = live_thread(p);
	struct mm *mm = t ? t->mm : 0;
	uint32_t len = 0;

	if (!mm)
		return 0;
	for (uint32_t va = mm->arg_start; va < mm->arg_end && len < n; ) {
		vmi_pte_t pte = vm_pte(mm, va);
		uint32_t off = va & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;

		if (!(pte & VMI_PTE_P))
			break;
		if (chunk > mm->arg_end - va)
			chunk = mm->arg_end - va;
		if (chunk > n - len)
			chunk = n - len;
		memcpy(buf + len, (char *)pfn_to_va(vmi_pte_pfn(pte)) + off, chunk);
		len += chunk;
		va += chunk;
	}
	return (int)len;
}

/* The address space /proc shows for p: a live thread's. */
static struct mm *mm_of(struct proc *p)
{
	struct proc *t = live_thread(p);

	return t ? t->mm : 0;
}

/* /proc/<pid>/fd/<fd>: where the open file is. */
static int fd_target(struct proc *p, int fd, char *buf, uint32_t n)
{
	struct proc *t = live_thread(p);
	struct file *f = t && t->files ? files_fd(t->files, fd) : 0;

	return f ? vfs_file_path(f, buf, n) : -ENOENT;
}

/* /proc/<pid>/fdinfo/<fd>: its offset and flags (close-on-exec as
 * O_CLOEXEC), as Linux writes them. */
static int fd_info(struct proc *p, int fd, char *buf, uint32_t n)
{
	struct proc *t = live_thread(p);
	struct file *f = t && t->files ? files_fd(t->files, fd) : 0;
	struct kstat st;
	uint32_t flags;

	if (!f)
		return -ENOENT;
	flags = f->flags | (fd_cloexec(t->files, fd) ? O_CLOEXEC : 0);
	if (vfs_fstat(f, &st))
		st.ino = 0;
	return snprintf(buf, n, "pos:\t%llu\nflags:\t0%o\nmnt_id:\t0\nino:\t%u\n",
	                (unsigned long long)f->pos, flags, st.ino);
}

int proc_info(int pid, int what, char *buf, uint32_t n)
{
	struct proc *p = leader_of(pid), *t;

	if (!p)
		return -ESRCH;
	switch (what) {
	case PROC_STAT:    return gen_stat(p, p, buf, n);
	case PROC_STATUS:  return gen_status(p, p, buf, n);
	case PROC_COMM:    return snprintf(buf, n, "%s\n", p->name);
	case PROC_CMDLINE: return gen_cmdline(p, buf, n);
	case PROC_MAPS:    return mm_maps_text(mm_of(p), buf, n);
	case PROC_SMAPS_ROLLUP: return mm_smaps_rollup_text(mm_of(p), buf, n);
	case PROC_EXE:
		return p->nthreads ? snprintf(buf, n, "%s", p->exe) : -ENOENT;
	case PROC_MOUNTS:
		return 0;
	case PROC_NFD:
		t = live_thread(p);
		return t && t->files ? t->files->nfd : 0;
	case PROC_CWD:
		t = live_thread(p);
		return t && t->fs ? vfs_getcwd(t->fs->cwd, buf, n) - 1 : -ENOENT;
	default:
		if (what >= PROC_FD && what < PROC_FD + NOFILE)
			return fd_target(p, what - PROC_FD, buf, n);
		if (what >= PROC_FDINFO && what < PROC_FDINFO + NOFILE)
			return fd_info(p, what - PROC_FDINFO, buf, n);
		return -EINVAL;
	}
}

int proc_read_at(int pid, int what, struct proc_cursor *c, uint64_t pos, char *buf,
                 uint32_t n)
{
	struct proc *p = leader_of(pid);

	if (!p)
		return -ESRCH;
	switch (what) {
	case PROC_SMAPS:   return mm_smaps_read(mm_of(p), c, pos, buf, n);
	case PROC_PAGEMAP: return mm_pagemap_read(mm_of(p), pos, buf, n);
	default:           return -EINVAL;
	}
}

/* ---- threads: /proc/<pid>/task/ ---- */

/* A thread of pid's group is listed while it lives; the leader also as a
 * zombie while others run (as Linux keeps it). */
static int listed_thread(struct proc *t, struct proc *leader)
{
	return t->state != P_UNUSED && t->leader == leader &&
	       (t == leader || t->state != P_ZOMBIE);
}

int proc_threads(int pid, int *tids, int max)
{
	struct proc *p = leader_of(pid);
	int n = 0;

	if (!p)
		return -ESRCH;
	if (n < max)
		tids[n++] = p->pid;
	for (int i = 0; i < proc_slots && n < max; i++) {
		struct proc *t = proc_table[i];

		if (t && t != p && listed_thread(t, p))
			tids[n++] = t->pid;
	}
	return n;
}

int proc_thread_info(int pid, int tid, int what, char *buf, uint32_t n)
{
	struct proc *p = leader_of(pid), *t = proc_find(tid);

	if (!p || !t || !listed_thread(t, p))
		return -ESRCH;
	switch (what) {
	case PROC_STAT:   return gen_stat(p, t, buf, n);
	case PROC_STATUS: return gen_status(p, t, buf, n);
	case PROC_COMM:   return snprintf(buf, n, "%s\n", t->name);
	default:          return -EINVAL;
	}
}

int proc_self(void)
{
	return curproc ? curproc->tgid : 0;
}

/* ---- the system ---- */

static int count_threads(int running)
{
	int n = 0;

	for (int i = 0; i < proc_slots; i++) {
		enum proc_state s = proc_table[i] ? proc_table[i]->state : P_UNUSED;

		n += running ? s == P_RUNNING || s == P_RUNNABLE
		             : s != P_UNUSED && s != P_ZOMBIE;
	}
	return n;
}

/* One sample per 5 s that passed; the intervals the processor slept
 * through (the tick stops when idle) are sampled with what runs now. */
void loadavg_update(uint64_t now)
{
	static const uint32_t exp[3] = { EXP_1, EXP_5, EXP_15 };
	static uint64_t next;
	uint32_t active = count_threads(1) * FIXED_1;

	for (int n = 0; now >= next && n < 1000; n++) {
		next = (next ? next : now) + LOAD_INTERVAL_NS;
		for (int i = 0; i < 3; i++)
			loadavg[i] = (loadavg[i] * exp[i] + active * (FIXED_1 - exp[i]) +
			              FIXED_1 / 2) >> FSHIFT;
	}
	if (now >= next)
		next = now + LOAD_INTERVAL_NS;
}

static uint64_t uptime_ticks(void)
{
	return vmi_time_ns() / (1000000000ull / HZ);
}

static uint64_t idle_ticks(void)
{
	uint64_t up = uptime_ticks(), busy = cpu_user_ticks + cpu_system_ticks;

	return up > busy ? up - busy : 0;
}

int proc_meminfo_text(char *buf, uint32_t n)
{
	/* what the guest holds now: the balloon's pages out excluded (mm/balloon.c) */
	uint32_t total = mem_total_pages() * (PAGE_SIZE / 1024);
	uint32_t free = pages_free() * (PAGE_SIZE / 1024);

	return snprintf(buf, n,
		"MemTotal:       %8u kB\nMemFree:        %8u kB\nMemAvailable:   %8u kB\n"
		"Buffers:        %8u kB\nCached:         %8u kB\nSwapCached:     %8u kB\n"
		"SwapTotal:      %8u kB\nSwapFree:       %8u kB\nShmem:          %8u kB\n"
		"SReclaimable:   %8u kB\n",
		total, free, free, 0, 0, 0, 0, 0, 0, 0);
}

/* Linux's lines, and ours last: vmi_idle_ns, the exact idle time (proc.h). */
int proc_stat_text(char *buf, uint32_t n)
{
	uint64_t boot = (wall_ns() - (int64_t)vmi_time_ns()) / 1000000000ll;
	uint64_t u = cpu_user_ticks, s = cpu_system_ticks, idle = idle_ticks();

	return snprintf(buf, n,
		"cpu  %llu 0 %llu %llu 0 0 0 0 0 0\ncpu0 %llu 0 %llu %llu 0 0 0 0 0 0\n"
		"intr 0\nctxt 0\nbtime %llu\nprocesses %u\nprocs_running %d\n"
		"procs_blocked 0\nsoftirq 0\nvmi_idle_ns %llu\n",
		u, s, idle, u, s, idle, boot, forks_total, count_threads(1), idle_ns);
}

int proc_uptime_text(char *buf, uint32_t n)
{
	uint64_t up = uptime_ticks(), idle = idle_ticks();

	return snprintf(buf, n, "%llu.%02llu %llu.%02llu\n", up / HZ, up % HZ,
	                idle / HZ, idle % HZ);
}

int proc_loadavg_text(char *buf, uint32_t n)
{
	int last = pid_last();              /* Linux's: the last pid given out */

	loadavg_update(vmi_time_ns());
	return snprintf(buf, n, "%u.%02u %u.%02u %u.%02u %d/%d %d\n",
	                loadavg[0] >> FSHIFT, ((loadavg[0] & (FIXED_1 - 1)) * 100) >> FSHIFT,
	                loadavg[1] >> FSHIFT, ((loadavg[1] & (FIXED_1 - 1)) * 100) >> FSHIFT,
	                loadavg[2] >> FSHIFT, ((loadavg[2] & (FIXED_1 - 1)) * 100) >> FSHIFT,
	                count_threads(1), count_threads(0), last);
}

/* One processor, as the (virtual) CPU describes itself. */
int proc_cpuinfo_text(char *buf, uint32_t n)
{
	struct vmi_cpuid_regs r;
	char vendor[13];

	vmi_cpuid(0, 0, &r);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = 0;
	vmi_cpuid(1, 0, &r);
	return snprintf(buf, n,
		"processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		"stepping\t: %u\nfpu\t\t: %s\ncpuid level\t: 1\nflags\t\t: %s%s%s%s%s\n\n",
		vendor, (r.eax >> 8) & 0xF, (r.eax >> 4) & 0xF, r.eax & 0xF,
		r.edx & 1 ? "yes" : "no", r.edx & 1 ? "fpu " : "", r.edx & (1u << 4) ? "tsc " : "",
		r.edx & (1u << 24) ? "fxsr " : "", r.edx & (1u << 25) ? "sse " : "",
		r.edx & (1u << 26) ? "sse2" : "");
}
