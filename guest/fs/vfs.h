/*
 * vfs.h - the boundary between the guest's process core (processes, memory,
 * system calls: guest/proc*, vm*, sys_*) and its file layer (ramfs, devices,
 * pipes, the console tty: guest/fs*, tty*, pipe*).
 *
 * The file layer works on kernel buffers; the system-call layer copies
 * between user memory and kernel buffers.  Errors are negative Linux errno
 * values (-ENOENT ...), as the Linux i386 ABI returns them.  Blocking
 * operations (tty and pipe reads, pipe writes) sleep with proc_sleep() and
 * return -EINTR when proc_signal_pending() says a signal interrupted them
 * (or -ERESTARTSYS: the call is made again, e.g. once a stopped job is
 * continued).
 * The kernel is not preemptible: code runs until it sleeps or returns to
 * user mode, so no locks are needed; event handlers only wake.
 */
#ifndef GUEST_VFS_H
#define GUEST_VFS_H

#include <stdint.h>

struct inode;
struct file;

/* ---- services of the process core, used by the file layer ---- */
void proc_sleep(void *chan);            /* until proc_wakeup(chan) or a signal */
void proc_wakeup(void *chan);           /* wake every sleeper on chan */
int proc_signal_pending(void);          /* 1: return -EINTR now */
void proc_signal_pgrp(int pgid, int sig);
int proc_pgid(void);                    /* the caller's process group */
int proc_sid(void);
int proc_session_alive(int sid);        /* a live process is in session sid */
int proc_sig_refused(int sig);          /* the caller ignores or blocks sig */
int proc_pgrp_orphaned(int pgid);       /* nobody outside it can continue it */
void *poll_channel(void);               /* woken on any readiness change */
/* SIGIO, or sig if nonzero with si_code reason (POLL_*), si_band and
 * si_fd fd, to an F_SETOWN owner (F_OWNER_TID/PID/PGRP and an id). */
void proc_send_sigio(int owner_type, int owner_id, int sig, int fd, int reason);
/* Sleep on chan until woken, a signal, or the clock reaches deadline_ns. */
void proc_sleep_until(void *chan, uint64_t deadline_ns);
uint64_t proc_clock_ns(void);           /* the monotonic clock */
/* The description's last close: its open file description locks go
 * (sys/sys_lock.c). */
void ofd_locks_release(struct file *f);
/* What /proc shows of processes and the system (proc/proc_info.c): text
 * in Linux's formats; a length, or -ESRCH for no such process.  The
 * links (EXE, CWD) give their target. */
enum { PROC_STAT, PROC_STATUS, PROC_CMDLINE, PROC_MAPS, PROC_EXE, PROC_CWD,
       PROC_MOUNTS,     /* 0 if pid exists; procfs.c writes the text */
       PROC_COMM,       /* the name (prctl PR_SET_NAME), a line */
       PROC_SMAPS_ROLLUP,
       PROC_SMAPS,      /* proc_read_at: too long for one page */
       PROC_PAGEMAP,    /* proc_read_at: 8 bytes per virtual page */
       PROC_NFD,        /* the slots of its fd table (fds are below it) */
       PROC_FD = 16,    /* PROC_FD + n: fd n's link target (-ENOENT: not open) */
       PROC_FDINFO = 16 + 4096 };  /* PROC_FDINFO + n: fd n's fdinfo text */
#define PROC_FD_MAX 4096  /* fds a process may have (proc.h's NOFILE) */
int proc_info(int pid, int what, char *buf, uint32_t n);
/* The files generated as they are read (PROC_SMAPS, PROC_PAGEMAP): n
 * bytes at pos, fewer at the end, or -errno.  The cursor, kept per open
 * file, lets a sequential reader resume after the last whole record it
 * got, as Linux's seq_file does, even if the areas changed meanwhile. */
struct proc_cursor {
	uint64_t pos;                       /* where the next record starts */
	uint32_t next;                      /* ... and the address it is for */
};
int proc_read_at(int pid, int what, struct proc_cursor *c, uint64_t pos, char *buf,
                 uint32_t n);
int proc_self(void);                    /* the caller's pid (tgid) */
#define PROC_PIDS_MAX 4096              /* processes there may be (proc.h's NPROC_MAX) */
int pid_last(void);                     /* the pid given out last (ns_last_pid) */
int pid_set_last(int pid);              /* ... the next one tries pid + 1; 0 or -errno */
/* /proc/<pid>/task/: the ids of pid's threads (the leader first), at most
 * max, or -ESRCH; and one thread's PROC_STAT, PROC_STATUS or PROC_COMM
 * (-ESRCH once tid is no thread of pid). */
