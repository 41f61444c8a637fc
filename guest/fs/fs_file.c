/*
 * fs_file.c - open files: vfs_open (with Linux's order of checks for
 * O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW and trailing slashes), the
 * reference counts of struct file, lseek, fstat, and the file operations
 * of regular files and directories.  Device, pipe and /proc files get
 * their operations from dev.c, pipe.c and procfs.c, block devices from
 * mount.c.  Everything that may reach a disk holds fs_lock; opening a
 * FIFO, which waits for the other end, does not.
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

/* Flags that only act during open; F_GETFL does not report them. */
#define OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)
/* Inside vfs_open only: this open made the file (F_CREATED_QUERY).  A bit
 * no O_* flag of Linux i386 uses. */
#define O_CREATED       0x80000000u

/* ---- defaults for what a kind of file cannot do ---- */
/* As Linux's vfs_read/vfs_write: a file not opened for it is EBADF first. */
int file_no_read(struct file *f, char *buf, uint32_t n)
{
	(void)buf, (void)n;
	return (f->flags & O_ACCMODE) == O_WRONLY ? -EBADF : -EINVAL;
}

int file_no_write(struct file *f, const char *buf, uint32_t n)
{
	(void)buf, (void)n;
	return (f->flags & O_ACCMODE) == O_RDONLY ? -EBADF : -EINVAL;
}

int file_no_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	(void)f, (void)cmd, (void)arg;
	return -ENOTTY;
}

int file_no_getdents(struct file *f, char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -ENOTDIR;
}

int file_poll_ready(struct file *f)
{
	(void)f;
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

void file_no_release(struct file *f)
{
	(void)f;
}

/* ---- regular files ---- */
static int reg_read(struct file *f, char *buf, uint32_t n)
{
	int r;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	fs_lock();
	r = data_read(f->inode, f->pos, buf, n);
	if (r > 0)
		f->pos += (uint32_t)r;
	inode_touch(f->inode, T_ATIME);
	fs_unlock();
	return r;
}

static int reg_write(struct file *f, const char *buf, uint32_t n)
{
	int r;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (n == 0)
		return 0;
	fs_lock();
	if (f->flags & O_APPEND)
		f->pos = f->inode->size;
	r = data_write(f->inode, f->pos, buf, n);
	if (r > 0) {
		f->pos += (uint32_t)r;
		inode_touch(f->inode, T_MTIME | T_CTIME);
	}
	fs_unlock();
	return r;
}

/* FIONREAD works on regular files too: the bytes left to read. */
static int reg_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	int32_t left;

	if (cmd != FIONREAD)
		return -ENOTTY;
	left = f->pos < f->inode->size ? (int32_t)(f->inode->size - f->pos) : 0;
	return copy_to_user((void *)arg, &left, sizeof(left)) ? -EFAULT : 0;
}

static const struct file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
	.ioctl = reg_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

/* ---- directories ---- */
static int dir_read(struct file *f, char *buf, uint32_t n)
{
	(void)buf, (void)n;
	return (f->flags & O_ACCMODE) == O_WRONLY ? -EBADF : -EISDIR;
}

static int dir_getdents(struct file *f, char *buf, uint32_t n)
{
	int r;

	fs_lock();
	r = dir_getdents64(f, buf, n);
	if (f->inode->parent)               /* Linux: unless it was removed */
		dnotify_inode(f->inode, DN_ACCESS);
	fs_unlock();
	return r;
}

/* O_PATH: a descriptor that names a file and does nothing with it.  The
 * system-call layer never reaches these (fd_get refuses such an fd:
 * EBADF); they are here so that no op is missing. */
