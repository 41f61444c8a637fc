/*
 * xattr.c - extended attributes of the RAM filesystem, as Linux's tmpfs
 * keeps them: "user." on regular files and directories, "trusted." for
 * CAP_SYS_ADMIN only, "security." written only by CAP_SYS_ADMIN; any other
 * prefix, a disk (ext2) file or a /proc file is EOPNOTSUPP.
 *
 * Each attribute is one small record (its name) and up to 16 pages of
 * value (XATTR_SIZE_MAX, 64 KiB), in a list kept sorted by name (Linux's
 * tmpfs lists in hash order: no order is promised).  A new value is
 * built completely - pages allocated, user data copied - before the list
 * changes, so a fault or a full memory leaves the old attribute as it was.
 * Values come from and go to user memory directly (uvalue).
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define PAGE_SIZE       VMI_PAGE_SIZE
#define XATTR_SIZE_MAX  65536
#define XATTR_LIST_MAX  65536
#define XATTR_CREATE    1
#define XATTR_REPLACE   2
#define XATTR_PAGES     ((int)(XATTR_SIZE_MAX / PAGE_SIZE))
#define INODE_XATTR_MAX (256 * 1024)    /* all values of one inode: ENOSPC past it */

struct xattr {
	struct xattr *next;
	uint32_t size;
	char name[XATTR_NAME_MAX + 1];
	void *page[XATTR_PAGES];
};

static void xattr_free(struct xattr *x)
{
	for (int i = 0; i < XATTR_PAGES; i++)
		if (x->page[i])
			kpage_free(x->page[i]);
	kfree(x);
}

void xattr_drop_all(struct inode *ip)
{
	while (ip->xattrs) {
		struct xattr *x = ip->xattrs;

		ip->xattrs = x->next;
		xattr_free(x);
	}
}

static int has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/*
 * Linux's xattr_permission: who may read (MAY_READ) or write (MAY_WRITE)
 * attribute `name` of ip.  user.* exists only on regular files and
 * directories (others: EPERM to write, ENODATA to read) and follows the
 * file's permissions, with the sticky-directory rule for writes.
 */
