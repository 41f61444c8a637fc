/*
 * procfs.c - /proc as Linux lays it out for ps, top, free, uptime, pidof,
 * mount and LTP: files whose content is generated at open (a snapshot,
 * like Linux's seq_file) and then read like a regular file (they report
 * size 0, as in Linux), files too long for a page made as they are read
 * (/proc/<pid>/smaps and pagemap: proc_read_at), symlinks whose target is
 * generated when a walk or readlink meets them, and one directory per
 * process.
 *
 * The tree lives in the RAM filesystem.  The system-wide files are one
 * table (proc_files: a path below /proc and its generator); the process
 * core (proc/proc_info.c, through vfs.h) writes the text of the per-
 * process files and says when a process appears and goes, and this file
 * keeps /proc/<pid>/ in step (pid_dirs).  /proc/self, /proc/<pid>/exe and
 * /proc/<pid>/cwd are links with no stored target: link_target makes it.
 *
 *   /proc/mounts, /proc/<pid>/mounts, /proc/filesystems   from mount.c (disks,
 *   types mount may try); every process sees the one mount table
 *   /proc/net/{dev,route,arp,tcp,udp}   from the network stack (guest/net)
 *   /proc/vmi_counters   VMI_COUNTERS=1 builds only: the counters so far
 */
#include "fs/fs.h"
#include "kernel.h"          /* counters_text */
#include "net/net.h"         /* the /proc/net texts */
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"  /* frames_free */
#include "lib/klib.h"
#include <vmi/vmi.h>

struct snapshot {
	uint32_t len;
	char text[];
};

#define SNAPSHOT_MAX (VMI_PAGE_SIZE - sizeof(struct snapshot))
#define MAX_PID_DIRS PROC_PIDS_MAX    /* the process table's size */
#define LINK_BUFS    4                /* generated targets a walk may hold */
#define LINK_MAX     256

static int gen_version(char *buf, uint32_t n)
{
	return snprintf(buf, n, "Linux version 6.12.0-vmi (root@vmi) #1 VMI guest\n");
}

static int gen_tainted(char *buf, uint32_t n)  { return snprintf(buf, n, "0\n"); }
static int gen_ostype(char *buf, uint32_t n)   { return snprintf(buf, n, "Linux\n"); }
static int gen_osrelease(char *buf, uint32_t n) { return snprintf(buf, n, "6.12.0-vmi\n"); }
static int gen_pid_max(char *buf, uint32_t n)   { return snprintf(buf, n, "%d\n", PID_MAX); }

static const struct {
	const char *path;             /* below /proc; its directories are made */
	int (*gen)(char *buf, uint32_t n);
} proc_files[] = {
	{ "mounts", mounts_text },
	{ "meminfo", proc_meminfo_text },
	{ "stat", proc_stat_text },
	{ "uptime", proc_uptime_text },
	{ "loadavg", proc_loadavg_text },
	{ "filesystems", filesystems_text },
	{ "cpuinfo", proc_cpuinfo_text },
	{ "version", gen_version },
	{ "sys/kernel/tainted", gen_tainted },
	{ "sys/kernel/ostype", gen_ostype },
	{ "sys/kernel/osrelease", gen_osrelease },
	{ "sys/kernel/pid_max", gen_pid_max },
	{ "net/dev", netdev_text },
	{ "net/route", route_text },
	{ "net/arp", arp_text },
	{ "net/tcp", tcp_text },
	{ "net/udp", udp_text },
#ifdef VMI_COUNTERS
	/* VMI_COUNTERS=1 builds: the counters so far (guest/kern/counters.c) */
	{ "vmi_counters", counters_text },
#endif
};

/* ---- /proc/<pid>/ ---- */

enum { PF_TEXT, PF_LINK, PF_STREAM };   /* a snapshot, a link, or made as read */

/* The files of /proc/<pid>/.  The "late" ones, rarely looked at, are made
 * at the first lookup or listing in the directory (pid_dir_refresh), so
 * that a fork does not pay for them. */
