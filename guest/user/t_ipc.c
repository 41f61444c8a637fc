/*
 * t_ipc.c - System V IPC: shared memory, semaphores and message queues.
 *
 * Keys (IPC_PRIVATE, IPC_CREAT, IPC_EXCL, ENOENT) and the kinds' limits;
 * permissions for another user (EACCES, EPERM for IPC_SET and IPC_RMID,
 * root passing); shared memory attached, shared across fork, read-only
 * (a write is SIGSEGV, mprotect EACCES), at given addresses (SHM_RND,
 * SHM_REMAP), detached by shmdt, exit and exec, counted in shm_nattch, and
 * removed at the last detach; semop's all-or-nothing lists, IPC_NOWAIT,
 * waits that end by another's operation, a signal (EINTR), a timeout or
 * removal (EIDRM), GETNCNT/GETZCNT, SEM_UNDO at exit; messages chosen by
 * type (0, > 0, < 0, MSG_EXCEPT, MSG_COPY), E2BIG and MSG_NOERROR, a full
 * queue (EAGAIN, or a sender that waits), receivers that wait; the ipc(2)
 * multiplexer, the direct i386 calls and the old (non-IPC_64) layouts; bad
 * pointers (EFAULT).  Run as root; another user's view runs in a child
 * that becomes nobody.  Everything made is removed (the host may have IPC
 * objects of its own: only IPC_PRIVATE and keys found unused are taken).
 *
 *   t_ipc                 the checks (the same lines on Linux)
 *   t_ipc nattch ID N     (exec'd by the checks) shm_nattch of ID is N
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define PAGE 4096u
#define NOBODY 65534
#define KERNEL_ADDR ((void *)0xC0000000u)
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#define IPC_64 0x100                   /* glibc's wrappers convert the *ctl
                                          structures: bad pointers go direct */
#define IPCOP_SEMOP 1
#define IPCOP_SEMGET 2
#define IPCOP_SEMCTL 3
#define IPCOP_MSGSND 11
#define IPCOP_MSGRCV 12
#define IPCOP_MSGCTL 14
#define IPCOP_SHMAT 21
#define IPCOP_SHMDT 22
#define IPCOP_SHMCTL 24
#define NR_SEMGET 393
#define NR_SEMCTL 394
#define NR_SHMGET 395
#define NR_SHMAT 397
#define NR_SHMDT 398
#define NR_MSGGET 399
#define NR_MSGSND 400
#define NR_MSGRCV 401
#define NR_SEMTIMEDOP64 420

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

struct msgbuf_t {
	long mtype;
	char mtext[8200];
};

static const char *prog_path;

static int fails(long rc, int err)
{
	return rc == -1 && errno == err;
}

/* ---- children, users and waiting ---- */

static int child_ok(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Run fn in a child (as nobody if asked); its checks print their own lines. */
static pid_t spawn(void (*fn)(void *), void *arg, int nobody)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (nobody && (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
			_exit(2);
		fn(arg);
		_exit(check_failed ? 1 : 0);
	}
	return pid;
}

static void in_child(void (*fn)(void *), void *arg, int nobody, const char *what)
{
	CHECK(child_ok(spawn(fn, arg, nobody)), "%s", what);
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Is pid asleep in the kernel (state S in /proc/pid/stat)?  Waits up to
 * ten seconds for it. */
static int sleeping(pid_t pid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 2000; i++) {
		int fd = open(path, O_RDONLY), n;

		if (fd < 0)
			return 0;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return 1;
		pause_ms(5);
	}
	return 0;
}

/* Wait until semctl(id, num, cmd) (GETNCNT, GETZCNT) reads n. */
static int sem_count_is(int id, int num, int cmd, int n)
{
	for (int i = 0; i < 2000; i++) {
		if (semctl(id, num, cmd) == n)
			return 1;
		pause_ms(5);
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
}

static void catch_usr1(int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
}

/* ---- faults ---- */

static sigjmp_buf fault_jmp;

static void on_fault(int sig)
{
	(void)sig;
	siglongjmp(fault_jmp, 1);
}

static int write_faults(volatile char *p)
{
	struct sigaction sa;
	int faulted = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(fault_jmp, 1) == 0)
		*p = 1;
	else
		faulted = 1;
	signal(SIGSEGV, SIG_DFL);
	return faulted;
}

static int read_faults(volatile char *p)
{
	struct sigaction sa;
	int faulted = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(fault_jmp, 1) == 0)
		(void)*p;
	else
		faulted = 1;
	signal(SIGSEGV, SIG_DFL);
	return faulted;
}

/* ---- keys nobody uses ---- */

static key_t free_key(int kind)
{
	for (key_t k = 0x1bc00000 + (getpid() & 0xFFFF) * 16;; k++) {
		int id = kind == 'm' ? shmget(k, 0, 0) : kind == 's' ? semget(k, 0, 0) : msgget(k, 0);

		if (id < 0 && errno == ENOENT)
			return k;
	}
}

/* ======================= shared memory ======================= */

static int shm_nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) == 0 ? (int)ds.shm_nattch : -1;
}

/* Has /proc/self/maps a line with both strings? */
static int maps_has(const char *a, const char *b)
{
	static char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, got;
	char *line;

	while (fd >= 0 && (got = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += got;
	close(fd);
	buf[n] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, a) && strstr(line, b))
			return 1;
	return 0;
}

/* Make segments until the table is full (SHMMNI, 4096), then remove them. */
static void shm_full(void)
{
	static int ids[4097];
	int n = 0, full, all = 1;

	while (n < 4097 && (ids[n] = shmget(IPC_PRIVATE, 1, 0600)) >= 0)
		n++;
	full = n < 4097 && errno == ENOSPC;
	for (int i = 0; i < n; i++)
		all &= shmctl(ids[i], IPC_RMID, NULL) == 0;
	CHECK(full, "shmget beyond SHMMNI (4096) segments is ENOSPC");
	CHECK(all, "... and all of them are removed");
	n = shmget(IPC_PRIVATE, 1, 0600);
	CHECK(n >= 0 && shmctl(n, IPC_RMID, NULL) == 0, "after which shmget works again");
}

