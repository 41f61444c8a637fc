/*
 * sys_mount.c - system calls on whole filesystems: mount, umount and
 * umount2 (BusyBox's mount -t ext2 /dev/vda /mnt, umount /mnt), and the
 * write-back calls sync, syncfs, fsync and fdatasync (which write the
 * whole disk the file is on: more than asked, never less).  statfs is in
 * sys_fs.c with the other path calls.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "fs/vfs_abi.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define FSTYPE_MAX 32
#define MS_REMOUNT 32u
#define OPTS_MAX   4096         /* Linux copies one page of options */

/* A string argument that may be NULL (mount's source, type and data):
 * into a kernel buffer of max bytes, or NULL with *err 0 when not given;
 * a string longer than max is the error too_long. */
static char *opt_string(uint32_t uaddr, uint32_t max, int too_long, int *err)
{
	char *buf;
	int n;

	*err = 0;
	if (!uaddr)
		return NULL;
	if (!(buf = kmalloc(max))) {
		*err = -ENOMEM;
		return NULL;
	}
	if ((n = strncpy_from_user(buf, (const char *)uaddr, max)) < 0) {
		*err = n == -ENAMETOOLONG ? too_long : n;
		kfree(buf);
		return NULL;
	}
	return buf;
}

/* mount(2): the source is a path only for a disk (tmpfs takes any name,
 * or none); a remount needs neither source nor type. */
long sys_mount(uint32_t usource, uint32_t utarget, uint32_t utype, uint32_t flags,
	       uint32_t udata)
{
	char *type, *opts = NULL, *source = NULL, *target = NULL;
	struct inode *base;
	int err, disk;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	type = opt_string(utype, FSTYPE_MAX, -ENODEV, &err);
	if (err || (!type && !(flags & MS_REMOUNT)))
		return err ? err : -EINVAL;
	disk = type && strcmp(type, "ext2") == 0 && usource;
	if (disk)
		source = at_path(AT_FDCWD, usource, &base, &err);
	else
		source = opt_string(usource, PATH_MAX, -ENAMETOOLONG, &err);
	if (!err)
		opts = opt_string(udata, OPTS_MAX, -EINVAL, &err);
	if (!err && (target = at_path(AT_FDCWD, utarget, &base, &err)))
		err = vfs_mount(base, source, target, type, flags, opts);
	path_put(target);
	kfree(opts);
	if (disk)
		path_put(source);
	else
		kfree(source);
	kfree(type);
	return err;
}

long sys_umount2(uint32_t utarget, uint32_t flags)
{
	struct inode *base;
	char *target;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!(target = at_path(AT_FDCWD, utarget, &base, &err)))
		return err;
	err = vfs_umount(base, target, flags);
	path_put(target);
	return err;
}

long sys_umount(uint32_t utarget)
{
	return sys_umount2(utarget, 0);
}

long sys_sync(void)
{
	vfs_sync();             /* sync(2) reports nothing */
	return 0;
}

/* fsync, fdatasync and syncfs all write the file's whole disk. */
long sys_fsync(int fd)
{
	struct file *f = fd_get(fd);

	return f ? vfs_fsync(f) : -EBADF;
}