int proc_threads(int pid, int *tids, int max);
int proc_thread_info(int pid, int tid, int what, char *buf, uint32_t n);
struct inode *proc_root(void);          /* the caller's chroot, or null */
int proc_meminfo_text(char *buf, uint32_t n);
/* The caller's credentials (proc/cred.c) for the file layer's permission
 * checks: the filesystem ids, membership of a group (the fsgid or a
 * supplementary one), and the capabilities checked (Linux's numbers). */
enum cap {
	CAP_CHOWN = 0, CAP_DAC_OVERRIDE = 1, CAP_DAC_READ_SEARCH = 2, CAP_FOWNER = 3,
	CAP_FSETID = 4, CAP_KILL = 5, CAP_SETGID = 6, CAP_SETUID = 7, CAP_SETPCAP = 8,
	CAP_LINUX_IMMUTABLE = 9, CAP_NET_BIND_SERVICE = 10, CAP_NET_ADMIN = 12,
	CAP_NET_RAW = 13, CAP_IPC_LOCK = 14, CAP_IPC_OWNER = 15,
	CAP_SYS_CHROOT = 18, CAP_SYS_ADMIN = 21, CAP_SYS_NICE = 23,
	CAP_SYS_RESOURCE = 24, CAP_SYS_TIME = 25, CAP_MKNOD = 27, CAP_MAC_OVERRIDE = 32,
	CAP_LAST_CAP = 40,      /* CAP_CHECKPOINT_RESTORE: Linux 5.9's last */
};
int capable(enum cap cap);
uint32_t proc_fsuid(void);
uint32_t proc_ruid(void);
uint32_t proc_fsgid(void);
int proc_in_group(uint32_t gid);
int proc_stat_text(char *buf, uint32_t n);
int proc_uptime_text(char *buf, uint32_t n);
int proc_loadavg_text(char *buf, uint32_t n);
int proc_cpuinfo_text(char *buf, uint32_t n);

/* ---- services of the file layer, used by the process core ---- */
/* Where core dumps go (proc/coredump.c), set through /proc/sys/kernel
 * (procfs_sysctl.c): the file name pattern (%p, %e, %s ...; "core") and
 * whether ".<pid>" is added to a pattern without %p. */
#define CORE_PATTERN_SIZE 128
extern char core_pattern[CORE_PATTERN_SIZE];
extern int core_uses_pid;
/* Signal-driven I/O (fasync.c): O_ASYNC on or off for f, whose SIGIOs
 * name fd; 0 or -ENOMEM.  fasync_scan: readiness may have changed (the
 * poll channel was woken); fasync_refresh: a system call ended. */
int vfs_set_async(struct file *f, int fd, int on);
void fasync_scan(void);
void fasync_refresh(void);
void procfs_pid_add(int pid);           /* a process appears: /proc/<pid>/ */
void procfs_pid_remove(int pid);        /* ... and is gone */
int procfs_dir_pid(struct inode *ip);   /* ip is /proc/<pid>/: pid; -ESRCH once
                                          its process is gone; else 0 */
void procfs_pid_owner(int pid, uint32_t uid, uint32_t gid);   /* its effective ids */

/* ---- inodes ---- */
enum inode_type { I_REG = 1, I_DIR, I_CHR, I_FIFO, I_LNK, I_BLK, I_SOCK };

struct kstat {                          /* what stat64/statx report */
	uint32_t dev, ino, mode, nlink, uid, gid, rdev;   /* devs: major << 8 | minor */
	uint64_t size;
	uint32_t blksize, blocks;
	uint32_t atime, mtime, ctime;       /* seconds since the epoch */
};

struct kstatfs {                        /* what statfs64 reports */
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
	uint32_t namelen, flags;
};

/* ---- open files ---- */
/* Every op is set (kinds without one get a default: -EBADF, -ENOTTY,
 * -ENOTDIR ...), so callers need no null checks. */
struct file_ops {
	int (*read)(struct file *f, char *buf, uint32_t n);        /* bytes or -errno */
	int (*write)(struct file *f, const char *buf, uint32_t n);
	int (*ioctl)(struct file *f, uint32_t cmd, uint32_t arg);  /* arg: user pointer */
	int (*poll)(struct file *f);                               /* POLLIN|POLLOUT|... now */
	int (*getdents64)(struct file *f, char *buf, uint32_t n);  /* directories */
	void (*release)(struct file *f);                           /* last close */
};
/* The poll of files that never block (regular files, /dev/zero ...). */
int file_poll_ready(struct file *f);

