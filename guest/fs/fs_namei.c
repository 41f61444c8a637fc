/*
 * fs_namei.c - the calls that create and remove names: mkdir, rmdir,
 * unlink, symlink, link, mknod, plus readlink, access, getcwd and the
 * path of an open file (/proc/<pid>/fd).  Each
 * checks in the order Linux does, so the same bad path gets the same errno
 * (rename, the intricate one, has its own file).  Names on a read-only
 * mount cannot change (EROFS); names never cross mounts (link: EXDEV);
 * a mounted directory cannot be removed (EBUSY).
 */
#include "fs/fs.h"
#include "ext2/ext2.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* May the walk's last component be created?  (It must not exist, and its
 * directory must not have been removed.) */
static int name_free(const struct walk *w)
{
	if (w->dots || w->ip)
		return -EEXIST;
	if (!w->dir->parent)
		return -ENOENT;
	if (inode_rofs(w->dir))
		return -EROFS;
	return 0;
}

/* What a new node holds before it gets its name. */
struct node_init {
	uint32_t rdev;              /* devices */
	const char *target;         /* symbolic links: kmalloc'ed, len bytes */
	uint32_t len;
	struct inode **made;        /* if set: the new inode, referenced */
};

static int node_fill(struct inode *ip, struct node_init *init)
{
	if (!init)
		return 0;
	ip->rdev = init->rdev;
	if (init->target) {
		ip->target = (char *)init->target;     /* the inode owns it now */
		init->target = NULL;
		ip->size = init->len;
		if (ip->sb)
			return ext2_set_link(ip, ip->target, init->len);
	}
	inode_dirty(ip);
	return 0;
}

/* Create and link a node; only directories accept a trailing slash. */
static int make_node(struct inode *cwd, const char *path, enum inode_type type,
		     uint32_t mode, struct node_init *init)
{
	struct walk w;
	struct inode *ip;
	int err = fs_walk(cwd, path, 0, &w);

	if (err || (err = name_free(&w)))
		return err;
	if (w.slash && type != I_DIR)
		return -ENOENT;
	if ((err = may_create(w.dir)))
		return err;
	if ((type == I_CHR || type == I_BLK) && !capable(CAP_MKNOD))
		return -EPERM;
	if ((err = inode_create(w.dir, type, mode, &ip)))
		return err;
	if (type == I_DIR)
		ip->nlink = 1;              /* its own "."; the name adds one */
	if ((err = node_fill(ip, init)) || (err = dir_add(w.dir, w.name, w.len, ip))) {
		ip->nlink = 0;
		inode_maybe_free(ip);
		return err;
	}
	dnotify_entry(w.dir, DN_CREATE);
	if (init && init->made) {
		inode_get(ip);
		*init->made = ip;
	}
	return 0;
}

int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode)
{
	int err;

	fs_lock();
	err = make_node(cwd, path, I_DIR, S_IFDIR | (mode & (S_ISVTX | 0777)), NULL);
	fs_unlock();
	return err;
}

int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode, uint32_t dev)
{
	struct node_init init = { .rdev = dev };
	enum inode_type type;
	int err;

	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG: type = I_REG; mode = (mode & ~S_IFMT) | S_IFREG; break;
	case S_IFCHR: type = I_CHR; break;
	case S_IFBLK: type = I_BLK; break;
	case S_IFIFO: type = I_FIFO; break;
	case S_IFDIR: return -EPERM;
	case S_IFSOCK: type = I_SOCK; break;   /* a name no socket is bound to */
	default: return -EINVAL;
	}
	if (type != I_CHR && type != I_BLK)
		init.rdev = 0;
	fs_lock();
	err = make_node(cwd, path, type, (mode & S_IFMT) | (mode & S_IALLUGO), &init);
	fs_unlock();
	return err;
}

/* bind(2) of an AF_UNIX socket: a new socket node (EEXIST if the name
 * exists, which bind reports as EADDRINUSE). */
int vfs_mksock(struct inode *cwd, const char *path, uint32_t mode, void *sock,
	       struct inode **out)
{
	struct node_init init = { .made = out };
	int err;

	fs_lock();
	err = make_node(cwd, path, I_SOCK, S_IFSOCK | (mode & S_IALLUGO), &init);
	if (!err)
		(*out)->sock = sock;
	fs_unlock();
	return err;
}

