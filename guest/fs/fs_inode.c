/*
 * fs_inode.c - inodes of the RAM filesystem: allocation with numbers in
 * creation order (so both backends number alike), reference counting and
 * freeing, timestamps, and the attribute calls (stat, chmod, chown, utimes).
 * Inodes of a mounted disk (ip->sb) come from ext2_inode.c instead; every
 * change of their attributes goes to the disk through inode_dirty.
 */
#include "fs/fs.h"
#include "ext2/ext2.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

static uint32_t next_ino = 1;       /* the root gets 1, like tmpfs */

struct inode *inode_alloc(enum inode_type type, uint32_t mode)
{
	struct inode *ip = kmalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->type = type;
	ip->mode = mode;
	ip->atime = ip->mtime = ip->ctime = fs_now();
	if (type == I_DIR) {
		ip->size = 2 * BOGO_DIRENT;
		ip->next_cookie = 3;        /* 1 and 2 are "." and ".." */
	}
	return ip;
}

int inode_create(struct inode *dir, enum inode_type type, uint32_t mode,
		 struct inode **out)
{
	int err = 0;

	if (dir->sb)
		err = ext2_new_inode(dir, type, mode, out);
	else if (!(*out = inode_alloc(type, mode)))
		err = -ENOSPC;
	if (err)
		return err;
	if (dir->tmpfs)
		tmpfs_adopt(dir->tmpfs, *out);
	inode_init_owner(dir, *out);
	inode_dirty(*out);
	return 0;
}

void inode_dirty(struct inode *ip)
{
	if (ip->sb)
		ext2_write_inode(ip);       /* an EIO is logged by the block layer */
}

void inode_get(struct inode *ip)
{
	ip->refs++;
}

void inode_put(struct inode *ip)
{
	if (ip->refs <= 0)
		panic("fs: inode %u put without a reference", ip->ino);
	fs_lock();
	ip->refs--;
	inode_maybe_free(ip);
	fs_unlock();
}

/* A removed directory is already empty; a file takes its pages along. */
void inode_maybe_free(struct inode *ip)
{
	if (ip->nlink || ip->refs)
		return;
	if (ip->sb) {
		ext2_evict(ip);
		return;
	}
	if (ip->type == I_REG)
		data_truncate(ip, 0);
	xattr_drop_all(ip);
	if (ip->tmpfs)
		tmpfs_forget(ip);
	kfree(ip->target);
	kfree(ip);
}

/* Access times follow Linux's default "relatime": only moved forward when
 * older than the last change, or a day old. */
void inode_touch(struct inode *ip, int which)
{
	uint32_t now = fs_now();

	if ((which & T_ATIME) && (ip->atime <= ip->mtime || ip->atime <= ip->ctime ||
				  now - ip->atime >= 86400))
		ip->atime = now;
	if (which & T_MTIME)
		ip->mtime = now;
	if (which & T_CTIME)
		ip->ctime = now;
	inode_dirty(ip);
}

int vfs_is_dir(struct inode *ip)
{
	return ip->type == I_DIR;
}

int vfs_is_reg(struct inode *ip)
{
	return ip->type == I_REG;
}

uint64_t vfs_size(struct inode *ip)
{
	return ip->size;
}

int vfs_is_fifo(struct inode *ip)
{
	return ip->type == I_FIFO;
}

int vfs_stat(struct inode *ip, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = RAMFS_DEV;
	st->ino = ip->ino;
	st->mode = ip->mode;
	st->nlink = ip->nlink;
	st->uid = ip->uid;
	st->gid = ip->gid;
	st->rdev = ip->rdev;
	st->size = ip->size;
	st->blksize = 4096;
	st->blocks = ip->nr_pages * 8;      /* 512-byte units */
	if (ip->tmpfs)
		st->dev = ip->tmpfs->devno;
	if (ip->sb) {
		st->dev = ip->sb->devno;
		st->blksize = ip->sb->bsize;
		st->blocks = E2(ip)->blocks;
	}
	st->atime = ip->atime;
	st->mtime = ip->mtime;
	st->ctime = ip->ctime;
	return 0;
}