struct file {
	const struct file_ops *ops;
	struct inode *inode;                /* null for pipes */
	struct inode *dir;                  /* the directory it was opened in, or
	                                       null (/proc/<pid>/fd's path) */
	void *priv;
	uint32_t flags;                     /* O_* from open (O_ACCMODE, O_APPEND, O_NONBLOCK) */
	uint64_t pos;
	int refs;                           /* dup, fork */
	int owner_type, owner_pid;          /* F_SETOWN(_EX): who gets SIGIO (fasync.c,
	                                       lease.c); F_SETSIG's signal instead */
	int owner_sig;
	int created;                        /* this open made the file (F_CREATED_QUERY) */
};

/* ---- the file layer's interface ---- */
void fs_init(void);                     /* empty root, /dev, /proc */
int initramfs_unpack(const void *cpio, uint32_t len);   /* newc: entries, or -EINVAL */
int initramfs_unpack_freeing(const void *cpio, uint32_t len, void (*consumed)(uint32_t off));
/* Paths are resolved from cwd (an I_DIR inode) unless absolute; modes of
 * new files are already masked with the caller's umask.  vfs_lookup hands
 * out a reference: inode_put it when done. */
int vfs_open(struct inode *cwd, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out);
/* Can a read or write wait for another process (pipes, FIFOs, the tty)?
 * Other files always transfer all they can at once. */
int vfs_may_block(struct file *f);
/* What /proc/<pid>/fd/N links to: the path (" (deleted)" once unlinked),
 * "pipe:[ino]", "socket:[ino]"; the length. */
int vfs_file_path(struct file *f, char *buf, uint32_t n);
struct file *file_get(struct file *f);  /* refs++ */
void file_put(struct file *f);          /* refs--, release at 0 */
int vfs_flock(struct file *f, int op);  /* flock(2): LOCK_SH/EX/UN, LOCK_NB */
/* F_SETLEASE (type F_RDLCK/F_WRLCK/F_UNLCK; fd: si_fd of a break) and
 * F_GETLEASE (lease.c); and the break an open with flags (or truncate:
 * O_WRONLY) makes, waiting for the holders: 0, -EAGAIN, -ERESTARTSYS. */
int vfs_lease(struct file *f, int fd, int cmd, int type);
int vfs_lease_break(struct inode *ip, uint32_t flags);
/* dnotify (dnotify.c): F_NOTIFY of DN_* events on directory f through fd,
 * for the descriptor table `table` (Linux's current->files); 0 for no
 * events takes the watch away.  dnotify_close: a descriptor of f in table
 * was closed, its watch goes.  vfs_notify_io: a read (DN_ACCESS) or write
 * (DN_MODIFY) moved data through f. */
int vfs_dnotify(struct file *f, int fd, uint32_t arg, const void *table);
void dnotify_close(struct file *f, const void *table);
void dnotify_io(struct file *f, uint32_t event);
extern int dnotify_watches;             /* watches set: none, nothing to tell */
/* Inline: every read and write asks, and almost never is anyone watching. */
static inline void vfs_notify_io(struct file *f, uint32_t event)
{
	if (dnotify_watches && f->inode)
		dnotify_io(f, event);
}
int vfs_lookup(struct inode *cwd, const char *path, int follow, struct inode **out);
int vfs_stat(struct inode *ip, struct kstat *st);
int vfs_fstat(struct file *f, struct kstat *st);
int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode);
int vfs_rmdir(struct inode *cwd, const char *path);
int vfs_unlink(struct inode *cwd, const char *path);
int vfs_rename(struct inode *cwd, const char *from, const char *to);
/* renameat/linkat: each path from its own directory */
int vfs_renameat(struct inode *fromdir, const char *from, struct inode *todir,
		 const char *to);
int vfs_linkat(struct inode *olddir, const char *old, struct inode *newdir,
	       const char *path, int follow);
/* AF_UNIX names (net/unix_addr.c): a socket node created at path, bound to
 * sock and referenced for it in *out (EEXIST if the name exists); the
 * socket bound at a name (NULL: none); the bound socket closes. */
int vfs_mksock(struct inode *cwd, const char *path, uint32_t mode, void *sock,
	       struct inode **out);
int vfs_sock_at(struct inode *cwd, const char *path, void **sock);
void vfs_sock_unbind(struct inode *ip);
int sock_stat(struct file *f, struct kstat *st);  /* net/socket.c: fstat of a socket */
int vfs_symlink(struct inode *cwd, const char *target, const char *path);
int vfs_readlink(struct inode *cwd, const char *path, char *buf, uint32_t n);
int vfs_truncate(struct inode *ip, uint64_t len);
int vfs_chmod(struct inode *ip, uint32_t mode);
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid);  /* -1: keep */
#define VFS_UTIME_NOW  0xFFFFFFFFu       /* utimensat's UTIME_NOW */
#define VFS_UTIME_OMIT 0xFFFFFFFEu       /* and UTIME_OMIT */
int vfs_utimes(struct inode *ip, uint32_t atime, uint32_t mtime);
int vfs_link(struct inode *cwd, const char *old, const char *path, int follow);
/* S_IFREG, S_IFCHR (dev: major << 8 | minor) or S_IFIFO in mode */
int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode, uint32_t dev);
/* The absolute path of a directory into buf; length with the NUL. */
int vfs_getcwd(struct inode *dir, char *buf, uint32_t n);
int vfs_access(struct inode *cwd, const char *path, uint32_t mode);
/* May the caller (its filesystem ids and capabilities) read, write or
 * execute (search) ip?  0 or -EACCES (fs_perm.c). */
