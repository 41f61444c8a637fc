/*
 * sys_proc.c - process identity and limits: pids, process groups and
 * sessions, uname, umask, rlimits, sysinfo, prctl's name and dumpable flag
 * (its capability options are sys_caps.c's), times, getrusage,
 * personality, getrandom, the thread-library calls (set_tid_address,
 * set_robust_list), CPU affinity and execve.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "sys/syscalls.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"


long sys_getpid(void)  { return curproc->tgid; }
long sys_gettid(void)  { return curproc->pid; }
long sys_getppid(void) { return curproc->parent ? curproc->parent->pid : 0; }
/* Linux's getpriority returns 20 - nice (never negative); every
 * process runs at nice 0 here. */
long sys_getpriority(int which, int who)
{
	(void)which, (void)who;
	return 20;
}

/* pgid and sid are the process's: every thread of group leader p. */
static void set_group_ids(struct proc *p, int pgid, int sid)
{
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t->leader == p) {
			t->pgid = pgid;
			t->sid = sid;
		}
	}
}

long sys_setpgid(int pid, int pgid)
{
	struct proc *p = pid ? proc_find(pid) : curproc;

	if (pgid < 0)
		return -EINVAL;
	if (!p || p->leader != p)
		return -ESRCH;
	if (p != curproc->leader && p->parent != curproc->leader)
		return -ESRCH;
	if (p->pid == p->sid)
		return -EPERM;                    /* a session leader stays put */
	set_group_ids(p, pgid ? pgid : p->pid, p->sid);
	return 0;
}

long sys_getpgid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : curproc;

	return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(void)
{
	return curproc->pgid;
}

long sys_setsid(void)
{
	struct proc *p = curproc->leader;

	/* Not if a process group named after the caller exists (its own
	 * included): the new session's group must be new. */
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->pgid == p->pid)
			return -EPERM;
	set_group_ids(p, p->pid, p->pid);
	return p->sid;
}

long sys_getsid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : curproc;

	return p ? p->sid : -ESRCH;
}