static void shm_keys(void)
{
	key_t key = free_key('m');
	struct shmid_ds ds;
	int id, a, b;

	CHECK(fails(shmget(IPC_PRIVATE, 0, 0600), EINVAL), "shmget of size 0 is EINVAL");
	CHECK(fails(shmget(key, PAGE, 0600), ENOENT),
	      "shmget of an unused key without IPC_CREAT is ENOENT");
	id = shmget(key, PAGE, IPC_CREAT | 0640);
	CHECK(id >= 0, "shmget IPC_CREAT makes a segment");
	CHECK(fails(shmget(key, PAGE, IPC_CREAT | IPC_EXCL | 0600), EEXIST),
	      "IPC_CREAT|IPC_EXCL on an existing key is EEXIST");
	CHECK(shmget(key, 0, 0) == id && shmget(key, PAGE, IPC_CREAT | 0600) == id,
	      "shmget of the key again finds the same segment");
	CHECK(fails(shmget(key, 2 * PAGE, 0), EINVAL), "asking more than its size is EINVAL");
	a = shmget(IPC_PRIVATE, 100, 0600);
	b = shmget(IPC_PRIVATE, 100, 0600);
	CHECK(a >= 0 && b >= 0 && a != b && a != id, "IPC_PRIVATE makes a new segment each time");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0, "IPC_STAT");
	CHECK(ds.shm_segsz == PAGE && ds.shm_nattch == 0 && ds.shm_cpid == getpid() &&
	      ds.shm_lpid == 0 && ds.shm_atime == 0 && ds.shm_ctime != 0,
	      "IPC_STAT: size, no attachments, creator pid, times");
	CHECK(ds.shm_perm.__key == key && (ds.shm_perm.mode & 0777) == 0640 &&
	      ds.shm_perm.uid == geteuid() && ds.shm_perm.cuid == geteuid() &&
	      ds.shm_perm.gid == getegid() && ds.shm_perm.cgid == getegid(),
	      "IPC_STAT: key, mode, owner and creator");
	CHECK(shmctl(b, IPC_STAT, &ds) == 0 && ds.shm_perm.__key == IPC_PRIVATE &&
	      ds.shm_segsz == 100, "a private segment: key 0, the size asked");
	CHECK(shmctl(id, IPC_RMID, NULL) == 0 && shmctl(a, IPC_RMID, NULL) == 0 &&
	      shmctl(b, IPC_RMID, NULL) == 0, "IPC_RMID of unattached segments");
	CHECK(fails(shmget(key, 0, 0), ENOENT), "the key is gone with its segment");
	CHECK(fails(shmctl(id, IPC_STAT, &ds), EINVAL), "IPC_STAT of a removed id is EINVAL");
	CHECK(fails(shmctl(-1, IPC_STAT, &ds), EINVAL), "IPC_STAT of id -1 is EINVAL");
	CHECK(fails((long)shmat(id, NULL, 0), EINVAL), "shmat of a removed id is EINVAL");
}

static void shm_child_writes(void *arg)
{
	int id = *(int *)arg;
	char *p = shmat(id, NULL, 0);

	CHECK(p != (void *)-1 && strcmp(p, "parent") == 0,
	      "child: a new attachment sees the parent's data");
	CHECK(shm_nattch(id) == 3, "child: shm_nattch counts the inherited and the new attachment");
	strcpy(p + PAGE, "child");
	/* exit detaches both */
}

static void shm_exec_child(void *arg)
{
	char idbuf[16];

	snprintf(idbuf, sizeof idbuf, "%d", *(int *)arg);
	CHECK(shm_nattch(*(int *)arg) == 2, "child: fork inherited the attachment");
	execl(prog_path, "t_ipc", "nattch", idbuf, "1", (char *)NULL);
	CHECK(0, "exec %s", prog_path);
}

static void shm_attach(void)
{
	int id = shmget(IPC_PRIVATE, 3 * PAGE - 100, IPC_CREAT | 0600);
	struct shmid_ds ds;
	char *p, *q, *r;
	int zero = 1;

	CHECK(id >= 0, "shmget of 3 pages less 100 bytes");
	p = shmat(id, NULL, 0);
	if (!CHECK(p != (void *)-1, "shmat"))
		return;
	CHECK(((uintptr_t)p & (PAGE - 1)) == 0, "the attachment is page-aligned");
	for (unsigned i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	CHECK(zero, "a new segment reads as zeros, up to its last page's end");
	strcpy(p, "parent");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1 && ds.shm_lpid == getpid() &&
	      ds.shm_atime != 0 && ds.shm_segsz == 3 * PAGE - 100,
	      "IPC_STAT after shmat: 1 attachment, last pid, attach time");
	q = shmat(id, NULL, SHM_RDONLY);
	CHECK(q != (void *)-1 && q != p && strcmp(q, "parent") == 0,
	      "a second, read-only attachment shows the same memory");
	CHECK(shm_nattch(id) == 2, "shm_nattch is 2");
	CHECK(maps_has(" rw-s 00000000 ", "/SYSV00000000 (deleted)") &&
	      maps_has(" r--s 00000000 ", "/SYSV00000000 (deleted)"),
	      "/proc/self/maps names both attachments /SYSV<key>");
	CHECK(write_faults(q), "a write through the SHM_RDONLY attachment is SIGSEGV");
	CHECK(fails(mprotect(q, PAGE, PROT_READ | PROT_WRITE), EACCES),
	      "mprotect cannot make a SHM_RDONLY attachment writable");
	p[1] = 'A';
	CHECK(q[1] == 'A', "a write through one attachment shows in the other");
	CHECK(shmdt(q) == 0 && shm_nattch(id) == 1, "shmdt: shm_nattch back to 1");
	CHECK(read_faults(q), "the detached address is unmapped (SIGSEGV)");
	CHECK(fails(shmdt(q), EINVAL), "shmdt of an address with no attachment is EINVAL");
	CHECK(fails(shmdt(p + 1), EINVAL), "shmdt of an unaligned address is EINVAL");
	p[1] = 'a';

	/* given addresses */
	CHECK(fails((long)shmat(id, p, 0), EINVAL), "shmat over an existing mapping is EINVAL");
	CHECK(shmat(id, p, SHM_REMAP) == p && shm_nattch(id) == 1 && strcmp(p, "parent") == 0,
	      "SHM_REMAP replaces the mapping there");
	CHECK(fails((long)shmat(id, NULL, SHM_REMAP), EINVAL), "SHM_REMAP without an address is EINVAL");
	r = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(r, 4 * PAGE);
	CHECK(fails((long)shmat(id, r + 100, 0), EINVAL),
	      "an unaligned address without SHM_RND is EINVAL");
	q = shmat(id, r + 100, SHM_RND);
	CHECK(q == r && strcmp(q, "parent") == 0, "SHM_RND rounds the address down");
	CHECK(shmdt(q) == 0, "shmdt");
	q = shmat(id, r, SHM_RDONLY);
	CHECK(q == r, "shmat at a free page-aligned address");
	CHECK(munmap(q + PAGE, PAGE) == 0 && shm_nattch(id) == 3,
	      "munmap of the middle page splits the attachment (two areas counted)");
	CHECK(munmap(q, PAGE) == 0 && shm_nattch(id) == 2, "munmap of the first page");
	CHECK(shmdt(q) == 0 && shm_nattch(id) == 1,
	      "shmdt of the start address still finds the rest of it");

	/* fork, exit, exec */
	in_child(shm_child_writes, &id, 0, "the child's checks passed");
	CHECK(strcmp(p + PAGE, "child") == 0, "the parent sees the child's write");
	CHECK(shm_nattch(id) == 1, "the child's attachments went at its exit");
	in_child(shm_exec_child, &id, 0, "the exec'd child's checks passed");
	CHECK(shm_nattch(id) == 1, "and the exec'd child's is gone too");

	/* removal while attached */
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID while attached");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && (ds.shm_perm.mode & SHM_DEST) &&
	      ds.shm_perm.__key == IPC_PRIVATE && ds.shm_nattch == 1,
	      "the segment stays, marked SHM_DEST with a private key");
	CHECK(strcmp(p, "parent") == 0, "its memory is still there");
	q = shmat(id, NULL, 0);
	CHECK(q != (void *)-1 && shm_nattch(id) == 2, "Linux lets it be attached again");
	CHECK(shmdt(q) == 0 && shmdt(p) == 0, "both detached");
	CHECK(fails(shmctl(id, IPC_STAT, &ds), EINVAL), "the last detach destroyed it");
}