static const struct {
	const char *name;
	int what;                     /* PROC_* of vfs.h */
	int kind;                     /* PF_* */
	uint32_t mode;
	int late;
} pid_files[] = {
	{ "stat", PROC_STAT, PF_TEXT, 0444, 0 }, { "status", PROC_STATUS, PF_TEXT, 0444, 0 },
	{ "cmdline", PROC_CMDLINE, PF_TEXT, 0444, 0 }, { "maps", PROC_MAPS, PF_TEXT, 0444, 0 },
	{ "exe", PROC_EXE, PF_LINK, 0777, 0 }, { "cwd", PROC_CWD, PF_LINK, 0777, 0 },
	{ "mounts", PROC_MOUNTS, PF_TEXT, 0444, 0 }, { "comm", PROC_COMM, PF_TEXT, 0444, 0 },
	{ "smaps", PROC_SMAPS, PF_STREAM, 0444, 1 },
	{ "smaps_rollup", PROC_SMAPS_ROLLUP, PF_TEXT, 0444, 1 },
	{ "pagemap", PROC_PAGEMAP, PF_STREAM, 0400, 1 },
};
#define NPID_FILES ARRAY_SIZE(pid_files)

static struct pid_dir {
	int pid;                      /* 0: a free slot */
	struct inode *dir;
	struct inode *ip[NPID_FILES];
	struct inode *fd_dir[2];      /* fd/ (a link per open fd) and fdinfo/ (a
	                                 file per open fd), made when looked at */
} *pid_dirs[MAX_PID_DIRS];       /* kmalloc'd; null: a free slot */
static int pid_dirs_hi;            /* slots at and above it are all free: the
                                      walks stop there, not at 4096 (fork and
                                      exit make several) */

static struct inode *proc_dir, *self_link;

/* Only routes opens of the per-process files here (open_inode looks at
 * gen); their text comes from procfs_open, which knows the pid. */
static int gen_per_pid(char *buf, uint32_t n)
{
	(void)buf;
	(void)n;
	return 0;
}

/* The pid and PROC_* kind of one of /proc/<pid>/'s inodes: 0 if not. */
static int pid_file_of(const struct inode *ip, int *what)
{
	for (int i = 0; i < pid_dirs_hi; i++)
		for (uint32_t k = 0; pid_dirs[i] && k < NPID_FILES; k++)
			if (pid_dirs[i]->ip[k] == ip) {
				*what = pid_files[k].what;
				return pid_dirs[i]->pid;
			}
	return 0;
}

static int is_stream(int what)
{
	return what == PROC_SMAPS || what == PROC_PAGEMAP;
}

struct inode *procfs_add_node(struct inode *dir, const char *name, enum inode_type type,
                              uint32_t mode)
{
	struct inode *ip = inode_alloc(type, mode);

	if (ip && dir_add(dir, name, strlen(name), ip)) {
		inode_maybe_free(ip);
		ip = 0;
	}
	return ip;
}

/* ---- /proc/<pid>/fd/ and fdinfo/ ---- */

enum { FD_LINKS, FD_INFO, NFD_DIRS };
static const char *const fd_dir_names[NFD_DIRS] = { "fd", "fdinfo" };

/* The pid directory whose fd/ (*kind FD_LINKS) or fdinfo/ (FD_INFO) dir is. */
static struct pid_dir *pid_dir_of_fd_dir(const struct inode *dir, int *kind)
{
	for (int i = 0; dir && i < pid_dirs_hi; i++)
		for (int k = 0; pid_dirs[i] && k < NFD_DIRS; k++)
			if (pid_dirs[i]->fd_dir[k] == dir) {
				*kind = k;
				return pid_dirs[i];
			}
	return 0;
}

/* Bring fd/ (or fdinfo/) in step with the process's open fds before a
 * lookup or a listing: an entry for each new fd, none for closed ones.
 * Entries that stay keep their place, so a listing read in several calls
 * stays whole.  An entry knows its fd (rdev) and its directory (parent). */
/* Where fd/'s refresh may stop: past the process's fd table and past
 * every entry fd/ has (a table exec replaced may have been bigger) - not
 * at PROC_FD_MAX, which most processes are far below. */
