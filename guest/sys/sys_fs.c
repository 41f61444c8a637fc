/*
 * sys_fs.c - system calls on paths: the stat family glibc 2.36 uses on
 * i386 (statx, fstatat64, stat64, lstat64, fstat64), access, mkdir, rmdir,
 * unlink, rename, symlink, readlink, truncate, fallocate, chdir, fchdir and getcwd,
 * each with its *at variant.  Paths are resolved by the file layer from
 * the working directory or a directory descriptor.
 *
 * Also chmod, chown, utimes, link and mknod (with their *at variants):
 * attributes and names are kept by the file layer; and statfs, which
 * describes a disk by its own counts and the RAM filesystem by the memory
 * left.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

/* An inode for (dirfd, upath), referenced; null with *err set. */
struct inode *at_inode(int dirfd, uint32_t upath, int follow, int *err)
{
	struct inode *base, *ip = 0;
	char *path = at_path(dirfd, upath, &base, err);

	if (!path)
		return 0;
	*err = vfs_lookup(base, path, follow, &ip);
	path_put(path);
	return *err < 0 ? 0 : ip;
}

/* An empty path with AT_EMPTY_PATH means the descriptor itself. */
static int empty_path(uint32_t upath)
{
	char c;

	return copy_from_user(&c, (void *)upath, 1) == 0 && c == 0;
}

static void to_stat64(const struct kstat *k, struct linux_stat64 *s)
{
	memset(s, 0, sizeof(*s));
	s->st_dev = k->dev;
	s->st_ino_low = k->ino;
	s->st_ino = k->ino;
	s->st_mode = k->mode;
	s->st_nlink = k->nlink;
	s->st_uid = k->uid;
	s->st_gid = k->gid;
	s->st_rdev = k->rdev;
	s->st_size = k->size;
	s->st_blksize = k->blksize;
	s->st_blocks = k->blocks;
	s->st_atime = k->atime;
	s->st_mtime = k->mtime;
	s->st_ctime = k->ctime;
}

/* Linux's dev_t encoding: major in bits 8-19, minor in 0-7 and 20-31. */
static void to_statx(const struct kstat *k, struct linux_statx *s)
{
	memset(s, 0, sizeof(*s));
	s->stx_mask = STATX_BASIC_STATS;
	s->stx_blksize = k->blksize;
	s->stx_nlink = k->nlink;
	s->stx_uid = k->uid;
	s->stx_gid = k->gid;
	s->stx_mode = k->mode;
	s->stx_ino = k->ino;
	s->stx_size = k->size;
	s->stx_blocks = k->blocks;
	s->stx_atime.tv_sec = k->atime;
	s->stx_mtime.tv_sec = k->mtime;
	s->stx_ctime.tv_sec = k->ctime;
	s->stx_btime.tv_sec = k->ctime;
	s->stx_rdev_major = (k->rdev >> 8) & 0xFFF;
	s->stx_rdev_minor = (k->rdev & 0xFF) | ((k->rdev >> 12) & 0xFFF00);
	s->stx_dev_major = (k->dev >> 8) & 0xFFF;
	s->stx_dev_minor = (k->dev & 0xFF) | ((k->dev >> 12) & 0xFFF00);
}

/* kstat of (dirfd, path) or of the descriptor itself. */
static int stat_at(int dirfd, uint32_t upath, uint32_t flags, struct kstat *k)
{
	struct inode *ip;
	int err;

	if ((flags & AT_EMPTY_PATH) && empty_path(upath)) {
		struct file *f = dirfd == AT_FDCWD ? 0 : fd_get_raw(dirfd);

		if (dirfd == AT_FDCWD)
			return vfs_stat(curproc->fs->cwd, k);
		return f ? vfs_fstat(f, k) : -EBADF;
	}
	ip = at_inode(dirfd, upath, !(flags & AT_SYMLINK_NOFOLLOW), &err);
	if (!ip)
		return err;
	err = vfs_stat(ip, k);
	inode_put(ip);
	return err;
}