static void shm_as_nobody(void *arg)
{
	int *ids = arg;                       /* 0600, 0644, 0600 owned by nobody */
	struct shmid_ds ds;
	char *p;

	CHECK(fails((long)shmat(ids[0], NULL, 0), EACCES),
	      "nobody: shmat of root's 0600 segment is EACCES");
	CHECK(fails((long)shmat(ids[0], NULL, SHM_RDONLY), EACCES), "nobody: ... even read-only");
	CHECK(fails(shmctl(ids[0], IPC_STAT, &ds), EACCES), "nobody: IPC_STAT needs read access");
	CHECK(fails(shmctl(ids[0], IPC_RMID, NULL), EPERM), "nobody: IPC_RMID of root's segment is EPERM");
	CHECK(shmctl(ids[1], IPC_STAT, &ds) == 0, "nobody: IPC_STAT of a 0644 segment");
	CHECK(fails(shmctl(ids[1], IPC_SET, &ds), EPERM), "nobody: IPC_SET of root's segment is EPERM");
	CHECK(fails((long)shmat(ids[1], NULL, 0), EACCES), "nobody: a read-write shmat of 0644 is EACCES");
	p = shmat(ids[1], NULL, SHM_RDONLY);
	CHECK(p != (void *)-1 && strcmp(p, "root") == 0, "nobody: a read-only shmat of 0644 reads it");
	p = shmat(ids[2], NULL, 0);
	CHECK(p != (void *)-1, "nobody: shmat of a segment IPC_SET gave to nobody");
	CHECK(shmctl(ids[2], IPC_RMID, NULL) == 0, "nobody: the owner may IPC_RMID it");
}

static void shm_perms(void)
{
	int ids[3] = { shmget(IPC_PRIVATE, PAGE, 0600), shmget(IPC_PRIVATE, PAGE, 0644),
	               shmget(IPC_PRIVATE, PAGE, 0600) };
	struct shmid_ds ds;
	char *p = shmat(ids[1], NULL, 0);

	CHECK(ids[0] >= 0 && ids[1] >= 0 && ids[2] >= 0 && p != (void *)-1, "three segments");
	strcpy(p, "root");
	shmdt(p);
	CHECK(shmctl(ids[2], IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.shm_perm.uid = NOBODY;
	ds.shm_perm.mode = 0604;
	CHECK(shmctl(ids[2], IPC_SET, &ds) == 0, "IPC_SET: owner nobody, mode 0604");
	CHECK(shmctl(ids[2], IPC_STAT, &ds) == 0 && ds.shm_perm.uid == NOBODY &&
	      ds.shm_perm.cuid == 0 && (ds.shm_perm.mode & 0777) == 0604,
	      "IPC_STAT shows the new owner and mode, the creator unchanged");
	in_child(shm_as_nobody, ids, 1, "nobody's checks passed");
	CHECK(fails(shmctl(ids[2], IPC_STAT, &ds), EINVAL), "nobody removed its segment (at its exit)");
	shmctl(ids[0], IPC_RMID, NULL);
	shmctl(ids[1], IPC_RMID, NULL);
}

static void shm_limits(void)
{
	int id = shmget(IPC_PRIVATE, 5 * PAGE, 0600), max, found = 0;
	struct shminfo si;
	struct shm_info su;
	struct shmid_ds ds;

	max = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
	CHECK(max >= 0 && si.shmmni == 4096 && si.shmmin == 1 && si.shmseg == 4096 &&
	      si.shmmax >= 0x7FFFFFFF && si.shmall >= 0x7FFFFFFF, "IPC_INFO: Linux's default limits");
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&su) >= 0 && su.used_ids >= 1 &&
	      su.shm_tot >= 5, "SHM_INFO: segments and pages in use");
	for (int i = 0; i <= max; i++)
		if (shmctl(i, SHM_STAT, &ds) == id)
			found = ds.shm_segsz == 5 * PAGE;
	CHECK(found, "SHM_STAT by index finds the segment, and returns its id");
	CHECK(fails(shmctl(id, 99, &ds), EINVAL), "an unknown command is EINVAL");
	CHECK(fails(syscall(SYS_ipc, IPCOP_SHMCTL, id, IPC_STAT | IPC_64, 0, KERNEL_ADDR), EFAULT),
	      "IPC_STAT into the kernel is EFAULT");
	CHECK(fails(syscall(SYS_ipc, IPCOP_SHMCTL, id, IPC_SET | IPC_64, 0, NULL), EFAULT),
	      "IPC_SET from NULL is EFAULT");
	CHECK(shmctl(id, SHM_LOCK, NULL) == 0 && shmctl(id, IPC_STAT, &ds) == 0 &&
	      (ds.shm_perm.mode & SHM_LOCKED), "SHM_LOCK marks it SHM_LOCKED");
	CHECK(shmctl(id, SHM_UNLOCK, NULL) == 0 && shmctl(id, IPC_STAT, &ds) == 0 &&
	      !(ds.shm_perm.mode & SHM_LOCKED), "SHM_UNLOCK");
	shmctl(id, IPC_RMID, NULL);
}

/* ======================= semaphores ======================= */

static int semval(int id, int num)
{
	return semctl(id, num, GETVAL);
}

static int semop1(int id, int num, int op, int flg)
{
	struct sembuf sb = { (unsigned short)num, (short)op, (short)flg };

	return semop(id, &sb, 1);
}

static void sem_keys(void)
{
	key_t key = free_key('s');
	int id;

	CHECK(fails(semget(IPC_PRIVATE, 0, 0600), EINVAL), "semget of 0 semaphores is EINVAL");
	CHECK(fails(semget(IPC_PRIVATE, 32001, 0600), EINVAL), "more than SEMMSL (32000) is EINVAL");
	CHECK(fails(semget(IPC_PRIVATE, -1, 0600), EINVAL), "a negative count is EINVAL");
	CHECK(fails(semget(key, 2, 0600), ENOENT), "semget of an unused key is ENOENT");
	id = semget(key, 2, IPC_CREAT | 0600);
	CHECK(id >= 0, "semget IPC_CREAT");
	CHECK(fails(semget(key, 2, IPC_CREAT | IPC_EXCL | 0600), EEXIST), "IPC_EXCL: EEXIST");
	CHECK(semget(key, 0, 0) == id && semget(key, 2, 0) == id, "the key finds the set again");
	CHECK(fails(semget(key, 3, 0), EINVAL), "more semaphores than the set has is EINVAL");
	CHECK(semctl(id, 0, IPC_RMID) == 0 && fails(semget(key, 0, 0), ENOENT), "IPC_RMID");
	CHECK(fails(semctl(id, 0, GETVAL), EINVAL), "a removed id is EINVAL");
}

