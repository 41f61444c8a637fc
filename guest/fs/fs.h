/*
 * fs.h - the file layer's private structures: the RAM filesystem's inodes
 * and directory entries, path walks, and the helpers the fs*.c, dev.c,
 * pipe.c, tty.c, procfs.c and initramfs.c files share.  The process core
 * sees none of this; it uses vfs.h.
 *
 * Lifetime: an inode lives while it has a name (nlink > 0) or a reference
 * (refs > 0: open files, working directories and mappings of the process
 * core, which gets them from vfs_lookup).  The file layer's own walks take
 * none: the kernel is not preemptible and nothing in a walk sleeps, so what
 * a walk found stays valid until the caller sleeps or removes names.
 */
#ifndef GUEST_FS_H
#define GUEST_FS_H

#include <stdint.h>
#include "fs/vfs.h"
#include "fs/vfs_abi.h"

#define NDIRECT       16            /* data pages named in the inode */
#define PTRS_PER_PAGE 1024          /* page numbers in a table page */
#define MAX_FILE_PAGES (NDIRECT + PTRS_PER_PAGE + PTRS_PER_PAGE * PTRS_PER_PAGE)
#define MAX_SYMLINKS  40            /* Linux's MAXSYMLINKS: then ELOOP */
#define BOGO_DIRENT   20            /* tmpfs's directory size per entry */

/* Device numbers in Linux's new_encode_dev form: major << 8 | minor for
 * minors below 256, the rest of the minor above the major. */
#define MKDEV(major, minor) \
	(((minor) & 0xffu) | ((major) << 8) | (((minor) & ~0xffu) << 12))
#define RAMFS_DEV   MKDEV(0, 1)
#define PIPEFS_DEV  MKDEV(0, 12)
#define SOCKFS_DEV  MKDEV(0, 8)

struct ext2_sb;

/* A tmpfs instance (tmpfs.c): a RAM-filesystem tree mounted somewhere. */
struct tmpfs {
	struct inode *root;
	struct inode *inodes;       /* all of its inodes, by tnext */
	uint32_t devno;             /* st_dev of its files */
	int ro;                     /* mounted read-only */
};

struct dirent {
	struct dirent *next;
	struct inode *ip;
	uint32_t cookie;            /* getdents64 position: rises along the list */
	uint32_t len;
	char name[];                /* len bytes, then a NUL */
};

struct xattr;
struct inode {
	uint32_t ino, mode, nlink, uid, gid, rdev;   /* mode includes S_IFMT */
	uint64_t size;
	uint32_t atime, mtime, ctime;
	int refs;
	enum inode_type type;
	/* I_REG: data pages by page index; 0 is a hole (reads as zeros) */
	uint32_t direct[NDIRECT];
	uint32_t ind, dind;         /* single and double indirect table pages */
	uint32_t nr_pages;          /* data and table pages, for st_blocks */
	/* I_DIR: entries in creation order; ".." is parent */
	struct dirent *first, *last;
	struct inode *parent;       /* NULL once the directory is removed */
	uint32_t next_cookie;
	/* I_LNK */
	char *target;
	/* I_FIFO: the pipe of the readers and writers that have it open */
	struct pipe *pipe;
	/* I_SOCK: the AF_UNIX socket bound to this name (net/unix.c), or NULL */
	void *sock;
	/* generated (procfs) files: content made at each open */
	int (*gen)(char *buf, uint32_t n);
	/* generated (procfs) directories: entries brought up to date before
	 * each lookup in it and each listing of it */
	void (*refresh)(struct inode *dir);
	/* a file of a mounted disk (ext2/ext2.h): its filesystem and the
	 * filesystem's part of the inode; NULL for the RAM filesystem */
	struct ext2_sb *sb;
	void *fsi;
	int loaded;                 /* disk directory: entries read into the list */
	/* mount points: the root mounted on this directory, and the
	 * directory a mounted root covers (walks cross from one to the other) */
	struct inode *mounted, *covered;
	/* I_REG: open descriptions by mode, as Linux's i_readcount (read-only
	 * ones) and i_writecount (ones that may write): leases look at them */
	int readers, writers;
	/* extended attributes (xattr.c), sorted by name */
	struct xattr *xattrs;
	/* a RAM inode of a mounted tmpfs (tmpfs.c): its instance and its place
	 * on the instance's list; NULL for the boot filesystem's */
	struct tmpfs *tmpfs;
	struct inode *tnext, *tprev;
};

/* ---- tmpfs.c ---- */
int tmpfs_new(const char *opts, int ro, struct tmpfs **out);  /* 0, -EINVAL, -ENOMEM */
void tmpfs_adopt(struct tmpfs *t, struct inode *ip);   /* a new inode of t */
void tmpfs_forget(struct inode *ip);                   /* it is freed */
int tmpfs_remount(struct tmpfs *t, int ro);            /* 0 or -EBUSY */
int tmpfs_unmount(struct tmpfs *t);                    /* frees t; or -EBUSY */
/* Both on one filesystem (link and rename do not cross: EXDEV). */
int same_fs(const struct inode *a, const struct inode *b);