static const struct file_ops path_ops = {
	.read = file_no_read,
	.write = file_no_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

static const struct file_ops dir_ops = {
	.read = dir_read,
	.write = file_no_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = dir_getdents,
	.release = file_no_release,
};

/* ---- struct file ---- */
static void open_count(struct inode *ip, uint32_t flags, int delta)
{
	if ((flags & O_ACCMODE) == O_RDONLY)
		ip->readers += delta;
	else
		ip->writers += delta;
}

struct file *file_alloc(const struct file_ops *ops, struct inode *ip, uint32_t flags)
{
	struct file *f = kmalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->inode = ip;
	f->flags = flags & ~(uint32_t)OPEN_ONLY_FLAGS;
	f->refs = 1;
	f->dir = NULL;
	f->owner_type = f->owner_pid = f->owner_sig = 0;
	if (ip)
		inode_get(ip);
	if (ip && ip->type == I_REG && !(flags & O_PATH))
		open_count(ip, flags, 1);
	return f;
}

struct file *file_get(struct file *f)
{
	f->refs++;
	return f;
}

void file_put(struct file *f)
{
	if (f->refs <= 0)
		panic("fs: file put without a reference");
	if (--f->refs > 0)
		return;
	flock_release(f);
	lease_release(f);
	fasync_forget(f);
	dnotify_release(f);
	if (f->inode)
		ofd_locks_release(f);
	if (f->inode && f->inode->type == I_REG && !(f->flags & O_PATH))
		open_count(f->inode, f->flags, -1);
	f->ops->release(f);
	if (f->inode)
		inode_put(f->inode);
	if (f->dir)
		inode_put(f->dir);
	kfree(f);
}

/* Make the file of an inode vfs_open has settled on. */
static int open_inode(struct inode *ip, uint32_t flags, struct file **out)
{
	struct file *f;
	int err = ip->type == I_REG && !ip->gen ? vfs_lease_break(ip, flags) : 0;

	if (err)
		return err;
	f = file_alloc(&reg_ops, ip, flags);
	if (!f)
		return -ENOMEM;
	if (ip->type == I_DIR)
		f->ops = &dir_ops;
	else if (ip->type == I_CHR)
		err = dev_open(ip, f);
	else if (ip->type == I_BLK)
		err = blkdev_open(ip, f);
	else if (ip->type == I_FIFO)
		err = fifo_open(ip, f);
	else if (ip->type == I_SOCK)
		err = -ENXIO;                   /* sockets are reached by connect */
	else if (ip->gen)
		err = procfs_open(ip, f);
	else if (flags & O_TRUNC)           /* even O_RDONLY, as Linux does */
		err = vfs_truncate(ip, 0);
	if (err) {
		f->ops = &reg_ops;              /* nothing to release yet */
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

/* Create the regular file the walk ended at (it does not exist). */
static int create_file(struct walk *w, uint32_t mode, struct inode **out)
{
	struct inode *ip;
	int err;

	if (!w->dir->parent)
		return -ENOENT;
	if (inode_rofs(w->dir))
		return -EROFS;
	if ((err = may_create(w->dir)))
		return err;
	if ((err = inode_create(w->dir, I_REG, S_IFREG | (mode & S_IALLUGO), &ip)))
		return err;
	if ((err = dir_add(w->dir, w->name, w->len, ip))) {
		inode_maybe_free(ip);
		return err;
	}
	dnotify_entry(w->dir, DN_CREATE);
	*out = ip;
	return 0;
}

/* The permission an open asks for: O_ACCMODE's 3 is read and write too. */
static int open_mask(uint32_t flags)
{
	uint32_t acc = flags & O_ACCMODE;

	return (acc != O_WRONLY ? MAY_READ : 0) |
	       (acc != O_RDONLY || (flags & O_TRUNC) ? MAY_WRITE : 0);
}

/* What may open an existing inode, in Linux's order (do_open, may_open). */
static int open_check(struct walk *w, uint32_t flags)
{
	struct inode *ip = w->ip;

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (ip->type == I_LNK)              /* only left unfollowed by O_NOFOLLOW */
		return -ELOOP;
	if ((flags & O_CREAT) && ip->type == I_DIR)
		return -EISDIR;
	if (((flags & O_DIRECTORY) || w->slash) && ip->type != I_DIR)
		return -ENOTDIR;
	if (ip->type == I_DIR && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (inode_rofs(ip) && (ip->type == I_REG || ip->type == I_LNK) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EROFS;
	return inode_permission(ip, open_mask(flags));
}

/* The walk of open, and the creation: the inode to open, referenced,
 * and the directory it is in (*dirp, referenced; null for a directory).
 * O_TRUNC leaves *flagsp when the file was made by this open. */
static int open_walk(struct inode *cwd, const char *path, uint32_t *flagsp, uint32_t mode,
		     struct inode **out, struct inode **dirp)
{
	uint32_t flags = *flagsp;
	int excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	int follow = (flags & O_NOFOLLOW) || excl ? 0 : WALK_FOLLOW;
	struct inode *ip;
	struct walk w;
	int err;

	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (flags & O_CREAT)
		follow |= WALK_CREATE;
	if ((err = fs_walk(cwd, path, follow | WALK_SLASH, &w)))
		return err;
	if ((flags & O_CREAT) && w.slash && !w.dots)
		return -EISDIR;
	if (!w.ip) {
		if (!(flags & O_CREAT))
			return -ENOENT;
		if ((err = create_file(&w, mode, &ip)))
			return err;
		*flagsp &= ~(uint32_t)O_TRUNC;  /* nothing to truncate */
		*flagsp |= O_CREATED;
	} else {
		if ((err = open_check(&w, flags)))
			return err;
		ip = w.ip;
	}
	inode_get(ip);
	*out = ip;
	*dirp = ip->type != I_DIR && w.dir ? w.dir : NULL;
	if (*dirp)
		inode_get(*dirp);
	return 0;
}

/* O_PATH: the walk alone (search permission on the way, none on the file
 * itself), any kind of file, a symlink itself with O_NOFOLLOW; nothing is
 * opened (no device, no FIFO wait, no lease break) or created. */
static int open_path(struct inode *cwd, const char *path, uint32_t flags, struct file **out)
{
	int follow = (flags & O_NOFOLLOW) ? 0 : WALK_FOLLOW;
	struct walk w;
	int err;

	flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	fs_lock();
	err = fs_walk(cwd, path, follow | WALK_SLASH, &w);
	if (!err && !w.ip)
		err = -ENOENT;
	if (!err && ((flags & O_DIRECTORY) || w.slash) && w.ip->type != I_DIR)
		err = -ENOTDIR;
	if (!err && !(*out = file_alloc(&path_ops, w.ip, flags)))
		err = -ENOMEM;
	if (!err && w.ip->type != I_DIR && w.dir) {
		(*out)->dir = w.dir;            /* for /proc/<pid>/fd's path */
		inode_get(w.dir);
	}
	fs_unlock();
	return err;
}

int vfs_open(struct inode *cwd, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out)
{
	struct inode *ip, *dir;
	int err;

	if (flags & O_PATH)
		return open_path(cwd, path, flags, out);

	fs_lock();
	err = open_walk(cwd, path, &flags, mode, &ip, &dir);
	fs_unlock();
	if (err)
		return err;
	err = open_inode(ip, flags & ~O_CREATED, out);   /* a FIFO may wait here */
	inode_put(ip);
	if (err == 0)
		(*out)->created = (flags & O_CREATED) != 0;
	if (err == 0 && !(*out)->dir)
		(*out)->dir = dir;
	else if (dir)
		inode_put(dir);
	return err;
}

int64_t vfs_lseek(struct file *f, int64_t off, int whence)
{
	struct inode *ip = f->inode;
	int64_t base;

	if (!ip || ip->type == I_FIFO || tty_file(f))
		return -ESPIPE;
	if (ip->type == I_CHR) {            /* /dev/null and /dev/zero: always 0 */
		f->pos = 0;
		return 0;
	}
	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		if (ip->type != I_REG)
			return -EINVAL;
		base = data_seek(ip, off, whence == SEEK_HOLE);
		if (base >= 0)
			f->pos = (uint64_t)base;
		return base;
	}
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END:
		if (ip->type == I_DIR)
			return -EINVAL;
		base = (int64_t)ip->size;
		break;
	default: return -EINVAL;
	}
	if ((off < 0 && base + off < 0) || (off > 0 && off > INT64_MAX - base))
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return base + off;
}

int vfs_may_block(struct file *f)
{
	return tty_file(f) || !f->inode || f->inode->type == I_FIFO;
}

int vfs_fstat(struct file *f, struct kstat *st)
{
	if (f->inode)
		return vfs_stat(f->inode, st);
	return pipe_stat(f, st) == 0 ? 0 : sock_stat(f, st);
}