static void sem_values(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	unsigned short all[3] = { 1, 2, 3 }, got[3] = { 0 };
	struct semid_ds ds;
	union semun arg;

	CHECK(id >= 0, "semget of 3");
	CHECK(semval(id, 0) == 0 && semval(id, 2) == 0, "new semaphores are 0");
	arg.buf = &ds;
	CHECK(semctl(id, 0, IPC_STAT, arg) == 0 && ds.sem_nsems == 3 && ds.sem_otime == 0 &&
	      ds.sem_ctime != 0 && (ds.sem_perm.mode & 0777) == 0600 && ds.sem_perm.uid == geteuid(),
	      "IPC_STAT: 3 semaphores, no semop yet, mode, owner");
	arg.val = 5;
	CHECK(semctl(id, 1, SETVAL, arg) == 0 && semval(id, 1) == 5, "SETVAL / GETVAL");
	CHECK(semctl(id, 1, GETPID) == getpid(), "GETPID: SETVAL counts as a change");
	arg.val = 32767;
	CHECK(semctl(id, 1, SETVAL, arg) == 0, "SETVAL of SEMVMX (32767)");
	arg.val = 32768;
	CHECK(fails(semctl(id, 1, SETVAL, arg), ERANGE), "SETVAL above SEMVMX is ERANGE");
	arg.val = -1;
	CHECK(fails(semctl(id, 1, SETVAL, arg), ERANGE), "SETVAL of -1 is ERANGE");
	arg.val = 1;
	CHECK(fails(semctl(id, 3, SETVAL, arg), EINVAL) && fails(semctl(id, 3, GETVAL), EINVAL) &&
	      fails(semctl(id, -1, GETVAL), EINVAL), "a semaphore number out of range is EINVAL");
	arg.array = all;
	CHECK(semctl(id, 0, SETALL, arg) == 0, "SETALL");
	arg.array = got;
	CHECK(semctl(id, 0, GETALL, arg) == 0 && got[0] == 1 && got[1] == 2 && got[2] == 3,
	      "GETALL reads what SETALL wrote");
	all[1] = 40000;
	arg.array = all;
	CHECK(fails(semctl(id, 0, SETALL, arg), ERANGE) && semval(id, 1) == 2,
	      "SETALL with a value above SEMVMX is ERANGE and sets nothing");
	arg.array = NULL;
	CHECK(fails(semctl(id, 0, SETALL, arg), EFAULT) && fails(semctl(id, 0, GETALL, arg), EFAULT),
	      "SETALL / GETALL with NULL are EFAULT");
	CHECK(fails(syscall(SYS_ipc, IPCOP_SEMCTL, id, 0, IPC_STAT | IPC_64, &(long){ 0xC0000000 }),
	            EFAULT), "IPC_STAT into the kernel is EFAULT");
	CHECK(fails(syscall(SYS_ipc, IPCOP_SEMCTL, id, 0, IPC_STAT | IPC_64, NULL), EINVAL),
	      "ipc(SEMCTL) without an argument pointer is EINVAL");
	CHECK(fails(semctl(id, 0, 99), EINVAL), "an unknown command is EINVAL");
	arg.buf = &ds;
	ds.sem_perm.mode = 0640;
	CHECK(semctl(id, 0, IPC_SET, arg) == 0 && semctl(id, 0, IPC_STAT, arg) == 0 &&
	      (ds.sem_perm.mode & 0777) == 0640, "IPC_SET changes the mode");
	semctl(id, 0, IPC_RMID);
}

static void sem_ops(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	struct sembuf two[2] = { { 0, -1, 0 }, { 1, -1, IPC_NOWAIT } };
	struct sembuf same[2] = { { 2, 2, 0 }, { 2, -3, 0 } };
	struct sembuf many[501];
	struct timespec t0, t1, timeout = { 0, 30000000 }, bad = { 0, 2000000000 };
	struct semid_ds ds;
	union semun arg;
	long ms;

	CHECK(semop1(id, 0, 2, 0) == 0 && semval(id, 0) == 2, "semop +2");
	CHECK(semop1(id, 0, -1, 0) == 0 && semval(id, 0) == 1, "semop -1");
	CHECK(semctl(id, 0, GETPID) == getpid(), "GETPID names the last semop's process");
	arg.buf = &ds;
	CHECK(semctl(id, 0, IPC_STAT, arg) == 0 && ds.sem_otime != 0, "sem_otime is set by semop");
	CHECK(fails(semop1(id, 1, -1, IPC_NOWAIT), EAGAIN),
	      "a decrement below 0 with IPC_NOWAIT is EAGAIN");
	CHECK(semop1(id, 1, 0, 0) == 0, "waiting for zero on a zero semaphore returns at once");
	CHECK(fails(semop1(id, 0, 0, IPC_NOWAIT), EAGAIN),
	      "waiting for zero on 1 with IPC_NOWAIT is EAGAIN");
	CHECK(fails(semop(id, two, 2), EAGAIN) && semval(id, 0) == 1,
	      "all or nothing: the first op is not done when the second would block");
	arg.val = 1;
	semctl(id, 2, SETVAL, arg);
	CHECK(semop(id, same, 2) == 0 && semval(id, 2) == 0,
	      "two ops on one semaphore apply in order (1 + 2 - 3)");
	CHECK(fails(semop(id, two, 0), EINVAL), "semop of 0 operations is EINVAL");
	memset(many, 0, sizeof many);
	for (int i = 0; i < 501; i++)
		many[i].sem_num = 1;              /* wait for zero on a zero */
	CHECK(fails(semop(id, many, 501), E2BIG), "more than SEMOPM (500) operations is E2BIG");
	CHECK(semop(id, many, 500) == 0, "500 operations are fine");
	CHECK(fails(semop1(id, 3, 1, 0), EFBIG), "a semaphore number beyond the set is EFBIG");
	CHECK(fails(semop1(id, 0, 32767, 0), ERANGE) && semval(id, 0) == 1,
	      "a result above SEMVMX is ERANGE");
	CHECK(fails(semop(id, NULL, 1), EFAULT), "semop with NULL operations is EFAULT");
	CHECK(fails(semop(id, KERNEL_ADDR, 1), EFAULT), "semop with operations in the kernel is EFAULT");
	CHECK(fails(semop1(-1, 0, 1, 0), EINVAL), "semop on id -1 is EINVAL");
	two[1].sem_flg = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(fails(semtimedop(id, &two[1], 1, &timeout), EAGAIN), "semtimedop that times out is EAGAIN");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 25, "... after its timeout (30 ms)");
	CHECK(fails(semtimedop(id, &two[1], 1, &bad), EINVAL), "a timeout of 2e9 ns is EINVAL");
	semctl(id, 0, IPC_RMID);
}

struct waiter {
	int id;
	struct sembuf ops[2];
	int nops;
	int expect;                           /* errno, or 0 */
	int restart;                          /* SA_RESTART for SIGUSR1 */
};

static void sem_wait_child(void *arg)
{
	struct waiter *w = arg;
	int rc;

	catch_usr1(w->restart);
	rc = semop(w->id, w->ops, w->nops);
	if (w->expect)
		CHECK(fails(rc, w->expect), "child: the waiting semop ends with %s", strerror(w->expect));
	else
		CHECK(rc == 0, "child: the waiting semop completes");
}