static int fd_dir_bound(struct inode *dir, int pid)
{
	int n = proc_info(pid, PROC_NFD, NULL, 0);

	for (struct dirent *de = dir->first; de; de = de->next)
		if ((int)de->ip->rdev >= n)
			n = (int)de->ip->rdev + 1;
	return n < PROC_FD_MAX ? n : PROC_FD_MAX;
}

static void fd_dir_refresh(struct inode *dir)
{
	static char target[LINK_MAX];
	int kind;
	struct pid_dir *d = pid_dir_of_fd_dir(dir, &kind);
	int bound = d ? fd_dir_bound(dir, d->pid) : 0;
	char name[12];

	for (int fd = 0; fd < bound; fd++) {
		int open = proc_info(d->pid, PROC_FD + fd, target, sizeof(target)) >= 0;
		struct dirent *de;
		struct inode *ip;

		snprintf(name, sizeof(name), "%d", fd);
		de = dir_find(dir, name, strlen(name));
		if (de && !open) {
			dir_remove(dir, de);
			continue;
		}
		if (de || !open)
			continue;
		ip = kind == FD_LINKS ? procfs_add_node(dir, name, I_LNK, S_IFLNK | 0700)
		                      : procfs_add_node(dir, name, I_REG, S_IFREG | 0400);
		if (ip) {
			ip->rdev = (uint32_t)fd;
			ip->parent = dir;
			ip->gen = kind == FD_INFO ? gen_per_pid : 0;
		}
	}
}

static void fd_dirs_remove(struct pid_dir *d)
{
	for (int k = 0; k < NFD_DIRS; k++) {
		struct inode *dir = d->fd_dir[k];
		struct dirent *de;

		if (!dir)
			continue;
		while (dir->first)
			dir_remove(dir, dir->first);
		if ((de = dir_find(d->dir, fd_dir_names[k], strlen(fd_dir_names[k]))))
			dir_remove(d->dir, de);
	}
}

static void fd_dirs_add(struct pid_dir *d)
{
	for (int k = 0; k < NFD_DIRS; k++) {
		d->fd_dir[k] = procfs_add_node(d->dir, fd_dir_names[k], I_DIR, S_IFDIR | 0500);
		if (d->fd_dir[k])
			d->fd_dir[k]->refresh = fd_dir_refresh;
	}
}

/* It also marks a /proc/<pid>/ directory, while its process lives and
 * after (an open one outlives it, and then has nothing to bring up to date). */
static void pid_dir_refresh(struct inode *dir);

int procfs_dir_pid(struct inode *ip)
{
	if (ip->refresh != pid_dir_refresh)
		return 0;
	for (int i = 0; i < pid_dirs_hi; i++)
		if (pid_dirs[i] && pid_dirs[i]->dir == ip)
			return pid_dirs[i]->pid;
	return -ESRCH;
}

void procfs_pid_remove(int pid)
{
	for (int i = 0; i < pid_dirs_hi; i++) {
		struct pid_dir *d = pid_dirs[i];
		char name[12];
		struct dirent *de;

		if (!d || d->pid != pid)
			continue;
		procfs_task_remove(d->dir);
		fd_dirs_remove(d);
		for (uint32_t k = 0; k < NPID_FILES; k++)
			if (d->ip[k] && (de = dir_find(d->dir, pid_files[k].name,
			                               strlen(pid_files[k].name))))
				dir_remove(d->dir, de);
		snprintf(name, sizeof(name), "%d", pid);
		if ((de = dir_find(proc_dir, name, strlen(name))))
			dir_remove(proc_dir, de);
		pid_dirs[i] = 0;
		kfree(d);
	}
	while (pid_dirs_hi > 0 && !pid_dirs[pid_dirs_hi - 1])
		pid_dirs_hi--;
}

static void own(struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (ip) {
		ip->uid = uid;
		ip->gid = gid;
	}
}

/* /proc/<pid>/, its files and fd directories belong to the process's
 * effective ids, as on Linux (ps shows the owner; fd/ is 0500). */
