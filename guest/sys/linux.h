/*
 * linux.h - the Linux i386 user ABI the guest kernel implements: errno
 * values, system-call numbers, flags and the layouts of the structures that
 * cross the int $0x80 boundary.
 *
 * Unmodified Linux binaries (glibc-static programs, BusyBox) are the users,
 * so every number and offset here is Linux's, written out from the i386 ABI
 * (not copied from kernel headers, which the freestanding build does not
 * have).  Layouts that are easy to get wrong are pinned with _Static_assert.
 */
#ifndef GUEST_LINUX_H
#define GUEST_LINUX_H

#include <stdint.h>

/* ---- errno ---- */
#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define ENXIO    6
#define E2BIG    7
#define ENOEXEC  8
#define EBADF    9
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define EXDEV   18
#define ENODEV  19
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define ENFILE  23
#define EMFILE  24
#define ENOTTY  25
#define EFBIG   27
#define ENOSPC  28
#define ESPIPE  29
#define EROFS   30
#define EMLINK  31
#define EPIPE   32
#define ERANGE  34
#define EOVERFLOW 75
#define ENAMETOOLONG 36
#define ENOSYS  38
#define ENOTEMPTY 39
#define ENOMSG  42
#define EIDRM   43
#define ELOOP   40
#define ENOTSUP 95
#define EOPNOTSUPP 95               /* = ENOTSUP */
#define ENODATA 61
#define ETIMEDOUT 110
/* Internal: the call is restarted if the signal's handler has SA_RESTART
 * (or no handler runs); never seen by user space. */
#define ERESTARTSYS 512
#define ERESTARTNOHAND 514          /* restart unless a handler runs */
#define ERESTART_RESTARTBLOCK 516   /* the same, through restart_syscall */

