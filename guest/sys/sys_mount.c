/*
 * sys_mount.c - system calls on whole filesystems: mount, umount and
 * umount2 (BusyBox's mount -t ext2 /dev/vda /mnt, umount /mnt), and the
 * write-back calls sync, syncfs, fsync and fdatasync (which write the
 * whole disk the file is on: more than asked, never less).  statfs is in
 * sys_fs.c with the other path calls.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define FSTYPE_MAX 32

/* mount(2): the data argument (options) is not used by ext2 here. */
long sys_mount(uint32_t usource, uint32_t utarget, uint32_t utype, uint32_t flags,
	       uint32_t udata)
{
	char type[FSTYPE_MAX];
	struct inode *base;
	char *source, *target = 0;
	int err, n;

	(void)udata;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!utype)
		return -EINVAL;
	n = strncpy_from_user(type, (const char *)utype, sizeof(type));
	if (n < 0)
		return n == -ENAMETOOLONG ? -ENODEV : n;
	if (!(source = at_path(AT_FDCWD, usource, &base, &err)))
		return err;
	if ((target = at_path(AT_FDCWD, utarget, &base, &err)))
		err = vfs_mount(base, source, target, type, flags);
	path_put(source);
	path_put(target);
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