static int xattr_permission(struct inode *ip, const char *name, int mask)
{
	if (has_prefix(name, "security.") || has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted."))
		return capable(CAP_SYS_ADMIN) ? 0 : (mask & MAY_WRITE) ? -EPERM : -ENODATA;
	if (has_prefix(name, "user.")) {
		if (ip->type != I_REG && ip->type != I_DIR)
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		if (ip->type == I_DIR && (ip->mode & S_ISVTX) && (mask & MAY_WRITE) &&
		    !inode_owner_or_capable(ip))
			return -EPERM;
	}
	return inode_permission(ip, mask);
}

/* Does the filesystem keep attributes of this name?  0, -EOPNOTSUPP, or
 * -EINVAL for a bare prefix ("user."). */
static int xattr_handler(struct inode *ip, const char *name)
{
	static const char *const prefixes[] = { "user.", "trusted.", "security." };

	if (ip->sb || ip->gen || ip->refresh)
		return -EOPNOTSUPP;
	for (unsigned i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (has_prefix(name, prefixes[i]))
			return name[strlen(prefixes[i])] ? 0 : -EINVAL;
	return -EOPNOTSUPP;
}

/* Checks shared by every call on attribute `name`. */
static int xattr_access(struct inode *ip, const char *name, int mask)
{
	int rc = xattr_permission(ip, name, mask);

	if (rc == 0 && (mask & MAY_WRITE) && has_prefix(name, "security.") &&
	    !capable(CAP_SYS_ADMIN))
		rc = -EPERM;                    /* the capability module's rule */
	return rc ? rc : xattr_handler(ip, name);
}

static struct xattr **xattr_slot(struct inode *ip, const char *name)
{
	struct xattr **pp = (struct xattr **)&ip->xattrs;

	while (*pp && strcmp((*pp)->name, name) < 0)
		pp = &(*pp)->next;
	return pp;
}

static uint32_t values_size(struct inode *ip)
{
	uint32_t n = 0;

	for (struct xattr *x = ip->xattrs; x; x = x->next)
		n += x->size;
	return n;
}

/* A record holding name and the user's value; null with *err set. */
static struct xattr *xattr_build(const char *name, uint32_t uvalue, uint32_t size, int *err)
{
	struct xattr *x = kmalloc(sizeof(*x));

	*err = -ENOSPC;
	if (!x)
		return 0;
	strncpy(x->name, name, XATTR_NAME_MAX);
	x->size = size;
	for (uint32_t off = 0, i = 0; off < size; off += PAGE_SIZE, i++) {
		uint32_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;

		x->page[i] = kpage_alloc();
		if (!x->page[i] || copy_from_user(x->page[i], (void *)(uvalue + off), n)) {
			*err = x->page[i] ? -EFAULT : -ENOSPC;
			xattr_free(x);
			return 0;
		}
	}
	*err = 0;
	return x;
}

int vfs_setxattr(struct inode *ip, const char *name, uint32_t uvalue, uint32_t size, int flags)
{
	struct xattr **pp, *x, *old;
	int rc;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if ((rc = xattr_access(ip, name, MAY_WRITE)) != 0)
		return rc;
	x = xattr_build(name, uvalue, size, &rc);
	if (!x)
		return rc;
	fs_lock();
	pp = xattr_slot(ip, name);
	old = *pp && strcmp((*pp)->name, name) == 0 ? *pp : 0;
	if (old && (flags & XATTR_CREATE))
		rc = -EEXIST;
	else if (!old && (flags & XATTR_REPLACE))
		rc = -ENODATA;
	else if (values_size(ip) - (old ? old->size : 0) + size > INODE_XATTR_MAX)
		rc = -ENOSPC;
	if (rc == 0) {
		x->next = old ? old->next : *pp;
		*pp = x;
		ip->ctime = fs_now();
		inode_dirty(ip);
		dnotify_inode(ip, DN_ATTRIB);
	}
	fs_unlock();
	if (rc == 0 && old)
		xattr_free(old);
	if (rc)
		xattr_free(x);
	return rc;
}

/* The value to user memory: its size, or the size alone when size is 0. */
int vfs_getxattr(struct inode *ip, const char *name, uint32_t uvalue, uint32_t size)
{
	struct xattr *x;
	int rc = xattr_access(ip, name, MAY_READ);

	if (rc)
		return rc;
	x = *xattr_slot(ip, name);
	if (!x || strcmp(x->name, name) != 0)
		return -ENODATA;
	if (size == 0)
		return (int)x->size;
	if (size < x->size)
		return -ERANGE;
	for (uint32_t off = 0, i = 0; off < x->size; off += PAGE_SIZE, i++) {
		uint32_t n = x->size - off < PAGE_SIZE ? x->size - off : PAGE_SIZE;

		if (copy_to_user((void *)(uvalue + off), x->page[i], n))
			return -EFAULT;
	}
	return (int)x->size;
}

/* Names the caller may see, each NUL-terminated: trusted.* only to
 * CAP_SYS_ADMIN.  The length, or the length alone when size is 0. */
int vfs_listxattr(struct inode *ip, uint32_t ulist, uint32_t size)
{
	uint32_t total = 0;
	int admin = capable(CAP_SYS_ADMIN);

	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	for (struct xattr *x = ip->xattrs; x; x = x->next) {
		uint32_t n = strlen(x->name) + 1;

		if (has_prefix(x->name, "trusted.") && !admin)
			continue;
		if (size && total + n > size)
			return -ERANGE;
		if (size && copy_to_user((void *)(ulist + total), x->name, n))
			return -EFAULT;
		total += n;
	}
	return (int)total;
}

int vfs_removexattr(struct inode *ip, const char *name)
{
	struct xattr **pp, *x = 0;
	int rc = xattr_access(ip, name, MAY_WRITE);

	if (rc)
		return rc;
	fs_lock();
	pp = xattr_slot(ip, name);
	if (*pp && strcmp((*pp)->name, name) == 0) {
		x = *pp;
		*pp = x->next;
		ip->ctime = fs_now();
		inode_dirty(ip);
		dnotify_inode(ip, DN_ATTRIB);
	}
	fs_unlock();
	if (!x)
		return -ENODATA;
	xattr_free(x);
	return 0;
}