/* ---- system-call numbers (arch/x86/entry/syscalls/syscall_32.tbl) ---- */
#define NR_restart_syscall   0
#define NR_exit              1
#define NR_fork              2
#define NR_read              3
#define NR_write             4
#define NR_open              5
#define NR_close             6
#define NR_waitpid           7
#define NR_creat             8
#define NR_link              9
#define NR_unlink           10
#define NR_execve           11
#define NR_chdir            12
#define NR_time             13
#define NR_mknod            14
#define NR_chmod            15
#define NR_lchown           16
#define NR_lseek            19
#define NR_getpid           20
#define NR_mount            21
#define NR_umount           22
#define NR_setuid           23
#define NR_getuid           24
#define NR_alarm            27
#define NR_pause            29
#define NR_utime            30
#define NR_access           33
#define NR_sync             36
#define NR_kill             37
#define NR_rename           38
#define NR_mkdir            39
#define NR_rmdir            40
#define NR_dup              41
#define NR_pipe             42
#define NR_times            43
#define NR_brk              45
#define NR_setgid           46
#define NR_getgid           47
#define NR_geteuid          49
#define NR_getegid          50
#define NR_umount2          52
#define NR_ioctl            54
#define NR_fcntl            55
#define NR_setpgid          57
#define NR_umask            60
#define NR_chroot           61
#define NR_dup2             63
#define NR_getppid          64
#define NR_getpgrp          65
#define NR_setsid           66
#define NR_sigaction        67
#define NR_sethostname      74
#define NR_setrlimit        75
#define NR_getrusage        77
#define NR_gettimeofday     78
#define NR_settimeofday     79
#define NR_symlink          83
#define NR_readlink         85
#define NR_mmap             90
#define NR_munmap           91
#define NR_truncate         92
#define NR_ftruncate        93
#define NR_fchmod           94
#define NR_fchown           95
#define NR_getpriority      96
#define NR_setpriority      97
#define NR_statfs           99
#define NR_fstatfs         100
#define NR_socketcall      102
#define NR_syslog          103
#define NR_setitimer       104
#define NR_getitimer       105
#define NR_wait4           114
#define NR_sysinfo         116
#define NR_fsync           118
#define NR_sigreturn       119
#define NR_clone           120
#define NR_uname           122
#define NR_modify_ldt      123
#define NR_mprotect        125
#define NR_sigprocmask     126
#define NR_getpgid         132
#define NR_fchdir          133
#define NR__llseek         140
#define NR_getdents        141
#define NR__newselect      142
#define NR_flock           143
#define NR_msync           144
#define NR_readv           145
#define NR_writev          146
#define NR_getsid          147
#define NR_fdatasync       148
#define NR_mlock           150
#define NR_sched_yield     158
#define NR_nanosleep       162
#define NR_mremap          163
#define NR_poll            168
#define NR_prctl           172
#define NR_rt_sigreturn    173
#define NR_rt_sigaction    174
#define NR_rt_sigprocmask  175
#define NR_rt_sigpending   176
#define NR_rt_sigtimedwait 177
#define NR_rt_sigsuspend   179
#define NR_pread64         180
#define NR_pwrite64        181
#define NR_chown           182
#define NR_getcwd          183
#define NR_capget          184
#define NR_capset          185
#define NR_sigaltstack     186
#define NR_sendfile        187
#define NR_vfork           190
#define NR_ugetrlimit      191
#define NR_mmap2           192
#define NR_truncate64      193
#define NR_ftruncate64     194
#define NR_stat64          195
#define NR_lstat64         196
#define NR_fstat64         197
#define NR_lchown32        198
#define NR_getuid32        199
#define NR_getgid32        200
#define NR_geteuid32       201
#define NR_getegid32       202
#define NR_setreuid32      203
#define NR_setregid32      204
#define NR_getgroups32     205
#define NR_setgroups32     206
#define NR_fchown32        207
#define NR_setresuid32     208
#define NR_getresuid32     209
#define NR_setresgid32     210
#define NR_getresgid32     211
#define NR_chown32         212
#define NR_setuid32        213
#define NR_setgid32        214
#define NR_madvise         219
#define NR_getdents64      220
#define NR_fcntl64         221
#define NR_gettid          224
#define NR_tkill           238
#define NR_sendfile64      239
#define NR_futex           240
#define NR_sched_setaffinity 241
#define NR_sched_getaffinity 242
#define NR_set_thread_area 243
#define NR_get_thread_area 244
#define NR_fadvise64       250
#define NR_exit_group      252
#define NR_set_tid_address 258
#define NR_clock_settime   264
#define NR_clock_gettime   265
#define NR_clock_getres    266
#define NR_clock_nanosleep 267
#define NR_statfs64        268
#define NR_fstatfs64       269
#define NR_tgkill          270
#define NR_utimes          271
#define NR_fadvise64_64    272
#define NR_waitid          284
#define NR_openat          295
#define NR_mkdirat         296
#define NR_mknodat         297
#define NR_fchownat        298
#define NR_futimesat       299
#define NR_fstatat64       300
#define NR_unlinkat        301
#define NR_renameat        302
#define NR_linkat          303
#define NR_symlinkat       304
#define NR_readlinkat      305
#define NR_fchmodat        306
#define NR_faccessat       307
#define NR_pselect6        308
#define NR_ppoll           309
#define NR_set_robust_list 311
#define NR_get_robust_list 312
#define NR_utimensat       320
#define NR_dup3            330
#define NR_pipe2           331
#define NR_prlimit64       340
#define NR_syncfs          344
#define NR_getrandom       355
#define NR_mlock2          376
#define NR_statx           383
#define NR_rseq            386
#define NR_clock_gettime64 403
#define NR_clock_nanosleep_time64 407
#define NR_utimensat_time64 412
#define NR_pselect6_time64 413
#define NR_ppoll_time64    414
#define NR_rt_sigtimedwait_time64 421
#define NR_futex_time64    422
#define NR_futex_waitv     449
#define NR_pidfd_send_signal 424
#define NR_pidfd_open      434
#define NR_renameat2       353
#define NR_clone3          435
#define NR_faccessat2      439
#define NR_setreuid         70
#define NR_setregid         71
#define NR_getgroups        80
#define NR_setgroups        81
#define NR_setfsuid        138
#define NR_setfsgid        139
#define NR_setresuid       164
#define NR_getresuid       165
#define NR_setresgid       170
#define NR_getresgid       171
#define NR_setfsuid32      215
#define NR_setfsgid32      216
/* time, resources, memory locking, extended attributes */
#define NR_select           82
#define NR_personality     136
#define NR_munlock         151
#define NR_mlockall        152
#define NR_munlockall      153
#define NR_setxattr        226
#define NR_lsetxattr       227
#define NR_fsetxattr       228
#define NR_getxattr        229
#define NR_lgetxattr       230
#define NR_fgetxattr       231
#define NR_listxattr       232
#define NR_llistxattr      233
#define NR_flistxattr      234
#define NR_removexattr     235
#define NR_lremovexattr    236
#define NR_fremovexattr    237
#define NR_clock_settime64 404
#define NR_fallocate       324
#define NR_clock_getres_time64 406
#define NR_SYSCALLS        450

/* ---- open / fcntl ---- */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DIRECT    00040000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000