void procfs_pid_owner(int pid, uint32_t uid, uint32_t gid)
{
	for (int i = 0; i < pid_dirs_hi; i++) {
		struct pid_dir *d = pid_dirs[i];

		if (!d || d->pid != pid)
			continue;
		own(d->dir, uid, gid);
		for (uint32_t k = 0; k < NPID_FILES; k++)
			own(d->ip[k], uid, gid);
		for (int k = 0; k < NFD_DIRS; k++)
			own(d->fd_dir[k], uid, gid);
	}
}

/* The files of d (the early or the late ones) not there yet, owned as
 * the directory is. */
static void pid_files_add(struct pid_dir *d, int late)
{
	for (uint32_t k = 0; k < NPID_FILES; k++) {
		int link = pid_files[k].kind == PF_LINK;

		if (pid_files[k].late != late || d->ip[k])
			continue;
		d->ip[k] = procfs_add_node(d->dir, pid_files[k].name, link ? I_LNK : I_REG,
		                           (link ? S_IFLNK : S_IFREG) | pid_files[k].mode);
		if (d->ip[k] && !link)
			d->ip[k]->gen = gen_per_pid;
		own(d->ip[k], d->dir->uid, d->dir->gid);
	}
}

/* Before a lookup or listing in /proc/<pid>/: the late files, unless
 * they are there (the last of them is). */
static void pid_dir_refresh(struct inode *dir)
{
	const char *last = pid_files[NPID_FILES - 1].name;

	if (dir_find(dir, last, strlen(last)))
		return;
	for (int i = 0; i < pid_dirs_hi; i++)
		if (pid_dirs[i] && pid_dirs[i]->dir == dir)
			pid_files_add(pid_dirs[i], 1);
}

/* Without memory a process just has no /proc directory. */
void procfs_pid_add(int pid)
{
	struct pid_dir *d;
	char name[12];
	int i = 0;

	while (i < MAX_PID_DIRS && pid_dirs[i])
		i++;
	if (i == MAX_PID_DIRS || !proc_dir || !(d = kmalloc(sizeof(*d))))
		return;
	snprintf(name, sizeof(name), "%d", pid);
	d->dir = procfs_add_node(proc_dir, name, I_DIR, S_IFDIR | 0555);
	if (!d->dir) {
		kfree(d);
		return;
	}
	d->dir->refresh = pid_dir_refresh;     /* also what marks a pid directory */
	d->pid = pid;
	pid_dirs[i] = d;
	if (i >= pid_dirs_hi)
		pid_dirs_hi = i + 1;
	pid_files_add(d, 0);
	fd_dirs_add(d);
	procfs_task_add(d->dir, pid);
}

/* ---- generated link targets ---- */

const char *link_target(const struct inode *ip)
{
	static char bufs[LINK_BUFS][LINK_MAX];
	static int next;
	struct pid_dir *d;
	char *buf;
	int what, pid, n;

	if (ip->target)
		return ip->target;
	buf = bufs[next];
	next = (next + 1) % LINK_BUFS;
	buf[0] = 0;
	if (ip == self_link) {
		snprintf(buf, LINK_MAX, "%d", proc_self());
	} else if ((pid = pid_file_of(ip, &what)) != 0) {
		n = proc_info(pid, what, buf, LINK_MAX);
		buf[n > 0 ? n : 0] = 0;
	} else if ((d = pid_dir_of_fd_dir(ip->parent, &what)) && what == FD_LINKS) {
		n = proc_info(d->pid, PROC_FD + (int)ip->rdev, buf, LINK_MAX);
		buf[n > 0 && n < LINK_MAX ? n : 0] = 0;
	}
	return buf;
}

/* ---- snapshots ---- */

static int snap_read(struct file *f, char *buf, uint32_t n)
{
	struct snapshot *s = f->priv;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->pos >= s->len || (f->pos > 0 && procfs_sysctl_is(f->inode)))
		return 0;
	if (n > s->len - f->pos)
		n = s->len - (uint32_t)f->pos;
	memcpy(buf, s->text + f->pos, n);
	f->pos += n;
	return (int)n;
}

static void snap_release(struct file *f)
{
	kfree(f->priv);
}

/* Only /proc/sys's settings take writes. */
static int snap_write(struct file *f, const char *buf, uint32_t n)
{
	int rc = procfs_sysctl_write(f->inode, buf, n);

	return rc == -ENOENT ? file_no_write(f, buf, n) : rc;
}