void vfs_sock_unbind(struct inode *ip)
{
	ip->sock = NULL;
	inode_put(ip);
}

/* connect(2)/sendto(2) of an AF_UNIX socket: what is bound at path
 * (following links); *sock NULL for a name that is no live socket. */
int vfs_sock_at(struct inode *cwd, const char *path, void **sock)
{
	struct inode *ip;
	int err;

	fs_lock();
	err = fs_lookup(cwd, path, 1, &ip);
	if (!err)
		*sock = ip->type == I_SOCK ? ip->sock : NULL;
	fs_unlock();
	return err;
}

int vfs_symlink(struct inode *cwd, const char *target, const char *path)
{
	struct node_init init;
	uint32_t len = 0;
	char *copy;
	int err;

	while (len < PATH_MAX && target[len])
		len++;
	if (len == 0)
		return -ENOENT;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!(copy = kmalloc(len + 1)))
		return -ENOSPC;
	memcpy(copy, target, len);
	init = (struct node_init){ .target = copy, .len = len };
	fs_lock();
	err = make_node(cwd, path, I_LNK, S_IFLNK | 0777, &init);
	fs_unlock();
	kfree((char *)init.target);         /* if no inode took it */
	return err;
}

static int do_rmdir(struct inode *cwd, const char *path)
{
	struct walk w;
	int err = fs_walk(cwd, path, 0, &w);

	if (err)
		return err;
	if (w.dots)                     /* "/", "." and ".." as Linux answers */
		return w.len == 0 ? -EBUSY : w.len == 1 ? -EINVAL : -ENOTEMPTY;
	if (!w.ip)
		return -ENOENT;
	if (w.ip->type != I_DIR)
		return -ENOTDIR;
	if (w.ip->covered)
		return -EBUSY;
	if (inode_rofs(w.dir))
		return -EROFS;
	if ((err = may_delete(w.dir, w.ip)) || (err = dir_check_empty(w.ip)))
		return err;
	dir_remove(w.dir, dir_find(w.dir, w.name, w.len));
	dnotify_entry(w.dir, DN_DELETE);
	return 0;
}

int vfs_rmdir(struct inode *cwd, const char *path)
{
	int err;

	fs_lock();
	err = do_rmdir(cwd, path);
	fs_unlock();
	return err;
}

static int do_unlink(struct inode *cwd, const char *path)
{
	struct walk w;
	int err = fs_walk(cwd, path, 0, &w);

	if (err)
		return err;
	if (w.dots)
		return -EISDIR;
	if (!w.ip)
		return -ENOENT;
	if (w.ip->type == I_DIR)
		return -EISDIR;
	if (w.slash)
		return -ENOTDIR;
	if (inode_rofs(w.dir))
		return -EROFS;
	if ((err = may_delete(w.dir, w.ip)))
		return err;
	dir_remove(w.dir, dir_find(w.dir, w.name, w.len));
	dnotify_entry(w.dir, DN_DELETE);
	return 0;
}

int vfs_unlink(struct inode *cwd, const char *path)
{
	int err;

	fs_lock();
	err = do_unlink(cwd, path);
	fs_unlock();
	return err;
}

/* The new name is checked before the old inode's type, as in Linux. */
static int do_link(struct inode *olddir, const char *old, struct inode *newdir,
		   const char *path, int follow)
{
	struct inode *ip;
	struct walk w;
	int err = fs_lookup(olddir, old, follow, &ip);

	if (err)
		return err;
	if ((err = fs_walk(newdir, path, 0, &w)) || (err = name_free(&w)))
		return err;
	if (w.slash)
		return -ENOENT;
	if (!same_fs(ip, w.dir))
		return -EXDEV;
	if ((err = may_create(w.dir)))
		return err;
	if (ip->type == I_DIR)
		return -EPERM;
	if ((err = dir_add(w.dir, w.name, w.len, ip)))
		return err;
	inode_touch(ip, T_CTIME);
	dnotify_entry(w.dir, DN_CREATE);
	return 0;
}

int vfs_linkat(struct inode *olddir, const char *old, struct inode *newdir,
	       const char *path, int follow)
{
	int err;

	fs_lock();
	err = do_link(olddir, old, newdir, path, follow);
	fs_unlock();
	return err;
}

