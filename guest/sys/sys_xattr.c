/*
 * sys_xattr.c - the extended-attribute calls: set, get, list and remove,
 * each on a path (following a final symlink), on a link itself (l*) and
 * on a descriptor (f*).  The attributes themselves are the file layer's
 * (fs/xattr.c); here are the names from user memory and the file the call
 * names.  Pipes and sockets have no inode here: like Linux's, they take no
 * user.* attributes (EPERM to write, ENODATA to read) and no others
 * (EOPNOTSUPP).
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

enum xattr_op { XA_SET, XA_GET, XA_LIST, XA_REMOVE };

struct xattr_call {
	enum xattr_op op;
	uint32_t uname, uvalue, size;
	int flags;
};

/* An attribute name: at most XATTR_NAME_MAX bytes and not empty (ERANGE). */
static int get_name(uint32_t uname, char *name)
{
	int n = strncpy_from_user(name, (const char *)uname, XATTR_NAME_MAX + 1);

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/* What a pipe or a socket answers. */
static long no_inode(const struct xattr_call *c, const char *name)
{
	if (c->op == XA_LIST)
		return 0;
	if (strncmp(name, "user.", 5) != 0)
		return -EOPNOTSUPP;
	return c->op == XA_GET ? -ENODATA : -EPERM;
}

static long xattr_do(struct inode *ip, const struct xattr_call *c)
{
	char name[XATTR_NAME_MAX + 1];
	int rc = c->op == XA_LIST ? 0 : get_name(c->uname, name);

	if (rc)
		return rc;
	if (!ip)
		return no_inode(c, name);
	switch (c->op) {
	case XA_SET:
		return vfs_setxattr(ip, name, c->uvalue, c->size, c->flags);
	case XA_GET:
		return vfs_getxattr(ip, name, c->uvalue, c->size);
	case XA_LIST:
		return vfs_listxattr(ip, c->uvalue, c->size);
	default:
		return vfs_removexattr(ip, name);
	}
}

static long on_path(uint32_t upath, int follow, const struct xattr_call *c)
{
	int err;
	struct inode *ip = at_inode(AT_FDCWD, upath, follow, &err);
	long rc;

	if (!ip)
		return err;
	rc = xattr_do(ip, c);
	inode_put(ip);
	return rc;
}

static long on_fd(int fd, const struct xattr_call *c)
{
	struct file *f = fd_get(fd);

	return f ? xattr_do(f->inode, c) : -EBADF;
}

#define SET(n, v, s, fl) (&(struct xattr_call){ XA_SET, n, v, s, fl })
#define GET(n, v, s)     (&(struct xattr_call){ XA_GET, n, v, s, 0 })
#define LIST(l, s)       (&(struct xattr_call){ XA_LIST, 0, l, s, 0 })
#define REMOVE(n)        (&(struct xattr_call){ XA_REMOVE, n, 0, 0, 0 })

long sys_setxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s, int fl) { return on_path(p, 1, SET(n, v, s, fl)); }
long sys_lsetxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s, int fl) { return on_path(p, 0, SET(n, v, s, fl)); }
long sys_fsetxattr(int fd, uint32_t n, uint32_t v, uint32_t s, int fl) { return on_fd(fd, SET(n, v, s, fl)); }
long sys_getxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s) { return on_path(p, 1, GET(n, v, s)); }
long sys_lgetxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s) { return on_path(p, 0, GET(n, v, s)); }
long sys_fgetxattr(int fd, uint32_t n, uint32_t v, uint32_t s) { return on_fd(fd, GET(n, v, s)); }
long sys_listxattr(uint32_t p, uint32_t l, uint32_t s) { return on_path(p, 1, LIST(l, s)); }
long sys_llistxattr(uint32_t p, uint32_t l, uint32_t s) { return on_path(p, 0, LIST(l, s)); }
long sys_flistxattr(int fd, uint32_t l, uint32_t s) { return on_fd(fd, LIST(l, s)); }
long sys_removexattr(uint32_t p, uint32_t n) { return on_path(p, 1, REMOVE(n)); }
long sys_lremovexattr(uint32_t p, uint32_t n) { return on_path(p, 0, REMOVE(n)); }
long sys_fremovexattr(int fd, uint32_t n) { return on_fd(fd, REMOVE(n)); }