/* ---- fasync.c ---- */
void fasync_forget(struct file *f);     /* the description's last close */

/* ---- lease.c ---- */
void lease_release(struct file *f);     /* the description's last close */
extern int lease_break_time;            /* seconds: /proc/sys/fs/lease-break-time */
extern int pipe_max_size;               /* bytes: /proc/sys/fs/pipe-max-size (pipe.c) */

/* ---- pipe_user.c: pipe pages held per user, and their limits ---- */
extern int pipe_user_pages_soft, pipe_user_pages_hard;   /* /proc/sys/fs/ */
uint32_t pipe_user_charge(uint32_t uid, uint32_t old_pages, uint32_t new_pages);
int pipe_user_over_soft(uint32_t total);   /* and the caller is bound by it */
int pipe_user_over_hard(uint32_t total);

/* ---- dnotify.c: the events of watched directories (vfs.h has F_NOTIFY) ---- */
void dnotify_release(struct file *f);   /* the description's last close */
void dnotify_entry(struct inode *dir, uint32_t event);   /* DN_CREATE, DN_DELETE */
void dnotify_rename(struct inode *from, struct inode *to);
/* ip was read (DN_ACCESS), changed (DN_MODIFY) or its attributes were
 * (DN_ATTRIB): the directories naming it and, for a directory, itself. */
void dnotify_inode(struct inode *ip, uint32_t event);

/* ---- flock.c ---- */
void flock_release(struct file *f);     /* the description's last close */

/* ---- fs.c ---- */
extern struct inode *fs_root;
uint32_t fs_now(void);              /* wall-clock seconds */

/* ---- fs_lock.c ---- */
/* One process at a time in the file layer's walks and changes: disk I/O
 * sleeps, and what a walk found must stay valid across it.  Recursive;
 * never held while sleeping for anything but the disk (tty, pipe, FIFO). */
void fs_lock(void);
void fs_unlock(void);

/* ---- fs_inode.c ---- */
/* A new inode with no name and no reference (link it, or free it with
 * inode_maybe_free); NULL without memory. */
struct inode *inode_alloc(enum inode_type type, uint32_t mode);
void inode_maybe_free(struct inode *ip);     /* when unnamed and unused */
/* A new inode for directory dir (on dir's filesystem), unnamed; 0 or
 * -ENOSPC, -EIO ... */
int inode_create(struct inode *dir, enum inode_type type, uint32_t mode,
		 struct inode **out);
enum { T_ATIME = 1, T_MTIME = 2, T_CTIME = 4 };
void inode_touch(struct inode *ip, int which);  /* and inode_dirty */
void inode_dirty(struct inode *ip);             /* attributes changed: to the disk */
void xattr_drop_all(struct inode *ip);          /* xattr.c: the inode goes */
/* SEEK_DATA (hole 0) / SEEK_HOLE from off in a regular file (fs_data.c) */
int64_t data_seek(struct inode *ip, int64_t off, int hole);
int inode_rofs(const struct inode *ip);         /* on a read-only mount */

/* ---- fs_perm.c: permission checks (0 or -EACCES / -EPERM; vfs.h has
 * inode_permission) ---- */
int may_create(const struct inode *dir);
int may_delete(const struct inode *dir, const struct inode *ip);
int inode_owner_or_capable(const struct inode *ip);
void inode_init_owner(const struct inode *dir, struct inode *ip);

/* ---- fs_data.c: the page list of regular files ---- */
void data_init(void);               /* the size limit: 3/4 of free memory */
int data_read(struct inode *ip, uint64_t off, void *buf, uint32_t n);
int data_write(struct inode *ip, uint64_t off, const void *buf, uint32_t n);
int data_truncate(struct inode *ip, uint64_t len);

/* ---- fs_dir.c ---- */
/* A disk directory's entries are read into its list on first use: call
 * dir_ready before dir_find or walking the list (0 or -EIO). */
int dir_ready(struct inode *dir);
struct dirent *dir_find(struct inode *dir, const char *name, uint32_t len);
/* The in-memory list alone (what a disk directory's reading builds) ... */
struct dirent *dir_list_append(struct inode *dir, const char *name, uint32_t len,
			       struct inode *ip);
void dir_list_remove(struct inode *dir, struct dirent *de);
/* ... entries on the list and the disk (rename moves names without
 * touching link counts) ... */