static void sem_waits(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	struct waiter w = { .id = id, .ops = { { 0, -1, 0 }, { 1, -1, 0 } }, .nops = 1 };
	union semun arg;
	pid_t pid;
	int ok, got;

	pid = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETNCNT, 1), "GETNCNT counts the waiting decrement");
	/* (a woken child prints: the parent's lines wait until it is reaped) */
	ok = semop1(id, 0, 1, 0) == 0;
	got = fails(semop1(id, 0, -1, IPC_NOWAIT), EAGAIN);
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "semop +1 for the waiter");
	CHECK(got, "the waiter got it: it was done for the waiter at once");
	CHECK(semval(id, 0) == 0 && semctl(id, 0, GETNCNT) == 0, "the value went to the waiter");

	w.ops[0].sem_op = 0;                  /* wait for zero */
	arg.val = 1;
	semctl(id, 0, SETVAL, arg);
	pid = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETZCNT, 1), "GETZCNT counts the wait for zero");
	arg.val = 0;
	ok = semctl(id, 0, SETVAL, arg) == 0;
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "SETVAL 0 for it");

	w.ops[0].sem_op = -1;                 /* two at once */
	w.nops = 2;
	pid = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETNCNT, 1), "a list waits on its first blocking op");
	arg.val = 1;
	semctl(id, 0, SETVAL, arg);
	CHECK(sem_count_is(id, 1, GETNCNT, 1) && semctl(id, 0, GETNCNT) == 0 && semval(id, 0) == 1,
	      "with the first satisfied it waits on the second, taking nothing");
	semctl(id, 1, SETVAL, arg);
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(semval(id, 0) == 0 && semval(id, 1) == 0, "both were taken at once");

	w.nops = 1;                           /* a signal */
	w.expect = EINTR;
	w.restart = 1;
	pid = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETNCNT, 1), "a waiter");
	kill(pid, SIGUSR1);
	CHECK(child_ok(pid), "the child's checks passed (EINTR even with SA_RESTART)");
	CHECK(semctl(id, 0, GETNCNT) == 0, "the interrupted waiter is gone");

	w.expect = EIDRM;                     /* removal */
	pid = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETNCNT, 1), "a waiter");
	ok = semctl(id, 0, IPC_RMID) == 0;
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "IPC_RMID with a waiter");
}

struct undo_job {
	struct sembuf op;
	int id;
};

static void sem_undo_child(void *arg)
{
	struct undo_job *u = arg;

	CHECK(semop(u->id, &u->op, 1) == 0, "child: semop with SEM_UNDO");
}

/* A SEM_UNDO semop in a child that then waits to be told to exit. */
static void sem_undo_waits(void *arg)
{
	int *a = arg;                         /* id, op, pipe read end */
	struct sembuf sb = { 0, (short)a[1], SEM_UNDO };
	char c;

	CHECK(semop(a[0], &sb, 1) == 0, "child: semop with SEM_UNDO");
	CHECK(read(a[2], &c, 1) == 1, "child: told to exit");
}

static void sem_undo(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600), fds[2], a[3], ok, woke;
	struct undo_job u = { { 0, 1, SEM_UNDO }, id };
	struct waiter w = { .id = id, .ops = { { 0, 0, 0 } }, .nops = 1 };
	union semun arg;
	pid_t pid, zw;

	in_child(sem_undo_child, &u, 0, "the child's checks passed");
	CHECK(semval(id, 0) == 0, "a child's +1 with SEM_UNDO is taken back at its exit");
	arg.val = 5;
	semctl(id, 0, SETVAL, arg);
	u.op.sem_op = -2;
	in_child(sem_undo_child, &u, 0, "the child's checks passed");
	CHECK(semval(id, 0) == 5, "and a -2 given back");
	CHECK(semctl(id, 0, GETPID) != getpid(), "the exit's undo counts as the child's change");

	CHECK(pipe(fds) == 0, "pipe");
	a[0] = id;
	a[1] = 3;
	a[2] = fds[0];
	pid = spawn(sem_undo_waits, a, 0);
	CHECK(sem_count_is(id, 0, GETVAL, 8), "the child added 3");
	arg.val = 10;
	semctl(id, 0, SETVAL, arg);
	CHECK(write(fds[1], "x", 1) == 1 && child_ok(pid), "the child's checks passed");
	CHECK(semval(id, 0) == 10, "SETVAL cleared the child's adjustment");

	arg.val = 0;
	semctl(id, 0, SETVAL, arg);
	a[1] = 5;
	pid = spawn(sem_undo_waits, a, 0);
	CHECK(sem_count_is(id, 0, GETVAL, 5), "the child added 5");
	CHECK(semop1(id, 0, -4, 0) == 0, "the parent took 4");
	CHECK(write(fds[1], "x", 1) == 1 && child_ok(pid), "the child's checks passed");
	CHECK(semval(id, 0) == 0, "undoing -5 from 1 stops at 0");

	a[1] = 3;                             /* an exit's undo wakes a waiter */
	pid = spawn(sem_undo_waits, a, 0);
	CHECK(sem_count_is(id, 0, GETVAL, 3), "a child added 3");
	zw = spawn(sem_wait_child, &w, 0);
	CHECK(sem_count_is(id, 0, GETZCNT, 1), "another waits for zero");
	ok = write(fds[1], "x", 1) == 1 && child_ok(pid);
	woke = child_ok(zw);
	CHECK(ok, "the first child exits");
	CHECK(woke, "its undo brought the value to 0 and woke the waiter");
	close(fds[0]);
	close(fds[1]);
	semctl(id, 0, IPC_RMID);
}

static void sem_as_nobody(void *arg)
{
	int *ids = arg;                       /* 0600, 0644 */
	union semun su = { .val = 1 };
	int mine;

	CHECK(fails(semctl(ids[0], 0, GETVAL), EACCES), "nobody: GETVAL of a 0600 set is EACCES");
	CHECK(fails(semop1(ids[0], 0, 1, 0), EACCES), "nobody: semop on it is EACCES");
	CHECK(fails(semctl(ids[0], 0, IPC_RMID), EPERM), "nobody: IPC_RMID is EPERM");
	CHECK(semctl(ids[1], 0, GETVAL) == 0, "nobody: GETVAL of a 0644 set");
	CHECK(semop1(ids[1], 0, 0, IPC_NOWAIT) == 0, "nobody: a wait for zero needs only read access");
	CHECK(fails(semop1(ids[1], 0, 1, 0), EACCES), "nobody: changing it needs write access");
	CHECK(fails(semctl(ids[1], 0, SETVAL, su), EACCES), "nobody: SETVAL is EACCES");
	mine = semget(IPC_PRIVATE, 1, 0600);
	CHECK(mine >= 0 && semctl(mine, 0, IPC_RMID) == 0,
	      "nobody: may make a set of its own, and remove it");
}

static void sem_perms(void)
{
	int ids[2] = { semget(IPC_PRIVATE, 1, 0600), semget(IPC_PRIVATE, 1, 0644) };
	struct seminfo si;
	struct semid_ds ds;
	union semun arg;
	int max, found = 0;

	in_child(sem_as_nobody, ids, 1, "nobody's checks passed");
	arg.info = &si;
	max = semctl(0, 0, IPC_INFO, arg);
	CHECK(max >= 0 && si.semmsl == 32000 && si.semopm == 500 && si.semvmx == 32767 &&
	      si.semmni == 32000 && si.semmns == 1024000000, "IPC_INFO: Linux's default limits");
	max = semctl(0, 0, SEM_INFO, arg);
	CHECK(max >= 0 && si.semusz >= 2 && si.semaem >= 2, "SEM_INFO: sets and semaphores in use");
	arg.buf = &ds;
	for (int i = 0; i <= max; i++)
		if (semctl(i, 0, SEM_STAT, arg) == ids[1])
			found = ds.sem_nsems == 1 && (ds.sem_perm.mode & 0777) == 0644;
	CHECK(found, "SEM_STAT by index finds the set, and returns its id");
	semctl(ids[0], 0, IPC_RMID);
	semctl(ids[1], 0, IPC_RMID);
}

/* ======================= message queues ======================= */

static struct msgbuf_t mb;

static int msend(int id, long type, const char *text, int flags)
{
	mb.mtype = type;
	strcpy(mb.mtext, text);
	return msgsnd(id, &mb, strlen(text) + 1, flags);
}

