/*
 * fs_rename.c - rename(2): move a name, replacing what the target name held
 * in one step (the target entry is pointed at the moved inode, so there is
 * no moment without a target).  The checks follow Linux's do_renameat2 and
 * vfs_rename in order, so every conflict reports the errno Linux would.
 * Names do not move between mounts (EXDEV), mounted directories not at
 * all (EBUSY); on a disk the moved directory's ".." is rewritten too.
 */
#include "fs/fs.h"
#include "ext2/ext2.h"
#include "lib/klib.h"

/* Is a equal to d or above it in the tree?  (d is a live directory.) */
static int is_ancestor(struct inode *a, struct inode *d)
{
	for (;;) {
		if (d == a)
			return 1;
		if (d == fs_root || !d->parent)
			return 0;
		d = d->parent;
	}
}

/* Linux's permission checks of a rename: the name leaves one directory
 * and enters (or replaces one in) another; a directory changing parents
 * has its ".." rewritten, which takes write permission on it. */
static int rename_perm(const struct walk *f, const struct walk *t)
{
	int err = may_delete(f->dir, f->ip);

	if (!err)
		err = t->ip ? may_delete(t->dir, t->ip) : may_create(t->dir);
	if (!err && f->ip->type == I_DIR && f->dir != t->dir)
		err = inode_permission(f->ip, MAY_WRITE);
	return err;
}

/* What may not be renamed to what: 0 if the move may go ahead, 1 if there
 * is nothing to do (two names of one inode), or a negative errno. */
static int rename_check(const struct walk *f, const struct walk *t)
{
	struct inode *old = f->ip, *new = t->ip;
	int err;

	if (f->dots || t->dots)
		return -EBUSY;
	if (!old)
		return -ENOENT;
	if (old->covered || (new && new->covered))
		return -EBUSY;
	if (old->type != I_DIR && (f->slash || t->slash))
		return -ENOTDIR;
	if (old->type == I_DIR && is_ancestor(old, t->dir))
		return -EINVAL;             /* into its own subtree */
	if (new && new->type == I_DIR && is_ancestor(new, f->dir))
		return -ENOTEMPTY;          /* over its own ancestor */
	if (old == new)
		return 1;
	if (new && old->type == I_DIR && new->type != I_DIR)
		return -ENOTDIR;
	if (new && old->type != I_DIR && new->type == I_DIR)
		return -EISDIR;
	if (!t->dir->parent)
		return -ENOENT;
	if (inode_rofs(f->dir))
		return -EROFS;
	if ((err = rename_perm(f, t)))
		return err;
	if (new && new->type == I_DIR)
		return dir_check_empty(new);
	return 0;
}

/* The target name now names old (the atomic step: on a disk, one entry
 * rewritten in place). */
static int retarget(const struct walk *t, struct inode *old)
{
	int err = t->dir->sb ? ext2_dir_retarget(t->dir, t->name, t->len, old) : 0;

	if (err)
		return err;
	dir_find(t->dir, t->name, t->len)->ip = old;
	inode_touch(t->dir, T_MTIME | T_CTIME);
	return 0;
}

/* A directory moved from one parent to another: link counts and "..". */
static void moved_dir(struct inode *old, struct inode *from, struct inode *to)
{
	from->nlink--;
	to->nlink++;
	old->parent = to;
	if (old->sb && from != to)
		ext2_dir_set_parent(old, to);       /* an EIO is logged */
	inode_dirty(from);
	inode_dirty(to);
}

static int do_rename(struct inode *fromdir, const char *from, struct inode *todir,
		     const char *to)
{
	struct walk f, t;
	struct inode *old, *victim;
	struct dirent *de_from;
	int err;

	if ((err = fs_walk(fromdir, from, 0, &f)) || (err = fs_walk(todir, to, 0, &t)))
		return err;
	if (!same_fs(f.dir, t.dir))
		return -EXDEV;
	if ((err = rename_check(&f, &t)))
		return err < 0 ? err : 0;
	old = f.ip;
	victim = t.ip;
	de_from = dir_find(f.dir, f.name, f.len);
	if ((err = victim ? retarget(&t, old) : dir_insert(t.dir, t.name, t.len, old)))
		return err;
	dir_delete(f.dir, de_from);
	if (old->type == I_DIR)
		moved_dir(old, f.dir, t.dir);
	inode_touch(old, T_CTIME);
	if (victim)
		dir_unlinked(t.dir, victim);
	dnotify_rename(f.dir, t.dir);
	return 0;
}

int vfs_renameat(struct inode *fromdir, const char *from, struct inode *todir,
		 const char *to)
{
	int err;

	fs_lock();
	err = do_rename(fromdir, from, todir, to);
	fs_unlock();
	return err;
}

int vfs_rename(struct inode *cwd, const char *from, const char *to)
{
	return vfs_renameat(cwd, from, cwd, to);
}