static const struct file_ops snap_ops = {
	.read = snap_read,
	.write = snap_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = snap_release,
};

/* ---- files made as they are read (smaps, pagemap) ---- */

struct stream {
	int pid, what;
	struct proc_cursor cursor;
};

static int stream_read(struct file *f, char *buf, uint32_t n)
{
	struct stream *st = f->priv;
	int rc;

	rc = proc_read_at(st->pid, st->what, &st->cursor, f->pos, buf, n);
	if (rc == -ESRCH)
		return 0;                     /* the process is gone: nothing more */
	if (rc > 0)
		f->pos += (uint32_t)rc;
	return rc;
}

static const struct file_ops stream_ops = {
	.read = stream_read,
	.write = file_no_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = snap_release,
};

static int stream_open(int pid, int what, struct file *f)
{
	struct stream *st = kmalloc(sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->pid = pid;
	st->what = what;
	f->priv = st;
	f->ops = &stream_ops;
	return 0;
}

int procfs_open(struct inode *ip, struct file *f)
{
	struct snapshot *s;
	int len, what, pid = pid_file_of(ip, &what), kind;
	struct pid_dir *d;

	if (pid && is_stream(what))
		return stream_open(pid, what, f);

	s = kmalloc(VMI_PAGE_SIZE);
	if (!s)
		return -ENOMEM;
	if (!pid && (d = pid_dir_of_fd_dir(ip->parent, &kind)) && kind == FD_INFO) {
		pid = d->pid;               /* /proc/<pid>/fdinfo/<fd> */
		what = PROC_FDINFO + (int)ip->rdev;
	}
	if (pid)
		len = proc_info(pid, what, s->text, SNAPSHOT_MAX);
	else if ((len = procfs_task_text(ip, s->text, SNAPSHOT_MAX)) == -ENOENT &&
	         (len = procfs_sysctl_text(ip, s->text, SNAPSHOT_MAX)) == -ENOENT)
		len = ip->gen(s->text, SNAPSHOT_MAX);   /* a table file */
	if (pid && what == PROC_MOUNTS && len == 0)
		len = mounts_text(s->text, SNAPSHOT_MAX);   /* one mount table for all */
	if (len == -ESRCH) {
		kfree(s);
		return -ENOENT;
	}
	s->len = len < 0 ? 0 : (uint32_t)len < SNAPSHOT_MAX ? (uint32_t)len : SNAPSHOT_MAX - 1;
	f->priv = s;
	f->ops = &snap_ops;
	return 0;
}

/* The directories of a table path ("sys/kernel/x": sys, sys/kernel). */
struct inode *procfs_parent_dir(struct inode *proc, const char *path, const char **name)
{
	char dir[64];
	const char *slash = strrchr(path, '/');
	struct inode *ip = proc;

	*name = slash ? slash + 1 : path;
	for (const char *p = path; slash && p < slash; ) {
		const char *end = p;
		struct inode *next;

		while (*end != '/')
			end++;
		snprintf(dir, sizeof(dir), "%.*s", (int)(end - p), p);
		if (fs_lookup(ip, dir, 0, &next) &&
		    (vfs_mkdir(ip, dir, 0555) || fs_lookup(ip, dir, 0, &next)))
			panic("procfs: cannot create /proc/%s", path);
		ip = next;
		p = end + 1;
	}
	return ip;
}

void procfs_init(struct inode *proc)
{
	proc_dir = proc;
	for (uint32_t i = 0; i < ARRAY_SIZE(proc_files); i++) {
		const char *name;
		struct inode *dir = procfs_parent_dir(proc, proc_files[i].path, &name);
		struct inode *ip = inode_alloc(I_REG, S_IFREG | 0444);

		if (!ip || dir_add(dir, name, strlen(name), ip))
			panic("procfs: cannot create /proc/%s", proc_files[i].path);
		ip->gen = proc_files[i].gen;
	}
	procfs_sysctl_init(proc);
	self_link = procfs_add_node(proc, "self", I_LNK, S_IFLNK | 0777);
	if (!self_link)
		panic("procfs: cannot create /proc/self");
}