/* Receive into mb; the type, or -1. */
static long mrecv(int id, size_t size, long type, int flags)
{
	memset(&mb, 0, sizeof mb);
	return msgrcv(id, &mb, size, type, flags) < 0 ? -1 : mb.mtype;
}

static void msg_keys(void)
{
	key_t key = free_key('q');
	struct msqid_ds ds;
	int id, a;

	CHECK(fails(msgget(key, 0600), ENOENT), "msgget of an unused key is ENOENT");
	id = msgget(key, IPC_CREAT | 0600);
	CHECK(id >= 0, "msgget IPC_CREAT");
	CHECK(fails(msgget(key, IPC_CREAT | IPC_EXCL), EEXIST), "IPC_EXCL: EEXIST");
	CHECK(msgget(key, 0) == id, "the key finds the queue again");
	a = msgget(IPC_PRIVATE, 0600);
	CHECK(a >= 0 && a != id, "IPC_PRIVATE makes a new queue");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 16384 && ds.msg_qnum == 0 &&
	      ds.__msg_cbytes == 0 && ds.msg_perm.__key == key && ds.msg_stime == 0 &&
	      ds.msg_ctime != 0, "IPC_STAT: empty, limit MSGMNB (16384)");
	CHECK(msgctl(id, IPC_RMID, NULL) == 0 && msgctl(a, IPC_RMID, NULL) == 0 &&
	      fails(msgget(key, 0), ENOENT), "IPC_RMID");
	CHECK(fails(msgctl(id, IPC_STAT, &ds), EINVAL), "a removed id is EINVAL");
}

static void msg_types(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	int ok = 1;

	CHECK(msend(id, 3, "three", 0) == 0 && msend(id, 1, "one", 0) == 0 &&
	      msend(id, 2, "two", 0) == 0 && msend(id, 5, "five", 0) == 0, "four messages sent");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 4 && ds.__msg_cbytes == 19 &&
	      ds.msg_lspid == getpid() && ds.msg_stime != 0 && ds.msg_lrpid == 0,
	      "IPC_STAT: 4 messages, 19 bytes, the sender's pid");
	CHECK(mrecv(id, 100, 2, 0) == 2 && strcmp(mb.mtext, "two") == 0, "type 2: the first of type 2");
	CHECK(mrecv(id, 100, -4, 0) == 1 && strcmp(mb.mtext, "one") == 0,
	      "type -4: the lowest type up to 4");
	CHECK(mrecv(id, 100, 3, MSG_EXCEPT) == 5 && strcmp(mb.mtext, "five") == 0,
	      "type 3 with MSG_EXCEPT: the first of another type");
	CHECK(mrecv(id, 100, 0, 0) == 3 && strcmp(mb.mtext, "three") == 0, "type 0: the first");
	CHECK(fails(mrecv(id, 100, 0, IPC_NOWAIT), ENOMSG), "empty, IPC_NOWAIT: ENOMSG");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 && ds.__msg_cbytes == 0 &&
	      ds.msg_lrpid == getpid() && ds.msg_rtime != 0, "IPC_STAT: empty again, the receiver's pid");

	msend(id, 4, "a", 0);
	msend(id, 4, "b", 0);
	msend(id, 2, "c", 0);
	CHECK(mrecv(id, 100, -5, 0) == 2 && mrecv(id, 100, -5, 0) == 4 && strcmp(mb.mtext, "a") == 0,
	      "type -5: lowest first, then the first of equals");
	CHECK(mrecv(id, 100, 9, IPC_NOWAIT) == -1 && errno == ENOMSG, "no message of type 9: ENOMSG");
	msend(id, 6, "c", 0);
	msend(id, 7, "d", 0);
	CHECK(msgrcv(id, &mb, 100, 1, MSG_COPY | IPC_NOWAIT) == 2 && mb.mtype == 6,
	      "MSG_COPY: the message at position 1, a copy");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 3, "... which stays queued");
	CHECK(fails(msgrcv(id, &mb, 100, 3, MSG_COPY | IPC_NOWAIT), ENOMSG),
	      "MSG_COPY beyond the end: ENOMSG");
	CHECK(fails(msgrcv(id, &mb, 100, 0, MSG_COPY), EINVAL), "MSG_COPY without IPC_NOWAIT: EINVAL");
	CHECK(mrecv(id, 100, 0, 0) == 4 && mrecv(id, 100, 0, 0) == 6 && mrecv(id, 100, 0, 0) == 7,
	      "the rest in order");

	/* sizes */
	memset(mb.mtext, 'x', 100);
	mb.mtype = 1;
	CHECK(msgsnd(id, &mb, 100, 0) == 0, "a 100-byte message");
	CHECK(fails(msgrcv(id, &mb, 10, 0, 0), E2BIG), "msgrcv into 10 bytes is E2BIG");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1, "... and the message stays");
	CHECK(msgrcv(id, &mb, 10, 0, MSG_NOERROR) == 10 && mb.mtext[9] == 'x',
	      "MSG_NOERROR cuts it to 10 bytes");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0, "... and takes it");
	mb.mtype = 0;
	CHECK(fails(msgsnd(id, &mb, 1, 0), EINVAL), "msgsnd of type 0 is EINVAL");
	mb.mtype = 1;
	CHECK(fails(msgsnd(id, &mb, 8193, 0), EINVAL), "msgsnd above MSGMAX (8192) is EINVAL");
	for (int i = 0; i < 8192; i++)
		mb.mtext[i] = (char)(i * 7 + i / 251);
	CHECK(msgsnd(id, &mb, 8192, 0) == 0, "msgsnd of 8192 bytes");
	memset(&mb, 0, sizeof mb);
	CHECK(msgrcv(id, &mb, 8192, 0, 0) == 8192, "msgrcv of 8192 bytes");
	for (int i = 0; i < 8192; i++)
		ok &= mb.mtext[i] == (char)(i * 7 + i / 251);
	CHECK(ok, "... with every byte intact");
	CHECK(fails(msgsnd(id, NULL, 1, 0), EFAULT), "msgsnd from NULL is EFAULT");
	CHECK(fails(msgsnd(id, KERNEL_ADDR, 1, 0), EFAULT), "msgsnd from the kernel is EFAULT");
	msend(id, 1, "lost", 0);
	CHECK(fails(msgrcv(id, KERNEL_ADDR, 100, 0, 0), EFAULT), "msgrcv into the kernel is EFAULT");
	CHECK(fails(msgrcv(-1, &mb, 1, 0, 0), EINVAL) && fails(msgsnd(-1, &mb, 1, 0), EINVAL),
	      "id -1 is EINVAL");
	CHECK(fails(msgctl(id, 99, &ds), EINVAL), "an unknown command is EINVAL");
	msgctl(id, IPC_RMID, NULL);
}

struct msg_job {
	int id;
	long type;
	size_t size;
	int send;                             /* else receive */
	int expect;                           /* errno, or 0 */
	const char *text;                     /* what a receiver must get */
	int quiet;                            /* the result only in the exit status */
};