int vfs_link(struct inode *cwd, const char *old, const char *path, int follow)
{
	return vfs_linkat(cwd, old, cwd, path, follow);
}

int vfs_readlink(struct inode *cwd, const char *path, char *buf, uint32_t n)
{
	struct inode *ip;
	const char *target;
	int err;

	fs_lock();
	if ((err = fs_lookup(cwd, path, 0, &ip)) == 0 && ip->type != I_LNK)
		err = -EINVAL;
	if (err == 0) {
		target = link_target(ip);       /* stored, or made (/proc links) */
		if (n > strlen(target))
			n = strlen(target);
		memcpy(buf, target, n);
		inode_touch(ip, T_ATIME);
	}
	fs_unlock();
	return err ? err : (int)n;
}

/* access(2) as the caller's filesystem ids see it (the system call swaps
 * in the real ids first, unless AT_EACCESS). */
int vfs_access(struct inode *cwd, const char *path, uint32_t mode)
{
	struct inode *ip;
	int err;

	if (mode & ~(uint32_t)(R_OK | W_OK | X_OK))
		return -EINVAL;
	fs_lock();
	err = fs_lookup(cwd, path, 1, &ip);
	fs_unlock();
	if (err)
		return err;
	if ((mode & W_OK) && inode_rofs(ip) && ip->type != I_CHR && ip->type != I_FIFO)
		return -EROFS;
	return inode_permission(ip, mode);
}

/* Prepend "/name" of d (found in its parent) at *end; 0 or -ERANGE. */
static int prepend_name(struct inode *d, char *buf, uint32_t *end)
{
	struct inode *named = d->covered ? d->covered : d;   /* a mounted root */
	struct dirent *de = d->parent->first;

	while (de && de->ip != named)
		de = de->next;
	if (!de)
		panic("fs: directory %u missing from its parent", d->ino);
	if (*end < de->len + 1)
		return -ERANGE;
	*end -= de->len;
	memcpy(buf + *end, de->name, de->len);
	buf[--*end] = '/';
	return 0;
}

/* The absolute path of dir, built from its end backwards; returns the
 * length with the NUL, as the getcwd system call does. */
int vfs_getcwd(struct inode *dir, char *buf, uint32_t n)
{
	struct inode *root = fs_walk_root();
	uint32_t end = n;
	int err;

	if (!dir->parent)
		return -ENOENT;
	if (n < 2)
		return -ERANGE;
	buf[--end] = 0;
	if (dir == root)
		buf[--end] = '/';
	for (struct inode *d = dir; d != root; d = d->parent) {
		if (d == fs_root)               /* outside the caller's chroot */
			return -ENOENT;
		if ((err = prepend_name(d, buf, &end)))
			return err;
	}
	memmove(buf, buf + end, n - end);
	return (int)(n - end);
}

/*
 * What /proc/<pid>/fd/N links to: a directory's path; a file's is its
 * directory's path and the name it has there now (renames within it
 * show), with " (deleted)" once it has none; files no path reaches
 * (pipes, sockets, the boot console) as Linux names them by inode number.
 * The length, or a negative errno.
 */
int vfs_file_path(struct file *f, char *buf, uint32_t n)
{
	struct inode *ip = f->inode;
	struct dirent *de;
	struct kstat st;
	int len;

	if (!ip || (ip->type != I_DIR && !f->dir)) {
		if (vfs_fstat(f, &st))
			return -ENOENT;
		return snprintf(buf, n, (st.mode & S_IFMT) == S_IFSOCK ? "socket:[%u]" :
		                (st.mode & S_IFMT) == S_IFIFO ? "pipe:[%u]" : "anon_inode:[%u]",
		                st.ino);
	}
	len = vfs_getcwd(ip->type == I_DIR ? ip : f->dir, buf, n);
	if (len < 0 || ip->type == I_DIR)
		return len < 0 ? len : len - 1;
	len--;
	for (de = f->dir->first; de && de->ip != ip; de = de->next)
		;
	if (!de)
		return len + snprintf(buf + len, n - len, " (deleted)");
	return len + snprintf(buf + len, n - len, "%s%.*s", len > 1 ? "/" : "",
	                      (int)de->len, de->name);
}