#define F_DUPFD          0
#define F_GETFD          1
#define F_SETFD          2
#define F_GETFL          3
#define F_SETFL          4
#define F_GETLK          5
#define F_SETLK          6
#define F_SETLKW         7
#define F_GETLK64       12
#define F_SETLK64       13
#define F_SETLKW64      14
#define F_OFD_GETLK     36           /* open file description locks (flock64) */
#define F_OFD_SETLK     37
#define F_OFD_SETLKW    38
#define F_SETOWN         8
#define F_GETOWN         9
#define F_SETSIG        10
#define F_GETSIG        11
#define F_SETOWN_EX     15
#define F_GETOWN_EX     16
#define F_OWNER_TID      0
#define F_OWNER_PID      1
#define F_OWNER_PGRP     2
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC       1
#define F_UNLCK          2
#define F_RDLCK          0
#define F_WRLCK          1
#define F_SETLEASE    1024
#define F_GETLEASE    1025
#define F_NOTIFY      1026           /* dnotify: DN_* events of a directory */
#define DN_ACCESS   0x00000001
#define DN_MODIFY   0x00000002
#define DN_CREATE   0x00000004
#define DN_DELETE   0x00000008
#define DN_RENAME   0x00000010
#define DN_ATTRIB   0x00000020
#define DN_MULTISHOT 0x80000000
#define O_ASYNC     00020000         /* FASYNC: SIGIO when I/O is possible */

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_EMPTY_PATH       0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* ---- poll ---- */
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020

struct linux_pollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

/* ---- mmap ---- */
#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE      0x0f        /* the mapping type: the three above */
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_32BIT     0x40
#define MAP_ABOVE4G   0x80        /* x86, Linux 6.6 */
#define MAP_GROWSDOWN 0x100
#define MAP_DENYWRITE 0x800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED    0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE  0x8000
#define MAP_NONBLOCK  0x10000
#define MAP_STACK     0x20000
#define MAP_HUGETLB   0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_UNINITIALIZED 0x4000000
#define MAP_HUGE_2MB  (21u << 26)
#define MAP_HUGE_1GB  (30u << 26)
/* What MAP_SHARED_VALIDATE accepts of a file that knows no flags of its
 * own (none of ours knows MAP_SYNC): Linux's LEGACY_MAP_MASK on x86. */
#define MAP_LEGACY_MASK (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
	MAP_32BIT | MAP_ABOVE4G | MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | \
	MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | \
	MAP_HUGETLB | MAP_UNINITIALIZED | MAP_HUGE_2MB | MAP_HUGE_1GB)

/* ---- clone ---- */
#define CSIGNAL              0x000000ff
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000

/* ---- wait ---- */
/* msync, mlockall */
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
#define MCL_CURRENT   1
#define MCL_FUTURE    2
#define MCL_ONFAULT   4
#define MLOCK_ONFAULT 1                /* mlock2 */
/* setitimer(2) */
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
/* fcntl: pipe capacity */
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define F_CREATED_QUERY 1028      /* F_LINUX_SPECIFIC_BASE + 4: did this open create the file? (6.12) */
/* pids stay below Linux's default pid_max */
#define PID_MAX 32768
/* personality(2): the flag the kernel acts on (select keeps its timeout) */
#define PERSONALITY_QUERY 0xFFFFFFFFu
#define STICKY_TIMEOUTS   0x4000000u
/* getrusage(2) */
#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)
#define RUSAGE_THREAD    1
#define WNOHANG    1
#define WUNTRACED  2
#define WSTOPPED   2             /* waitid's name for WUNTRACED */
#define WEXITED    4             /* waitid only: wait4 implies it */
#define WCONTINUED 8
#define WNOWAIT    0x01000000    /* waitid only: leave the child waitable */
#define __WNOTHREAD 0x20000000
#define __WALL     0x40000000
#define __WCLONE   0x80000000
/* waitid's idtype */
#define P_ALL      0
#define P_PID      1
#define P_PGID     2
#define P_PIDFD    3             /* id is a pidfd (pidfd_open) */

/* ---- signals ---- */
#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define NSIG      64
#define SIGRTMIN  32          /* the kernel's first real-time signal */

#define SIG_DFL 0u
#define SIG_IGN 1u

#define SA_NOCLDSTOP 0x00000001u
#define SA_NOCLDWAIT 0x00000002u
#define SA_SIGINFO   0x00000004u
#define SA_RESTORER  0x04000000u
#define SA_ONSTACK   0x08000000u
#define SA_RESTART   0x10000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SI_USER     0
#define SI_KERNEL   0x80
#define SI_TKILL    (-6)
/* si_code of SIGIO (or F_SETSIG's signal): what happened, and the poll
 * bits it stands for in si_band (Linux's band_table) */
#define POLL_IN     1
#define POLL_OUT    2
#define POLL_MSG    3
#define POLL_ERR    4
#define POLL_PRI    5
#define POLL_HUP    6
#define CLD_EXITED  1
#define CLD_KILLED  2
#define CLD_DUMPED  3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR  2                  /* a file page past the end of the file */

typedef uint64_t sigset64_t;

/* rt_sigaction's struct (the kernel's, not glibc's) */
struct linux_sigaction {
	uint32_t handler;
	uint32_t flags;
	uint32_t restorer;
	sigset64_t mask;
};
_Static_assert(sizeof(struct linux_sigaction) == 20, "kernel sigaction is 20 bytes");