static void msg_child(void *arg)
{
	struct msg_job *j = arg;
	static struct msgbuf_t b;
	long rc;

	catch_usr1(1);
	b.mtype = j->type;
	memset(b.mtext, 's', j->size);
	rc = j->send ? msgsnd(j->id, &b, j->size, 0) : msgrcv(j->id, &b, j->size, j->type, 0);
	if (j->quiet)
		_exit(fails(rc, j->expect) ? 0 : 1);
	if (j->expect)
		CHECK(fails(rc, j->expect), "child: the waiting %s ends with %s",
		      j->send ? "msgsnd" : "msgrcv", strerror(j->expect));
	else if (j->send)
		CHECK(rc == 0, "child: the waiting msgsnd completes");
	else
		CHECK(rc >= 0 && b.mtype == j->type && strcmp(b.mtext, j->text) == 0,
		      "child: the waiting msgrcv gets its message");
}

static void msg_waits(void)
{
	int id = msgget(IPC_PRIVATE, 0600), st, ok;
	struct msg_job j = { .id = id, .send = 1, .size = 60, .type = 1 };
	struct msqid_ds ds;
	pid_t pid;

	CHECK(msgctl(id, IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.msg_qbytes = 100;
	CHECK(msgctl(id, IPC_SET, &ds) == 0, "IPC_SET: msg_qbytes 100");
	memset(mb.mtext, 'p', 60);
	mb.mtype = 1;
	CHECK(msgsnd(id, &mb, 60, 0) == 0, "60 bytes fit");
	CHECK(fails(msgsnd(id, &mb, 60, IPC_NOWAIT), EAGAIN), "60 more with IPC_NOWAIT: EAGAIN");
	{
		struct msqid_ds small = ds;
		int sent = 0;

		small.msg_qbytes = 5;             /* the limit counts messages too */
		msgctl(id, IPC_SET, &small);
		mrecv(id, 100, 0, 0);
		while (sent < 10 && msgsnd(id, &mb, 0, IPC_NOWAIT) == 0)
			sent++;
		CHECK(sent == 5 && errno == EAGAIN, "msg_qbytes 5: five empty messages fit, not six");
		CHECK(mrecv(id, 100, 0, 0) == 1 && msgrcv(id, &mb, 100, 0, 0) == 0,
		      "an empty message is received as 0 bytes");
		while (mrecv(id, 100, 0, IPC_NOWAIT) == 1)
			;
		msgctl(id, IPC_SET, &ds);
		memset(mb.mtext, 'p', 60);
		mb.mtype = 1;
		msgsnd(id, &mb, 60, 0);
	}
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a sender waits for room");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1, "its message is not queued yet");
	ok = mrecv(id, 100, 0, 0) == 1 && mb.mtext[0] == 'p';
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "the parent takes one");
	CHECK(mrecv(id, 100, 0, IPC_NOWAIT) == 1 && mb.mtext[0] == 's', "the child's message came");

	j.send = 0;                           /* a receiver of type 7 */
	j.type = 7;
	j.size = 100;
	j.text = "seven";
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a receiver of type 7 waits");
	ok = msend(id, 6, "six", 0) == 0 && msend(id, 7, "seven", 0) == 0;
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "types 6 and 7 sent");
	CHECK(mrecv(id, 100, 0, IPC_NOWAIT) == 6 && fails(mrecv(id, 100, 0, IPC_NOWAIT), ENOMSG),
	      "type 6 is left");

	pid = spawn(msg_child, &j, 0);        /* handed straight over */
	CHECK(sleeping(pid), "a receiver waits");
	ok = msend(id, 7, "seven", 0) == 0 && fails(mrecv(id, 100, 7, IPC_NOWAIT), ENOMSG);
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "a message for a waiting receiver goes to it at once");

	j.size = 4;                           /* too small for what comes */
	j.expect = E2BIG;
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a receiver with a 4-byte buffer waits");
	ok = msend(id, 7, "seven", 0) == 0;
	CHECK(child_ok(pid), "the child's checks passed");
	CHECK(ok, "a 6-byte message sent");
	CHECK(mrecv(id, 100, 0, IPC_NOWAIT) == 7, "the message stayed in the queue");

	j.size = 100;                         /* a signal's handler: EINTR */
	j.expect = EINTR;
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a receiver waits");
	kill(pid, SIGUSR1);
	CHECK(child_ok(pid), "the child's checks passed (EINTR even with SA_RESTART)");

	j.expect = 0;                         /* a stop and a continue: no EINTR */
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a receiver waits");
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "it is stopped");
	kill(pid, SIGCONT);
	CHECK(sleeping(pid), "continued, it waits again");
	CHECK(msend(id, 7, "seven", 0) == 0 && child_ok(pid), "and gets its message");

	j.expect = EIDRM;                     /* removal, for a receiver and a sender */
	pid = spawn(msg_child, &j, 0);
	CHECK(sleeping(pid), "a receiver waits");
	{
		struct msg_job s = { .id = id, .send = 1, .size = 60, .type = 1, .expect = EIDRM,
		                     .quiet = 1 };
		pid_t spid;

		memset(mb.mtext, 'p', 60);
		mb.mtype = 1;
		msgsnd(id, &mb, 60, 0);
		spid = spawn(msg_child, &s, 0);
		CHECK(sleeping(spid), "a sender waits");
		ok = msgctl(id, IPC_RMID, NULL) == 0;
		CHECK(child_ok(pid), "the receiver's checks passed");
		CHECK(child_ok(spid), "the waiting msgsnd ended with EIDRM");
		CHECK(ok, "IPC_RMID");
	}
}

static void msg_as_nobody(void *arg)
{
	int *ids = arg;                       /* root's 0600; one given to nobody */
	struct msqid_ds ds;

	CHECK(fails(msend(ids[0], 1, "x", 0), EACCES), "nobody: msgsnd to a 0600 queue is EACCES");
	CHECK(fails(mrecv(ids[0], 10, 0, IPC_NOWAIT), EACCES), "nobody: msgrcv from it is EACCES");
	CHECK(fails(msgctl(ids[0], IPC_STAT, &ds), EACCES), "nobody: IPC_STAT is EACCES");
	CHECK(fails(msgctl(ids[0], IPC_RMID, NULL), EPERM), "nobody: IPC_RMID is EPERM");
	CHECK(msgctl(ids[1], IPC_STAT, &ds) == 0, "nobody: IPC_STAT of its own queue");
	ds.msg_qbytes = 20000;
	CHECK(fails(msgctl(ids[1], IPC_SET, &ds), EPERM),
	      "nobody: raising msg_qbytes above MSGMNB is EPERM");
	ds.msg_qbytes = 1000;
	CHECK(msgctl(ids[1], IPC_SET, &ds) == 0, "nobody: lowering it is fine");
	CHECK(msend(ids[1], 1, "x", 0) == 0 && mrecv(ids[1], 10, 0, 0) == 1, "nobody: uses its queue");
}

