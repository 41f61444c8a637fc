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
 */
#include "fs.h"
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
	return !last || (flags & WALK_FOLLOW) || ((flags & WALK_SLASH) && slash);
}

int fs_walk(struct inode *cwd, const char *path, int flags, struct walk *w)
{
	const char *stack[MAX_SYMLINKS], *cur = path, *name;
	uint32_t depth = 0, links = 0, len;
	struct inode *dir = *path == '/' ? fs_root : cwd, *ip;
	struct dirent *de;
	int slash, trail = 0, last;

	memset(w, 0, sizeof(*w));
	if (!*path)
		return -ENOENT;
	if (bounded_len(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	for (;;) {
		while (*cur == '/')
			cur++;
		if (!*cur) {
			if (depth) {                /* a link's target ran out */
				cur = stack[--depth];
				continue;
			}
			return walk_dots(w, dir, dir, NULL, 0, 1);   /* "/" */
		}
		for (name = cur; *cur && *cur != '/'; cur++)
			;
		len = (uint32_t)(cur - name);
		slash = *cur == '/';
		while (*cur == '/')
			cur++;
		last = !*cur && depth == 0;
		slash |= last && trail;         /* "link/" whose target ends here */
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (dir->type != I_DIR)
			return -ENOTDIR;
		if (is_dot(name, len) || is_dotdot(name, len)) {
			ip = is_dot(name, len) ? dir : dir->parent;
			if (last || !ip)
				return walk_dots(w, dir, ip, name, len, slash);
			dir = ip;
			continue;
		}
		if (!dir->parent)               /* removed: nothing can be in it */
			return -ENOENT;
		de = dir_find(dir, name, len);
		ip = de ? de->ip : NULL;
		if (!follow_link(ip, last, flags, slash)) {
			if (last) {
				w->dir = dir;
				w->ip = ip;
				w->name = name;
				w->len = len;
				w->slash = slash;
				return 0;
			}
			if (!ip)
				return -ENOENT;
			dir = ip;               /* not a directory: ENOTDIR next round */
			continue;
		}
		if (++links > MAX_SYMLINKS)
			return -ELOOP;
		if (*cur)
			stack[depth++] = cur;
		else if (last)
			trail |= slash;
		cur = ip->target;
		if (!*cur)
			return -ENOENT;
		if (*cur == '/')
			dir = fs_root;
	}
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
	int err = fs_lookup(cwd, path, follow, out);

	if (err == 0)
		inode_get(*out);
	return err;
}
