/*
 * fs_perm.c - who may do what to an inode: Linux's generic_permission
 * (owner, group, other bits, then the capabilities that override them),
 * may_create and may_delete (with the sticky directory's rule), the
 * owner test of chmod/utimes, and the owner a new inode gets (the
 * filesystem ids; the group of a set-group-id directory).
 * The caller's ids come from the process core (vfs.h's proc_fsuid ...).
 */
#include "fs/fs.h"

/* The rwx bits of mode that apply to the caller. */
static uint32_t class_bits(const struct inode *ip)
{
	if (proc_fsuid() == ip->uid)
		return (ip->mode >> 6) & 7;
	if (proc_in_group(ip->gid))
		return (ip->mode >> 3) & 7;
	return ip->mode & 7;
}

/* CAP_DAC_OVERRIDE lets everything through but executing a file no x bit
 * allows; CAP_DAC_READ_SEARCH reading any file and searching any directory. */
static int cap_override(const struct inode *ip, int mask)
{
	int dir = ip->type == I_DIR;

	if (capable(CAP_DAC_OVERRIDE) && (dir || !(mask & MAY_EXEC) || (ip->mode & 0111)))
		return 1;
	if (!(mask & MAY_WRITE) && capable(CAP_DAC_READ_SEARCH))
		return dir || !(mask & MAY_EXEC);
	return 0;
}

int inode_permission(const struct inode *ip, int mask)
{
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if ((mask & ~class_bits(ip)) == 0 || cap_override(ip, mask))
		return 0;
	return -EACCES;
}

int may_create(const struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* Removing or renaming ip out of dir; a sticky directory keeps other
 * users' names (EPERM) unless the caller owns the directory. */
int may_delete(const struct inode *dir, const struct inode *ip)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if ((dir->mode & S_ISVTX) && proc_fsuid() != ip->uid && proc_fsuid() != dir->uid &&
	    !capable(CAP_FOWNER))
		return -EPERM;
	return 0;
}

int inode_owner_or_capable(const struct inode *ip)
{
	return proc_fsuid() == ip->uid || capable(CAP_FOWNER);
}

/* Linux's inode_init_owner: a set-group-id directory hands its group down
 * (and its set-group-id bit to subdirectories); a new file keeps a
 * requested set-group-id bit only if its creator is in that group. */
void inode_init_owner(const struct inode *dir, struct inode *ip)
{
	ip->uid = proc_fsuid();
	ip->gid = proc_fsgid();
	if (dir && (dir->mode & S_ISGID)) {
		ip->gid = dir->gid;
		if (ip->type == I_DIR)
			ip->mode |= S_ISGID;
	}
	if (ip->type != I_DIR && (ip->mode & S_ISGID) && !proc_in_group(ip->gid) &&
	    !capable(CAP_FSETID))
		ip->mode &= ~(uint32_t)S_ISGID;
}