/* Linux's siginfo_t: 128 bytes; the fields the kernel fills. */
struct linux_siginfo {
	int32_t signo, errno_, code;
	union {
		struct { int32_t pid; uint32_t uid; int32_t status;
		         int32_t utime, stime; } chld;
		struct { int32_t pid; uint32_t uid; } kill;
		struct { int32_t pid; uint32_t uid; int32_t value; } rt;   /* SI_QUEUE */
		struct { uint32_t addr; } fault;
		struct { int32_t band, fd; } poll;     /* SIGIO's POLL_* codes */
		uint32_t pad[29];
	} u;
};

struct linux_sigcontext {
	uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, ssh;
	uint32_t fpstate;        /* user pointer to the FXSAVE image, or 0 */
	uint32_t oldmask, cr2;
};

/* struct _fpstate_32: legacy header, then the FXSAVE image at offset 112. */
struct linux_fpstate {
	uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
	uint8_t st[80];
	uint16_t status, magic;  /* magic 0 = FXSR data present */
	uint8_t fxsave[512];     /* at offset 112: the FXSAVE layout */
};
_Static_assert(sizeof(struct linux_fpstate) == 624, "_fpstate_32 is 624 bytes");

struct linux_stack {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

struct linux_ucontext {
	uint32_t uc_flags, uc_link;
	struct linux_stack uc_stack;
	struct linux_sigcontext uc_mcontext;
	sigset64_t uc_sigmask;
};
_Static_assert(sizeof(struct linux_sigcontext) == 88, "sigcontext is 88 bytes");
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo is 128 bytes");

/* ---- set_thread_area ---- */
struct linux_user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t seg_32bit:1, contents:2, read_exec_only:1, limit_in_pages:1,
	         seg_not_present:1, useable:1;
};

/* ---- stat ---- */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

struct linux_stat64 {
	uint64_t st_dev;
	uint8_t pad0[4];
	uint32_t st_ino_low;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint8_t pad3[4];
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t st_atime, st_atime_nsec;
	uint32_t st_mtime, st_mtime_nsec;
	uint32_t st_ctime, st_ctime_nsec;
	uint64_t st_ino;
};
_Static_assert(sizeof(struct linux_stat64) == 96, "stat64 is 96 bytes");

struct linux_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct linux_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct linux_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare2[14];
};
_Static_assert(sizeof(struct linux_statx) == 256, "statx is 256 bytes");
#define STATX_BASIC_STATS 0x7ffu

/* ---- time ---- */
#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define TIMER_ABSTIME            1

struct linux_timespec32 { int32_t tv_sec, tv_nsec; };
struct linux_timespec64 { int64_t tv_sec; int64_t tv_nsec; };
struct linux_timeval32 { int32_t tv_sec, tv_usec; };

struct linux_tms { int32_t utime, stime, cutime, cstime; };

/* ---- misc ---- */
struct linux_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

struct linux_rlimit32 { uint32_t cur, max; };
struct linux_rlimit64 { uint64_t cur, max; };
#define RLIM_NLIMITS  16
#define RLIMIT_CPU    0
#define RLIMIT_STACK  3
#define RLIMIT_CORE   4
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIM_INFINITY32 0xFFFFFFFFu
#define RLIM_INFINITY64 0xFFFFFFFFFFFFFFFFull

struct linux_sysinfo {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh, mem_unit;
	char f[8];
};

struct linux_iovec { uint32_t base, len; };

/* ---- capabilities (capget, capset) ---- */
#define CAP_VERSION_1 0x19980330      /* one data struct: capabilities 0-31 */
#define CAP_VERSION_2 0x20071026      /* two (deprecated: version 3's layout) */
#define CAP_VERSION_3 0x20080522      /* two: capabilities 0-63 */
struct linux_cap_header { uint32_t version; int32_t pid; };
struct linux_cap_data { uint32_t effective, permitted, inheritable; };
_Static_assert(sizeof(struct linux_cap_data) == 12, "cap data");

/* ---- auxiliary vector ---- */
#define AT_NULL    0
#define AT_PHDR    3
#define AT_PHENT   4
#define AT_PHNUM   5
#define AT_PAGESZ  6
#define AT_BASE    7
#define AT_FLAGS   8
#define AT_ENTRY   9
#define AT_UID    11
#define AT_EUID   12
#define AT_GID    13
#define AT_EGID   14
#define AT_PLATFORM 15
#define AT_HWCAP  16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31

/* ---- ioctl numbers the process core itself looks at ---- */
#define TCGETS     0x5401
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define FIONBIO    0x5421
#define FIOASYNC   0x5452
#define FIOCLEX    0x5451
#define FIONCLEX   0x5450

#endif /* GUEST_LINUX_H */
