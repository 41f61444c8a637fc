/*
 * fs_path.c - path resolution: from the root or a working directory, one
 * component at a time, through symbolic links, to the last component.
 *
 * Symlinks are followed without recursion: on meeting one, the rest of the
 * current path is pushed and the link's target walked instead; when a target
 * runs out the rest is popped.  As in Linux, at most MAX_SYMLINKS links are
 * followed per walk (then ELOOP), links in the middle of a path are always
 * followed, and a link in the last component only when the caller asks -
 * or, for lookups and open, when a trailing slash says "this is a directory".
 *
 * A directory something is mounted on is crossed to the mounted root, and
 * ".." of a mounted root leads to the mount point's parent (the root's
 * parent pointer), as in Linux.  A disk directory is read on first use.
 * Callers hold fs_lock.
 */
#include "fs/fs.h"
#include "lib/klib.h"

static int is_dot(const char *name, uint32_t len)
{
	return len == 1 && name[0] == '.';
}

static int is_dotdot(const char *name, uint32_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static uint32_t bounded_len(const char *s, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* A last component that is ".", ".." (name) or the root itself (len 0). */
static int walk_dots(struct walk *w, struct inode *dir, struct inode *ip,
		     const char *name, uint32_t len, int slash)
{
	w->dir = dir;
	w->ip = ip;
	w->name = name;
	w->len = len;
	w->dots = 1;
	w->slash = slash;
	return ip ? 0 : -ENOENT;        /* ".." of a removed directory */
}

/* Should the walk go through the symlink it met?  Always in mid-path. */
static int follow_link(struct inode *ip, int last, int flags, int slash)
{
	if (!ip || ip->type != I_LNK)
		return 0;
	if (!last)
		return 1;
	if (slash && (flags & WALK_CREATE))
		return 0;
	return (flags & WALK_FOLLOW) || ((flags & WALK_SLASH) && slash);
}

/* Where a walk is: the rest of the current string, the rests of the
 * strings it left for symlink targets, and the directory it is in. */
struct walker {
	struct inode *root;             /* the caller's root (chroot) */
	const char *stack[MAX_SYMLINKS];
	uint32_t depth, links;
	const char *cur;
	struct inode *dir;
	int trail;                      /* a followed last link had a '/' */
};

/* The next component, or 0 when the whole path is used up.  last: no
 * component follows, in this string or any left for a link. */
static int next_name(struct walker *k, const char **name, uint32_t *len,
		     int *slash, int *last)
{
	for (;;) {
		while (*k->cur == '/')
			k->cur++;
		if (*k->cur)
			break;
		if (!k->depth)
			return 0;
		k->cur = k->stack[--k->depth];  /* a link's target ran out */
	}
	for (*name = k->cur; *k->cur && *k->cur != '/'; k->cur++)
		;
	*len = (uint32_t)(k->cur - *name);
	*slash = *k->cur == '/';
	while (*k->cur == '/')
		k->cur++;
	*last = !*k->cur && k->depth == 0;
	*slash |= *last && k->trail;    /* "link/" whose target ends here */
	return 1;
}

/* Go on in a symlink's target, keeping the rest of the current string. */
static int enter_link(struct walker *k, const struct inode *ip, int last, int slash)
{
	if (++k->links > MAX_SYMLINKS)
		return -ELOOP;
	if (*k->cur)
		k->stack[k->depth++] = k->cur;
	else if (last)
		k->trail |= slash;
	k->cur = link_target(ip);
	if (!*k->cur)
		return -ENOENT;
	if (*k->cur == '/')
		k->dir = k->root;
	return 0;
}

static int walk_found(struct walk *w, struct inode *dir, struct inode *ip,
		      const char *name, uint32_t len, int slash)
{
	w->dir = dir;
	w->ip = ip;
	w->name = name;
	w->len = len;
	w->slash = slash;
	return 0;
}

struct inode *fs_walk_root(void)
{
	struct inode *root = proc_root();

	return root ? root : fs_root;
}

int fs_walk(struct inode *cwd, const char *path, int flags, struct walk *w)
{
	struct inode *root = fs_walk_root();
	struct walker k = { .root = root, .cur = path, .dir = *path == '/' ? root : cwd };
	const char *name;
	uint32_t len;
	int slash, last, err;
	struct dirent *de;
	struct inode *ip;

	memset(w, 0, sizeof(*w));
	if (!*path)
		return -ENOENT;
	if (bounded_len(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	while (next_name(&k, &name, &len, &slash, &last)) {
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (k.dir->type != I_DIR)
			return -ENOTDIR;
		if ((err = inode_permission(k.dir, MAY_EXEC)))
			return err;
		if (is_dot(name, len) || is_dotdot(name, len)) {
			/* ".." of the root is the root, a chroot's too */
			ip = is_dot(name, len) || k.dir == root ? k.dir : k.dir->parent;
			if (last || !ip)
				return walk_dots(w, k.dir, ip, name, len, slash);
			k.dir = ip;
			continue;
		}
		if (!k.dir->parent)             /* removed: nothing can be in it */
			return -ENOENT;
		if ((err = dir_ready(k.dir)))
			return err;
		de = dir_find(k.dir, name, len);
		ip = de ? de->ip : NULL;
		if (ip && ip->mounted)
			ip = ip->mounted;
		if (follow_link(ip, last, flags, slash)) {
			if ((err = enter_link(&k, ip, last, slash)))
				return err;
		} else if (last) {
			return walk_found(w, k.dir, ip, name, len, slash);
		} else if (!ip) {
			return -ENOENT;
		} else {
			k.dir = ip;             /* not a directory: ENOTDIR next round */
		}
	}
	return walk_dots(w, k.dir, k.dir, NULL, 0, 1);   /* "/", or a link to it */
}

int fs_lookup(struct inode *cwd, const char *path, int follow, struct inode **out)
{
	struct walk w;
	int err = fs_walk(cwd, path, (follow ? WALK_FOLLOW : 0) | WALK_SLASH, &w);

	if (err)
		return err;
	if (!w.ip)
		return -ENOENT;
	if (w.slash && w.ip->type != I_DIR)
		return -ENOTDIR;
	*out = w.ip;
	return 0;
}

int vfs_lookup(struct inode *cwd, const char *path, int follow, struct inode **out)
{
	int err;

	fs_lock();
	if ((err = fs_lookup(cwd, path, follow, out)) == 0)
		inode_get(*out);
	fs_unlock();
	return err;
}