static long put_stat64(const struct kstat *k, uint32_t ubuf)
{
	struct linux_stat64 s;

	to_stat64(k, &s);
	return copy_to_user((void *)ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

long sys_fstatat64(int dirfd, uint32_t upath, uint32_t ubuf, uint32_t flags)
{
	struct kstat k;
	int rc = stat_at(dirfd, upath, flags, &k);

	return rc < 0 ? rc : put_stat64(&k, ubuf);
}

long sys_stat64(uint32_t upath, uint32_t ubuf)
{
	return sys_fstatat64(AT_FDCWD, upath, ubuf, 0);
}

long sys_lstat64(uint32_t upath, uint32_t ubuf)
{
	return sys_fstatat64(AT_FDCWD, upath, ubuf, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(int fd, uint32_t ubuf)
{
	struct file *f = fd_get_raw(fd);
	struct kstat k;
	int rc;

	if (!f)
		return -EBADF;
	rc = vfs_fstat(f, &k);
	return rc < 0 ? rc : put_stat64(&k, ubuf);
}

long sys_statx(int dirfd, uint32_t upath, uint32_t flags, uint32_t mask, uint32_t ubuf)
{
	struct linux_statx s;
	struct kstat k;
	int rc = stat_at(dirfd, upath, flags, &k);

	(void)mask;
	if (rc < 0)
		return rc;
	to_statx(&k, &s);
	return copy_to_user((void *)ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

/* Run op(base, path) for one path argument. */
static long path_op(int dirfd, uint32_t upath,
                    int (*op)(struct inode *, const char *, uint32_t), uint32_t arg)
{
	struct inode *base;
	char *path;
	int err;

	path = at_path(dirfd, upath, &base, &err);
	if (!path)
		return err;
	err = op(base, path, arg);
	path_put(path);
	return err;
}

static int do_mkdir(struct inode *b, const char *p, uint32_t mode)
{
	return vfs_mkdir(b, p, mode & ~curproc->fs->umask);
}

static int do_unlink(struct inode *b, const char *p, uint32_t flags)
{
	return flags & AT_REMOVEDIR ? vfs_rmdir(b, p) : vfs_unlink(b, p);
}

static int do_access(struct inode *b, const char *p, uint32_t mode)
{
	return vfs_access(b, p, mode);
}

long sys_mkdirat(int dirfd, uint32_t upath, uint32_t mode)
{
	return path_op(dirfd, upath, do_mkdir, mode);
}

long sys_mkdir(uint32_t upath, uint32_t mode)
{
	return path_op(AT_FDCWD, upath, do_mkdir, mode);
}

long sys_rmdir(uint32_t upath)
{
	return path_op(AT_FDCWD, upath, do_unlink, AT_REMOVEDIR);
}

long sys_unlinkat(int dirfd, uint32_t upath, uint32_t flags)
{
	return path_op(dirfd, upath, do_unlink, flags);
}

long sys_unlink(uint32_t upath)
{
	return path_op(AT_FDCWD, upath, do_unlink, 0);
}

/* access(2) asks with the real ids, faccessat2's AT_EACCESS with the
 * effective ones (the walk too, as Linux's override credentials). */
static long access_at(int dirfd, uint32_t upath, uint32_t mode, uint32_t flags)
{
	struct cred_saved saved;
	long rc;

	if (flags & ~(uint32_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS))
		cred_access_begin(&saved);
	rc = path_op(dirfd, upath, do_access, mode);
	if (!(flags & AT_EACCESS))
		cred_access_end(&saved);
	return rc;
}

long sys_faccessat(int dirfd, uint32_t upath, uint32_t mode)
{
	return access_at(dirfd, upath, mode, 0);
}

long sys_faccessat2(int dirfd, uint32_t upath, uint32_t mode, uint32_t flags)
{
	return access_at(dirfd, upath, mode, flags);
}

long sys_access(uint32_t upath, uint32_t mode)
{
	return access_at(AT_FDCWD, upath, mode, 0);
}

/* Two paths: rename and symlink. */
static long two_paths(int fd1, uint32_t up1, int fd2, uint32_t up2, int symlink)
{
	struct inode *b1, *b2;
	char *p1 = 0, *p2 = 0;
	int err;

	b1 = symlink ? curproc->fs->cwd : at_base(fd1, &err);
	b2 = at_base(fd2, &err);
	if (!b1 || !b2)
		return err;
	p1 = path_get(up1, &err);
	if (p1)
		p2 = path_get(up2, &err);
	if (p2) {
		/* rename works from one base; both bases are the same here
		 * unless a program mixes directory descriptors. */
		err = symlink ? vfs_symlink(b2, p1, p2)
		              : (b1 == b2 ? vfs_rename(b1, p1, p2) : -EXDEV);
	}
	path_put(p1);
	path_put(p2);
	return err;
}

long sys_renameat2(int olddir, uint32_t oldp, int newdir, uint32_t newp, uint32_t flags)
{
	if (flags)
		return -EINVAL;
	return two_paths(olddir, oldp, newdir, newp, 0);
}

long sys_renameat(int olddir, uint32_t oldp, int newdir, uint32_t newp)
{
	return two_paths(olddir, oldp, newdir, newp, 0);
}

long sys_rename(uint32_t oldp, uint32_t newp)
{
	return two_paths(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

long sys_symlinkat(uint32_t target, int dirfd, uint32_t linkp)
{
	return two_paths(AT_FDCWD, target, dirfd, linkp, 1);
}

long sys_symlink(uint32_t target, uint32_t linkp)
{
	return two_paths(AT_FDCWD, target, AT_FDCWD, linkp, 1);
}

long sys_readlinkat(int dirfd, uint32_t upath, uint32_t ubuf, uint32_t n)
{
	struct inode *base;
	char *path, *out = curproc->iobuf;
	int err, len;

	if ((int)n <= 0)
		return -EINVAL;
	path = at_path(dirfd, upath, &base, &err);
	if (!path)
		return err;
	if (n > PAGE_SIZE)
		n = PAGE_SIZE;
	len = vfs_readlink(base, path, out, n);
	path_put(path);
	if (len > 0 && copy_to_user((void *)ubuf, out, len))
		return -EFAULT;
	return len;
}

long sys_readlink(uint32_t upath, uint32_t ubuf, uint32_t n)
{
	return sys_readlinkat(AT_FDCWD, upath, ubuf, n);
}

long sys_truncate64(uint32_t upath, uint32_t lo, uint32_t hi)
{
	struct inode *ip;
	int err;

	ip = at_inode(AT_FDCWD, upath, 1, &err);
	if (!ip)
		return err;
	err = vfs_is_dir(ip) ? -EISDIR : inode_permission(ip, MAY_WRITE);
	if (!err)
		err = vfs_lease_break(ip, O_WRONLY);     /* as Linux: not ftruncate */
	if (!err)
		err = vfs_truncate(ip, ((uint64_t)hi << 32) | lo);
	inode_put(ip);
	return err;
}

long sys_truncate(uint32_t upath, uint32_t len)
{
	return sys_truncate64(upath, len, 0);
}

long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (!f->inode || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return vfs_truncate(f->inode, ((uint64_t)hi << 32) | lo);
}

/* fallocate(fd, mode, offset, len), the 64-bit values in register
 * pairs; Linux's checks in its order (vfs_fallocate).  The RAM filesystem
 * does what tmpfs does: plain and KEEP_SIZE reservations, and punching
 * holes (which must keep the size). */
long sys_fallocate(int fd, int mode, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo,
                   uint32_t len_hi)
{
	int64_t off = (int64_t)(((uint64_t)off_hi << 32) | off_lo);
	int64_t len = (int64_t)(((uint64_t)len_hi << 32) | len_lo);
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) ||
	    ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE)))
		return -EOPNOTSUPP;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->inode || vfs_is_fifo(f->inode))
		return -ESPIPE;
	if (vfs_is_dir(f->inode))
		return -EISDIR;
	if (!vfs_is_reg(f->inode))
		return -ENODEV;
	if (off + len < 0)
		return -EFBIG;
	return vfs_fallocate(f->inode, mode, (uint64_t)off, (uint64_t)len);
}

long sys_ftruncate(int fd, uint32_t len)
{
	return sys_ftruncate64(fd, len, 0);
}

static long set_cwd(struct inode *ip)
{
	int err = vfs_is_dir(ip) ? inode_permission(ip, MAY_EXEC) : -ENOTDIR;

	if (err) {
		inode_put(ip);
		return err;
	}
	inode_put(curproc->fs->cwd);
	curproc->fs->cwd = ip;
	return 0;
}

long sys_chdir(uint32_t upath)
{
	int err;
	struct inode *ip = at_inode(AT_FDCWD, upath, 1, &err);

	return ip ? set_cwd(ip) : err;
}

long sys_fchdir(int fd)
{
	struct file *f = fd_get_raw(fd);

	if (!f)
		return -EBADF;
	if (!f->inode)
		return -ENOTDIR;
	inode_get(f->inode);
	return set_cwd(f->inode);
}

long sys_getcwd(uint32_t ubuf, uint32_t size)
{
	uint32_t pfn = page_alloc();
	char *out;
	int len;

	if (pfn == VMI_INVALID_PFN)
		return -ENOMEM;
	out = pfn_to_va(pfn);
	len = vfs_getcwd(curproc->fs->cwd, out, PAGE_SIZE);
	if (len > 0 && (uint32_t)len > size)
		len = -ERANGE;
	if (len > 0 && copy_to_user((void *)ubuf, out, len))
		len = -EFAULT;
	page_put(pfn);
	return len;
}

/* Calls with nothing to do here (ids, advice). */
long sys_ignore_ok(void)
{
	return 0;
}

/* chmod, chown and utimes on (dirfd, path) or on the descriptor. */
enum attr_op { ATTR_MODE, ATTR_OWNER, ATTR_TIMES };

static int set_attr(struct inode *ip, enum attr_op op, uint32_t a, uint32_t b)
{
	switch (op) {
	case ATTR_MODE:  return vfs_chmod(ip, a);
	case ATTR_OWNER: return vfs_chown(ip, a, b);
	default:         return vfs_utimes(ip, a, b);
	}
}

static long attr_at(int dirfd, uint32_t upath, int follow, enum attr_op op,
                    uint32_t a, uint32_t b)
{
	struct inode *ip;
	int err;

	if (!upath || ((follow & AT_EMPTY_PATH) && empty_path(upath))) {
		struct file *f = fd_get(dirfd);

		if (!f)
			return -EBADF;
		return f->inode ? set_attr(f->inode, op, a, b) : -EINVAL;
	}
	ip = at_inode(dirfd, upath, follow & 1, &err);
	if (!ip)
		return err;
	err = set_attr(ip, op, a, b);
	inode_put(ip);
	return err;
}

long sys_fchmodat(int dirfd, uint32_t upath, uint32_t mode)
{
	return attr_at(dirfd, upath, 1, ATTR_MODE, mode, 0);
}

long sys_chmod(uint32_t upath, uint32_t mode)
{
	return attr_at(AT_FDCWD, upath, 1, ATTR_MODE, mode, 0);
}

long sys_fchmod(int fd, uint32_t mode)
{
	return attr_at(fd, 0, 0, ATTR_MODE, mode, 0);
}

long sys_fchownat(int dirfd, uint32_t upath, uint32_t uid, uint32_t gid, uint32_t flags)
{
	return attr_at(dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW ? 0 : 1) |
	               (flags & AT_EMPTY_PATH), ATTR_OWNER, uid, gid);
}

long sys_chown(uint32_t upath, uint32_t uid, uint32_t gid)
{
	return attr_at(AT_FDCWD, upath, 1, ATTR_OWNER, uid, gid);
}

long sys_lchown(uint32_t upath, uint32_t uid, uint32_t gid)
{
	return attr_at(AT_FDCWD, upath, 0, ATTR_OWNER, uid, gid);
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
	return attr_at(fd, 0, 0, ATTR_OWNER, uid, gid);
}

#define UTIME_NOW  ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)

/* One utimensat time: seconds, or the file layer's NOW/OMIT. */
static uint32_t utime_of(int64_t sec, int64_t nsec)
{
	if (nsec == UTIME_NOW)
		return VFS_UTIME_NOW;
	if (nsec == UTIME_OMIT)
		return VFS_UTIME_OMIT;
	return (uint32_t)sec;
}

static long utimensat_common(int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags,
                             int time64)
{
	uint32_t at = VFS_UTIME_NOW, mt = VFS_UTIME_NOW;

	if (utimes && time64) {
		struct linux_timespec64 t[2];

		if (copy_from_user(t, (void *)utimes, sizeof(t)))
			return -EFAULT;
		at = utime_of(t[0].tv_sec, t[0].tv_nsec);
		mt = utime_of(t[1].tv_sec, t[1].tv_nsec);
	} else if (utimes) {
		struct linux_timespec32 t[2];

		if (copy_from_user(t, (void *)utimes, sizeof(t)))
			return -EFAULT;
		at = utime_of(t[0].tv_sec, t[0].tv_nsec);
		mt = utime_of(t[1].tv_sec, t[1].tv_nsec);
	}
	return attr_at(dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW ? 0 : 1) |
	               (flags & AT_EMPTY_PATH), ATTR_TIMES, at, mt);
}

long sys_utimensat(int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags)
{
	return utimensat_common(dirfd, upath, utimes, flags, 0);
}

long sys_utimensat_time64(int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags)
{
	return utimensat_common(dirfd, upath, utimes, flags, 1);
}

/* utimes(path, timeval[2]) and utime(path, {actime, modtime}) */
long sys_utimes(uint32_t upath, uint32_t utv)
{
	struct linux_timeval32 tv[2];

	if (!utv)
		return attr_at(AT_FDCWD, upath, 1, ATTR_TIMES, VFS_UTIME_NOW, VFS_UTIME_NOW);
	if (copy_from_user(tv, (void *)utv, sizeof(tv)))
		return -EFAULT;
	return attr_at(AT_FDCWD, upath, 1, ATTR_TIMES, tv[0].tv_sec, tv[1].tv_sec);
}

long sys_utime(uint32_t upath, uint32_t ubuf)
{
	uint32_t t[2];

	if (!ubuf)
		return attr_at(AT_FDCWD, upath, 1, ATTR_TIMES, VFS_UTIME_NOW, VFS_UTIME_NOW);
	if (copy_from_user(t, (void *)ubuf, sizeof(t)))
		return -EFAULT;
	return attr_at(AT_FDCWD, upath, 1, ATTR_TIMES, t[0], t[1]);
}

/* link and mknod: names made by the file layer. */
long sys_linkat(int olddir, uint32_t oldp, int newdir, uint32_t newp, uint32_t flags)
{
	struct inode *b1, *b2;
	char *p1, *p2 = 0;
	int err;

	b1 = at_base(olddir, &err);
	if (b1)
		b2 = at_base(newdir, &err);
	if (!b1 || !b2)
		return err;
	p1 = path_get(oldp, &err);
	if (p1)
		p2 = path_get(newp, &err);
	if (p2)
		err = b1 == b2 ? vfs_link(b1, p1, p2, (flags & 0x400) != 0) : -EXDEV;
	path_put(p1);
	path_put(p2);
	return err;
}

long sys_link(uint32_t oldp, uint32_t newp)
{
	return sys_linkat(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

long sys_mknodat(int dirfd, uint32_t upath, uint32_t mode, uint32_t dev)
{
	struct inode *base;
	char *path;
	int err;

	path = at_path(dirfd, upath, &base, &err);
	if (!path)
		return err;
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	err = vfs_mknod(base, path, (mode & S_IFMT) | (mode & 07777 & ~curproc->fs->umask), dev);
	path_put(path);
	return err;
}

long sys_mknod(uint32_t upath, uint32_t mode, uint32_t dev)
{
	return sys_mknodat(AT_FDCWD, upath, mode, dev);
}

/* statfs: a disk's counts, or the RAM filesystem sized by memory (what df
 * shows). */
#define TMPFS_MAGIC 0x01021994u

struct linux_statfs64 {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
	uint32_t fsid[2], namelen, frsize, flags, spare[4];
};
_Static_assert(sizeof(struct linux_statfs64) == 84, "statfs64 is 84 bytes");

static void fill_statfs(struct inode *ip, struct linux_statfs64 *s)
{
	const struct vmi_boot_info *bi = vmi_boot_info();
	struct kstatfs k;

	memset(s, 0, sizeof(*s));
	if (vfs_statfs(ip, &k) == 0) {
		s->type = k.type;
		s->bsize = s->frsize = k.bsize;
		s->blocks = k.blocks;
		s->bfree = k.bfree;
		s->bavail = k.bavail;
		s->files = k.files;
		s->ffree = k.ffree;
		s->namelen = k.namelen;
		s->flags = k.flags;
		return;
	}
	s->flags = k.flags;
	s->type = TMPFS_MAGIC;
	s->bsize = s->frsize = PAGE_SIZE;
	s->blocks = bi->nr_pages;
	s->bfree = s->bavail = pages_free();
	s->files = bi->nr_pages;
	s->ffree = pages_free();
	s->namelen = 255;
}

static long put_statfs(struct inode *ip, uint32_t ubuf, int wide)
{
	struct linux_statfs64 s;
	uint32_t narrow[16];

	fill_statfs(ip, &s);
	if (wide)
		return copy_to_user((void *)ubuf, &s, sizeof(s)) ? -EFAULT : 0;
	memset(narrow, 0, sizeof(narrow));
	narrow[0] = s.type;
	narrow[1] = s.bsize;
	narrow[2] = s.blocks;
	narrow[3] = s.bfree;
	narrow[4] = s.bavail;
	narrow[5] = s.files;
	narrow[6] = s.ffree;
	narrow[9] = s.namelen;
	narrow[10] = s.frsize;
	narrow[11] = s.flags;
	return copy_to_user((void *)ubuf, narrow, sizeof(narrow)) ? -EFAULT : 0;
}

long sys_statfs64(uint32_t upath, uint32_t size, uint32_t ubuf)
{
	int err;
	struct inode *ip = at_inode(AT_FDCWD, upath, 1, &err);

	if (!ip)
		return err;
	err = size == sizeof(struct linux_statfs64) ? put_statfs(ip, ubuf, 1) : -EINVAL;
	inode_put(ip);
	return err;
}

/* A descriptor without an inode (a pipe) reports the RAM filesystem. */
long sys_fstatfs64(int fd, uint32_t size, uint32_t ubuf)
{
	struct file *f = fd_get_raw(fd);

	if (!f)
		return -EBADF;
	return size == sizeof(struct linux_statfs64) ? put_statfs(f->inode, ubuf, 1) :
	       -EINVAL;
}

long sys_statfs(uint32_t upath, uint32_t ubuf)
{
	int err;
	struct inode *ip = at_inode(AT_FDCWD, upath, 1, &err);

	if (!ip)
		return err;
	err = put_statfs(ip, ubuf, 0);
	inode_put(ip);
	return err;
}

long sys_fstatfs(int fd, uint32_t ubuf)
{
	struct file *f = fd_get_raw(fd);

	if (!f)
		return -EBADF;
	return put_statfs(f->inode, ubuf, 0);
}