enum { MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4 };     /* as access(2)'s X_OK ... */
int inode_permission(const struct inode *ip, int mask);
int64_t vfs_lseek(struct file *f, int64_t off, int whence);
int vfs_read_at(struct inode *ip, uint64_t off, void *buf, uint32_t n); /* exec, mmap */
/* Shared mappings of a RAM-filesystem file map the file's own pages, so
 * every process and read/write see one copy: does ip keep such pages, and
 * the frame holding byte off (a reference taken; a hole gets its page),
 * VMI_INVALID_PFN past the end or without memory. */
int vfs_maps_pages(struct inode *ip);
/* fallocate(2) on a regular file, the checks of the call already made:
 * reserve pages (growing the file unless FALLOC_FL_KEEP_SIZE) or punch a
 * hole (FALLOC_FL_PUNCH_HOLE). */
#define FALLOC_FL_KEEP_SIZE  0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
int vfs_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len);
uint32_t vfs_map_page(struct inode *ip, uint64_t off);
/* A shared mapping's page back into a regular file, never past its end. */
int vfs_write_at(struct inode *ip, uint64_t off, const void *buf, uint32_t n);
int vfs_is_dir(struct inode *ip);
int vfs_is_reg(struct inode *ip);
uint64_t vfs_size(struct inode *ip);    /* bytes (a mapping's SIGBUS line) */
int vfs_is_fifo(struct inode *ip);
/* Extended attributes (xattr.c): name is a kernel string of at most
 * XATTR_NAME_MAX bytes, values and lists are in user memory.  Each returns
 * Linux's result: 0 or a size, or -errno. */
#define XATTR_NAME_MAX 255
int vfs_setxattr(struct inode *ip, const char *name, uint32_t uvalue, uint32_t size, int flags);
int vfs_getxattr(struct inode *ip, const char *name, uint32_t uvalue, uint32_t size);
int vfs_listxattr(struct inode *ip, uint32_t ulist, uint32_t size);
int vfs_removexattr(struct inode *ip, const char *name);
void inode_get(struct inode *ip);       /* cwd references */
void inode_put(struct inode *ip);
int pipe_create(struct file **rd, struct file **wr);
/* F_GETPIPE_SZ (set 0) and F_SETPIPE_SZ: the capacity, or -errno (EBADF:
 * not a pipe). */
int pipe_size(struct file *f, int set, uint32_t arg);
/* A pipe or FIFO with data waiting: a read goes on past a page for it,
 * as Linux's pipe_read takes all it may at once. */
int pipe_has_data(struct file *f);
int pipe_set_packet(struct file *wr);   /* pipe2(O_DIRECT): 0 or -ENOMEM */

/* ---- disks and mounts (mount.c) ---- */
/* Disks offered by the VMI block group become /dev/vda, /dev/vdb ...; the
 * first is mounted at /mnt when it holds ext2 (fs_automount, at boot). */
void fs_automount(void);
/* mount(2): fstype "ext2" (source a block device node) or "tmpfs" (opts:
 * mode=, uid=, gid=, size=); flags MS_RDONLY, MS_REMOUNT. */
int vfs_mount(struct inode *cwd, const char *source, const char *target,
	      const char *fstype, uint32_t flags, const char *opts);
int vfs_umount(struct inode *cwd, const char *target, uint32_t flags);
/* 1 if ip is not on a disk or NULL (the caller reports its RAM numbers;
 * st->flags is set: ST_RDONLY for a read-only tmpfs), else 0 with *st
 * filled. */
int vfs_statfs(struct inode *ip, struct kstatfs *st);
int vfs_sync(void);                     /* every mounted disk */
int vfs_fsync(struct file *f);          /* the disk f is on; 0 for others */
void vfs_shutdown(void);                /* power-off: sync, mark clean */
struct file *console_file(void);        /* /dev/console, shared: file_get it per fd */
/* The console event handler feeds input here: line discipline, echo, ^C. */
void tty_input(const char *buf, uint32_t n);

#endif /* GUEST_VFS_H */