long sys_uname(uint32_t ubuf)
{
	static const struct linux_utsname u = {
		.sysname = "Linux", .nodename = "vmi", .release = "6.12.0-vmi",
		.version = "#1 VMI guest", .machine = "i686", .domainname = "(none)",
	};

	return copy_to_user((void *)ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_umask(uint32_t mask)
{
	uint32_t old = curproc->fs->umask;

	curproc->fs->umask = mask & 0777;
	return old;
}

/* init's limits, which every process inherits: Linux's defaults (8 MiB
 * of locked memory, MLOCK_LIMIT; NOFILE 1024 soft, 4096 hard - our fd
 * table's size). */
void rlimit_defaults(struct proc *p)
{
	for (int r = 0; r < RLIM_NLIMITS; r++)
		p->rlim[r].cur = p->rlim[r].max = RLIM_INFINITY64;
	p->rlim[RLIMIT_STACK].cur = STACK_SIZE;
	p->rlim[RLIMIT_NOFILE].cur = 1024;
	p->rlim[RLIMIT_NOFILE].max = NOFILE;
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_MEMLOCK].cur = p->rlim[RLIMIT_MEMLOCK].max = 8u << 20;
}

/* Set one limit of group leader p: the soft one within the hard one, and
 * NOFILE no higher than the fd table; raising a hard limit takes
 * CAP_SYS_RESOURCE. */
static long set_limit(struct proc *p, int resource, const struct linux_rlimit64 *r)
{
	if (r->cur > r->max)
		return -EINVAL;
	if (r->max > p->rlim[resource].max && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if (resource == RLIMIT_NOFILE && r->max > NOFILE)
		return -EPERM;
	p->rlim[resource] = *r;
	return 0;
}

long sys_prlimit64(int pid, int resource, uint32_t unew, uint32_t uold)
{
	struct proc *p = pid ? proc_find(pid) : curproc;
	struct linux_rlimit64 n, old;

	if (!p || p->state == P_ZOMBIE)
		return -ESRCH;
	p = p->leader;
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (unew && copy_from_user(&n, (void *)unew, sizeof(n)))
		return -EFAULT;
	old = p->rlim[resource];
	if (unew) {
		long rc = set_limit(p, resource, &n);

		if (rc)
			return rc;
	}
	if (uold && copy_to_user((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

static uint32_t to32(uint64_t v)
{
	return v > RLIM_INFINITY32 ? RLIM_INFINITY32 : (uint32_t)v;
}

long sys_ugetrlimit(int resource, uint32_t uold)
{
	struct linux_rlimit32 r;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	r.cur = to32(curproc->leader->rlim[resource].cur);
	r.max = to32(curproc->leader->rlim[resource].max);
	return copy_to_user((void *)uold, &r, sizeof(r)) ? -EFAULT : 0;
}

/* The 32-bit call: RLIM_INFINITY32 means infinity. */
long sys_setrlimit(int resource, uint32_t unew)
{
	struct linux_rlimit32 r;
	struct linux_rlimit64 n;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&r, (void *)unew, sizeof(r)))
		return -EFAULT;
	n.cur = r.cur == RLIM_INFINITY32 ? RLIM_INFINITY64 : r.cur;
	n.max = r.max == RLIM_INFINITY32 ? RLIM_INFINITY64 : r.max;
	return set_limit(curproc->leader, resource, &n);
}

long sys_sysinfo(uint32_t ubuf)
{
	struct linux_sysinfo s;

	memset(&s, 0, sizeof(s));
	s.uptime = vmi_time_ns() / 1000000000ull;
	s.totalram = mem_total_pages();
	s.freeram = pages_free();
	s.procs = proc_count();
	s.mem_unit = PAGE_SIZE;
	return copy_to_user((void *)ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16

long sys_prctl(int option, uint32_t arg2)
{
	char name[16];

	if (option == PR_SET_NAME) {
		int n = strncpy_from_user(name, (const char *)arg2, sizeof(name));

		if (n == -EFAULT)
			return n;
		name[sizeof(name) - 1] = 0;
		memcpy(curproc->name, name, sizeof(name));
		return 0;
	}
	if (option == PR_GET_DUMPABLE)
		return curproc->mm->dumpable;
	if (option == PR_SET_DUMPABLE) {
		if (arg2 > 1)
			return -EINVAL;          /* 2 (SUID_DUMP_ROOT) is for the sysctl */
		curproc->mm->dumpable = (int)arg2;
		return 0;
	}
	if (option == PR_GET_NAME)
		return copy_to_user((void *)arg2, curproc->name, sizeof(curproc->name)) ? -EFAULT : 0;
	return prctl_caps(option, arg2);
}

long sys_times(uint32_t ubuf)
{
	struct proc *p = curproc;
	struct linux_tms t = {
		(int32_t)p->utime_ticks, (int32_t)p->stime_ticks,
		(int32_t)p->cutime_ticks, (int32_t)p->cstime_ticks,
	};

	if (ubuf && copy_to_user((void *)ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (long)(vmi_time_ns() / (1000000000ull / HZ));
}

void rusage_fill(uint32_t ru[18], uint64_t uticks, uint64_t sticks, uint32_t maxrss_kb)
{
	memset(ru, 0, 18 * sizeof(uint32_t));
	ru[0] = uticks / HZ;
	ru[1] = (uticks % HZ) * (1000000 / HZ);
	ru[2] = sticks / HZ;
	ru[3] = (sticks % HZ) * (1000000 / HZ);
	ru[4] = maxrss_kb;
}

/* The group's times are its threads' (each thread counts its own ticks);
 * the children's are what wait has collected, as times(2) reports them. */
long sys_getrusage(int who, uint32_t uru)
{
	struct proc *p = curproc, *leader = p->leader;
	uint64_t ut = 0, st = 0;
	uint32_t ru[18], rss_kb = mm_rss_pages(p->mm) * (PAGE_SIZE / 1024);

	if (who == RUSAGE_SELF) {
		for (int i = 0; i < proc_slots; i++)
			if (proc_table[i] && proc_table[i]->leader == leader) {
				ut += proc_table[i]->utime_ticks;
				st += proc_table[i]->stime_ticks;
			}
		rusage_fill(ru, ut, st, rss_kb);
	} else if (who == RUSAGE_THREAD) {
		rusage_fill(ru, p->utime_ticks, p->stime_ticks, rss_kb);
	} else if (who == RUSAGE_CHILDREN) {
		rusage_fill(ru, p->cutime_ticks, p->cstime_ticks, 0);
	} else {
		return -EINVAL;
	}
	return copy_to_user((void *)uru, ru, sizeof(ru)) ? -EFAULT : 0;
}

/* Every value is taken and given back; the kernel acts on STICKY_TIMEOUTS
 * (sys_poll.c).  0xffffffff only asks. */
long sys_personality(uint32_t persona)
{
	struct proc *leader = curproc->leader;
	uint32_t old = leader->persona;

	if (persona != PERSONALITY_QUERY)
		leader->persona = persona;
	return old;
}

long sys_getrandom(uint32_t ubuf, uint32_t len, uint32_t flags)
{
	uint32_t done = 0;

	(void)flags;
	while (done < len) {
		uint32_t chunk = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;

		random_fill(curproc->iobuf, chunk);
		if (copy_to_user((void *)(ubuf + done), curproc->iobuf, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return done;
}

long sys_set_tid_address(uint32_t uaddr)
{
	curproc->clear_child_tid = uaddr;
	return curproc->pid;
}

/* The robust list is walked when the thread exits (futex.c); kept here. */
long sys_set_robust_list(uint32_t head, uint32_t len)
{
	if (len != 12)                         /* sizeof(struct robust_list_head) */
		return -EINVAL;
	curproc->robust_list = head;
	curproc->robust_len = len;
	return 0;
}

long sys_get_robust_list(int tid, uint32_t uhead, uint32_t ulen)
{
	struct proc *p = tid ? proc_find(tid) : curproc;

	if (!p || p->state == P_ZOMBIE)
		return -ESRCH;
	if (copy_to_user((void *)uhead, &p->robust_list, 4) ||
	    copy_to_user((void *)ulen, &(uint32_t){12}, 4))
		return -EFAULT;
	return 0;
}

/* One processor: CPU 0 is the whole affinity mask. */
long sys_sched_getaffinity(int pid, uint32_t len, uint32_t umask)
{
	uint32_t mask = 1;

	if (pid && !proc_find(pid))
		return -ESRCH;
	if (len < sizeof(mask) || (len & (sizeof(mask) - 1)))
		return -EINVAL;
	return copy_to_user((void *)umask, &mask, sizeof(mask)) ? -EFAULT : (long)sizeof(mask);
}

long sys_sched_setaffinity(int pid, uint32_t len, uint32_t umask)
{
	uint32_t mask = 0;
	struct proc *p = pid ? proc_find(pid) : curproc;

	if (!p)
		return -ESRCH;
	if (copy_from_user(&mask, (void *)umask, len < 4 ? len : 4))
		return -EFAULT;
	if (!cred_same_owner(p) && !capable(CAP_SYS_NICE))
		return -EPERM;
	return mask & 1 ? 0 : -EINVAL;        /* it must allow the one CPU */
}

long sys_sched_yield(void)
{
	yield();
	return 0;
}

/* The caller's (and CLONE_FS sharers') root directory: a directory it may
 * search, and CAP_SYS_CHROOT. */
long sys_chroot(uint32_t upath)
{
	struct fs_info *fs = curproc->fs;
	struct inode *ip;
	int err;
	char *path = path_get(upath, &err);

	if (!path)
		return err;
	err = vfs_lookup(fs->cwd, path, 1, &ip);
	path_put(path);
	if (err)
		return err;
	err = vfs_is_dir(ip) ? inode_permission(ip, MAY_EXEC) : -ENOTDIR;
	if (!err && !capable(CAP_SYS_CHROOT))
		err = -EPERM;
	if (err) {
		inode_put(ip);
		return err;
	}
	if (fs->root)
		inode_put(fs->root);
	fs->root = ip;
	return 0;
}

long sys_execve(uint32_t upath, uint32_t uargv, uint32_t uenvp)
{
	int err;
	char *path = path_get(upath, &err);

	if (!path)
		return err;
	err = do_execve(path, uargv, uenvp);
	path_put(path);
	return err;
}