static void msg_perms(void)
{
	int ids[2] = { msgget(IPC_PRIVATE, 0600), msgget(IPC_PRIVATE, 0600) }, max, found = 0;
	struct msqid_ds ds;
	struct msginfo mi;

	CHECK(msgctl(ids[1], IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.msg_perm.uid = NOBODY;
	CHECK(msgctl(ids[1], IPC_SET, &ds) == 0, "IPC_SET: owner nobody");
	in_child(msg_as_nobody, ids, 1, "nobody's checks passed");
	/* (root raising it needs CAP_SYS_RESOURCE, which a container's root may lack) */
	max = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK(max >= 0 && mi.msgmax == 8192 && mi.msgmnb == 16384 && mi.msgmni == 32000,
	      "IPC_INFO: Linux's default limits");
	msend(ids[0], 1, "abc", 0);
	max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	CHECK(max >= 0 && mi.msgpool >= 2 && mi.msgmap >= 1 && mi.msgtql >= 4,
	      "MSG_INFO: queues, messages and bytes in use");
	for (int i = 0; i <= max; i++)
		if (msgctl(i, MSG_STAT, &ds) == ids[0])
			found = ds.msg_qnum == 1;
	CHECK(found, "MSG_STAT by index finds the queue");
	msgctl(ids[0], IPC_RMID, NULL);
	msgctl(ids[1], IPC_RMID, NULL);
}

/* ======================= the system calls themselves ======================= */

static void syscalls(void)
{
	int val = 7, sid, mid, qid;
	struct sembuf op = { 0, -1, 0 };
	unsigned char old[64];
	struct { long msgp; long type; } kludge;
	unsigned long raddr = 0;
	char *a, *b;

	sid = syscall(SYS_ipc, IPCOP_SEMGET, IPC_PRIVATE, 1, 0600);
	CHECK(sid >= 0, "ipc(SEMGET)");
	CHECK(syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, SETVAL, &val) == 0,
	      "ipc(SEMCTL, SETVAL) reads the argument through the pointer");
	CHECK(syscall(NR_SEMCTL, sid, 0, GETVAL) == 7, "semctl (394) GETVAL sees it");
	CHECK(syscall(SYS_ipc, IPCOP_SEMOP, sid, 1, 0, &op) == 0 && semval(sid, 0) == 6, "ipc(SEMOP)");
	CHECK(syscall(NR_SEMTIMEDOP64, sid, &op, 1, NULL) == 0 && semval(sid, 0) == 5,
	      "semtimedop_time64 (420)");
	CHECK(syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, IPC_STAT, &(long){ (long)old }) == 0 &&
	      old[12] == 0x80 && old[13] == 0x01 && old[40] == 1 && old[41] == 0,
	      "ipc(SEMCTL, IPC_STAT) without IPC_64: the old layout (mode 0600, sem_nsems 1)");
	old[12] = 0xA0;                       /* mode 0640, the ids (0) as they were */
	CHECK(syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, IPC_SET, &(long){ (long)old }) == 0 &&
	      syscall(SYS_ipc, IPCOP_SEMCTL, sid, 0, IPC_STAT, &(long){ (long)old }) == 0 &&
	      old[12] == 0xA0 && old[13] == 0x01, "ipc(SEMCTL, IPC_SET) from the old layout");
	CHECK(syscall(NR_SEMCTL, sid, 0, GETVAL | 0x100) == -1 && errno == EINVAL,
	      "the direct semctl takes no IPC_64 flag with GETVAL");
	CHECK(syscall(NR_SEMCTL, sid, 0, IPC_RMID) == 0, "semctl (394) IPC_RMID");
	CHECK(syscall(NR_SEMGET, IPC_PRIVATE, 0, 0600) == -1 && errno == EINVAL,
	      "semget (393): EINVAL for 0");

	mid = syscall(NR_SHMGET, IPC_PRIVATE, PAGE, 0600);
	CHECK(mid >= 0, "shmget (395)");
	a = (char *)syscall(NR_SHMAT, mid, 0, 0);
	CHECK(a != (char *)-1, "shmat (397) returns the address");
	CHECK(syscall(SYS_ipc, IPCOP_SHMAT, mid, 0, &raddr, 0) == 0 && raddr != 0,
	      "ipc(SHMAT) stores the address through its third argument");
	b = (char *)raddr;
	strcpy(a, "direct");
	CHECK(strcmp(b, "direct") == 0, "both attachments share the page");
	CHECK(syscall(SYS_ipc, IPCOP_SHMCTL, mid, IPC_STAT, 0, old) == 0 &&
	      old[16] == 0 && old[17] == 0x10 && old[36] == 2,
	      "ipc(SHMCTL, IPC_STAT) old layout: shm_segsz 4096, shm_nattch 2");
	CHECK(syscall(SYS_ipc, IPCOP_SHMDT, 0, 0, 0, b) == 0 && syscall(NR_SHMDT, a) == 0,
	      "ipc(SHMDT) and shmdt (398)");
	CHECK(syscall(SYS_ipc, IPCOP_SHMCTL, mid, IPC_RMID | 0x100, 0, NULL) == 0,
	      "ipc(SHMCTL, IPC_RMID)");

	qid = syscall(NR_MSGGET, IPC_PRIVATE, 0600);
	CHECK(qid >= 0, "msgget (399)");
	mb.mtype = 4;
	strcpy(mb.mtext, "d");
	CHECK(syscall(NR_MSGSND, qid, &mb, 2, 0) == 0 &&
	      syscall(SYS_ipc, IPCOP_MSGSND, qid, 2, 0, &mb) == 0, "msgsnd (400) and ipc(MSGSND)");
	CHECK(syscall(SYS_ipc, IPCOP_MSGCTL, qid, IPC_STAT, 0, old) == 0 &&
	      old[46] == 2 && old[48] == 0 && old[49] == 0x40,
	      "ipc(MSGCTL, IPC_STAT) old layout: msg_qnum 2, msg_qbytes 16384");
	kludge.msgp = (long)&mb;
	kludge.type = 4;
	memset(&mb, 0, sizeof mb);
	CHECK(syscall(SYS_ipc, IPCOP_MSGRCV, qid, 10, 0, &kludge) == 2 && mb.mtype == 4,
	      "ipc(MSGRCV) version 0: buffer and type in an ipc_kludge");
	memset(&mb, 0, sizeof mb);
	CHECK(syscall(SYS_ipc, IPCOP_MSGRCV | 1 << 16, qid, 10, 0, &mb, 4) == 2 && mb.mtype == 4,
	      "ipc(MSGRCV) version 1: buffer and type as arguments");
	CHECK(syscall(SYS_ipc, IPCOP_MSGRCV, qid, 10, 0, NULL) == -1 && errno == EINVAL,
	      "ipc(MSGRCV) version 0 without a kludge is EINVAL");
	mb.mtype = 4;
	syscall(NR_MSGSND, qid, &mb, 2, 0);
	CHECK(syscall(NR_MSGRCV, qid, &mb, 10, 4, 0) == 2, "msgrcv (401)");
	CHECK(syscall(SYS_ipc, IPCOP_MSGCTL, qid, IPC_RMID, 0, NULL) == 0, "ipc(MSGCTL, IPC_RMID)");
	CHECK(syscall(SYS_ipc, 99, 0, 0, 0, NULL) == -1 && errno == ENOSYS,
	      "an unknown ipc call is ENOSYS");
}

/* exec'd by shm_exec_child: the attachment count of a segment */
static int nattch_main(int id, int want)
{
	CHECK(shm_nattch(id) == want, "after exec the child's attachment is gone");
	return check_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (argc == 4 && strcmp(argv[1], "nattch") == 0)
		return nattch_main(atoi(argv[2]), atoi(argv[3]));
	self[n > 0 ? n : 0] = 0;
	prog_path = self;
	shm_keys();
	shm_attach();
	shm_perms();
	shm_limits();
	shm_full();
	sem_keys();
	sem_values();
	sem_ops();
	sem_waits();
	sem_undo();
	sem_perms();
	msg_keys();
	msg_types();
	msg_waits();
	msg_perms();
	syscalls();
	return check_summary("t_ipc");
}