int inode_rofs(const struct inode *ip)
{
	return ip->sb ? ip->sb->ro : ip->tmpfs && ip->tmpfs->ro;
}

int same_fs(const struct inode *a, const struct inode *b)
{
	return a->sb == b->sb && a->tmpfs == b->tmpfs;
}

/* Only the owner (or CAP_FOWNER) changes the mode; a set-group-id bit for
 * a group the caller is not in is dropped (without CAP_FSETID). */
int vfs_chmod(struct inode *ip, uint32_t mode)
{
	if (inode_rofs(ip))
		return -EROFS;
	if (!inode_owner_or_capable(ip))
		return -EPERM;
	if (ip->type != I_DIR && !proc_in_group(ip->gid) && !capable(CAP_FSETID))
		mode &= ~(uint32_t)S_ISGID;
	fs_lock();
	ip->mode = (ip->mode & S_IFMT) | (mode & S_IALLUGO);
	inode_touch(ip, T_CTIME);
	dnotify_inode(ip, DN_ATTRIB);
	fs_unlock();
	return 0;
}

/* Linux's chown_ok and chgrp_ok: without CAP_CHOWN the owner may only
 * give the file to a group it is in, and nobody may give it away. */
static int chown_ok(const struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (capable(CAP_CHOWN))
		return 1;
	if (uid != (uint32_t)-1 && (uid != ip->uid || proc_fsuid() != ip->uid))
		return 0;
	if (gid != (uint32_t)-1 && (proc_fsuid() != ip->uid ||
	                            (gid != ip->gid && !proc_in_group(gid))))
		return 0;
	return 1;
}

/* (uint32_t)-1 leaves an id unchanged, as chown(2) does. */
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (inode_rofs(ip))
		return -EROFS;
	if (!chown_ok(ip, uid, gid))
		return -EPERM;
	fs_lock();
	if (uid != (uint32_t)-1)
		ip->uid = uid;
	if (gid != (uint32_t)-1)
		ip->gid = gid;
	/* Linux drops set-user-id on chown of a non-directory, and set-group-id
	 * when it means "setgid executable" (group execute set). */
	if (ip->type != I_DIR) {
		ip->mode &= ~(uint32_t)S_ISUID;
		if (ip->mode & 0010)
			ip->mode &= ~(uint32_t)S_ISGID;
	}
	inode_touch(ip, T_CTIME);
	if (uid != (uint32_t)-1 || gid != (uint32_t)-1)
		dnotify_inode(ip, DN_ATTRIB);    /* Linux: an id given is a change */
	fs_unlock();
	return 0;
}

/* Setting given times takes the owner (or CAP_FOWNER); setting both to
 * now, write permission is enough. */
static int utimes_ok(const struct inode *ip, uint32_t atime, uint32_t mtime)
{
	if (inode_owner_or_capable(ip))
		return 0;
	if (atime == VFS_UTIME_NOW && mtime == VFS_UTIME_NOW)
		return inode_permission(ip, MAY_WRITE);
	return -EPERM;
}

int vfs_utimes(struct inode *ip, uint32_t atime, uint32_t mtime)
{
	uint32_t now = fs_now();
	int err;

	if (atime == VFS_UTIME_OMIT && mtime == VFS_UTIME_OMIT)
		return 0;
	if (inode_rofs(ip))
		return -EROFS;
	if ((err = utimes_ok(ip, atime, mtime)))
		return err;
	fs_lock();
	if (atime != VFS_UTIME_OMIT)
		ip->atime = atime == VFS_UTIME_NOW ? now : atime;
	if (mtime != VFS_UTIME_OMIT)
		ip->mtime = mtime == VFS_UTIME_NOW ? now : mtime;
	ip->ctime = now;
	inode_dirty(ip);
	/* Linux's fsnotify_change: both times are a utimes, one alone an
	 * access or a modification */
	dnotify_inode(ip, atime == VFS_UTIME_OMIT ? DN_MODIFY :
	                  mtime == VFS_UTIME_OMIT ? DN_ACCESS : DN_ATTRIB);
	fs_unlock();
	return 0;
}