int dir_insert(struct inode *dir, const char *name, uint32_t len, struct inode *ip);
void dir_delete(struct inode *dir, struct dirent *de);
/* ... and with the link counting of creating and removing a name. */
int dir_add(struct inode *dir, const char *name, uint32_t len, struct inode *ip);
void dir_unlinked(struct inode *dir, struct inode *ip);
void dir_remove(struct inode *dir, struct dirent *de);
int dir_check_empty(struct inode *dir);        /* 0, -ENOTEMPTY or -EIO */
int dir_getdents64(struct file *f, char *buf, uint32_t n);
uint8_t dir_type_of(const struct inode *ip);

/* ---- fs_path.c ---- */
enum {
	WALK_FOLLOW = 1,    /* follow a symlink in the last component */
	WALK_SLASH = 2,     /* a trailing slash follows it too (lookups, open) */
	WALK_CREATE = 4,    /* ... except for O_CREAT, which stops there (EISDIR) */
};
struct walk {
	struct inode *dir;  /* directory holding the last component */
	struct inode *ip;   /* what it names, or NULL if nothing */
	const char *name;   /* the last component (not NUL-terminated) */
	uint32_t len;
	int slash;          /* the path ended in '/' */
	int dots;           /* the last component is ".", ".." or the root */
};
/* Walk to the last component.  0 with w->ip NULL: the parent exists but
 * the name does not; errors are those of the walk itself. */
int fs_walk(struct inode *cwd, const char *path, int flags, struct walk *w);
/* vfs_lookup without the reference, for the file layer's own use. */
int fs_lookup(struct inode *cwd, const char *path, int follow, struct inode **out);
/* Where absolute paths start for the caller: its chroot, or fs_root. */
struct inode *fs_walk_root(void);

/* ---- fs_file.c ---- */
struct file *file_alloc(const struct file_ops *ops, struct inode *ip, uint32_t flags);
/* Defaults for ops a file kind does not have. */
int file_no_read(struct file *f, char *buf, uint32_t n);
int file_no_write(struct file *f, const char *buf, uint32_t n);
int file_no_ioctl(struct file *f, uint32_t cmd, uint32_t arg);
int file_no_getdents(struct file *f, char *buf, uint32_t n);
int file_poll_ready(struct file *f);
void file_no_release(struct file *f);

/* ---- dev.c ---- */
int dev_open(struct inode *ip, struct file *f);     /* sets f->ops */
void dev_init(void);                                /* /dev and its nodes */

/* ---- tty.c, pty.c ---- */
extern const struct file_ops tty_ops;
/* 0 or an error if ip is /dev/ptmx, /dev/pts/N or /dev/tty naming the
 * caller's pty; 1 if not (other devices, the console's /dev/tty). */
int pty_open(struct inode *ip, struct file *f);
int tty_file(const struct file *f);         /* a terminal, either side */

/* ---- pipe.c ---- */
int fifo_open(struct inode *ip, struct file *f);
int pipe_stat(struct file *f, struct kstat *st);

/* ---- mount.c ---- */
void disk_init(void);                           /* the disks and their /dev nodes */
int mounts_text(char *buf, uint32_t n);         /* /proc/mounts */
int filesystems_text(char *buf, uint32_t n);    /* /proc/filesystems */
int blkdev_open(struct inode *ip, struct file *f);

/* ---- procfs.c ---- */
void procfs_init(struct inode *proc);
int procfs_open(struct inode *ip, struct file *f);
/* A symlink's target: the stored one, or generated (/proc/self and the
 * per-process links; valid until a few more are made). */
const char *link_target(const struct inode *ip);
/* A new inode named name in dir (null without memory). */
struct inode *procfs_add_node(struct inode *dir, const char *name, enum inode_type type,
                              uint32_t mode);
/* The directory of a path below /proc ("sys/fs/x": /proc/sys/fs, made as
 * needed) and, in *name, the last component. */
struct inode *procfs_parent_dir(struct inode *proc, const char *path, const char **name);

/* ---- procfs_sysctl.c: writable /proc/sys settings ---- */
void procfs_sysctl_init(struct inode *proc);
/* A setting's text, or its new value written: -ENOENT if ip is none. */
int procfs_sysctl_text(const struct inode *ip, char *buf, uint32_t n);
int procfs_sysctl_write(const struct inode *ip, const char *buf, uint32_t n);
int procfs_sysctl_is(const struct inode *ip);   /* a read past 0 is EOF, as Linux's */

/* ---- procfs_task.c: /proc/<pid>/task/ ---- */
void procfs_task_add(struct inode *pid_dir, int pid);
void procfs_task_remove(struct inode *pid_dir);
/* The text of a task/<tid>/ file into buf: its length, -ESRCH once the
 * thread is gone, or -ENOENT if ip is no such file. */
int procfs_task_text(const struct inode *ip, char *buf, uint32_t n);

#endif /* GUEST_FS_H */
