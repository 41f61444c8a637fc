/*
 * tmpfs.c - more RAM filesystems: `mount -t tmpfs SRC DIR` lays a new,
 * empty tree of RAM-filesystem inodes over DIR (mount.c keeps the table
 * and the crossing).  Every inode of an instance points at it (ip->tmpfs,
 * inherited from the directory it is made in) and is on the instance's
 * list, so the instance knows its own inodes: that gives them their own
 * device number, a read-only flag (MS_RDONLY, remount), and an unmount
 * that can tell a busy tree (EBUSY) from an idle one, which it frees.
 *
 * The boot filesystem (the initramfs tree) is no instance: its inodes
 * have ip->tmpfs NULL and it is never unmounted.
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* Anonymous device numbers, as Linux gives its tmpfs mounts (0:N). */
static uint32_t next_minor = 40;

/* A number of the options: digits of base, with k/m/g for sizes. */
static int opt_num(const char *s, uint32_t len, uint32_t base, uint32_t *out)
{
	uint32_t v = 0;

	if (!len)
		return -EINVAL;
	for (uint32_t i = 0; i < len; i++) {
		uint32_t d = (uint32_t)(s[i] - '0');

		if (base == 10 && i == len - 1 && i && (s[i] == 'k' || s[i] == 'm' || s[i] == 'g' ||
							 s[i] == '%'))
			break;              /* size=64m, size=50%: accepted, not kept */
		if (d >= base)
			return -EINVAL;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static int opt_is(const char *opt, uint32_t klen, const char *name)
{
	return klen == strlen(name) && !memcmp(opt, name, klen);
}

/* One "key=value": mode (octal), uid and gid of the root; size, nr_blocks
 * and nr_inodes are accepted and not enforced (the RAM filesystem is
 * bounded by memory as a whole).  Anything else is EINVAL, as tmpfs says. */
static int parse_opt(const char *opt, uint32_t len, struct inode *root)
{
	uint32_t klen = 0, v;

	while (klen < len && opt[klen] != '=')
		klen++;
	if (klen == len)
		return len ? -EINVAL : 0;
	if (opt_num(opt + klen + 1, len - klen - 1, opt_is(opt, klen, "mode") ? 8 : 10, &v))
		return -EINVAL;
	if (opt_is(opt, klen, "mode"))
		root->mode = S_IFDIR | (v & 07777);
	else if (opt_is(opt, klen, "uid"))
		root->uid = v;
	else if (opt_is(opt, klen, "gid"))
		root->gid = v;
	else if (!opt_is(opt, klen, "size") && !opt_is(opt, klen, "nr_blocks") &&
		 !opt_is(opt, klen, "nr_inodes"))
		return -EINVAL;
	return 0;
}

static int parse_opts(const char *opts, struct inode *root)
{
	while (opts && *opts) {
		uint32_t len = 0;
		int err;

		while (opts[len] && opts[len] != ',')
			len++;
		if ((err = parse_opt(opts, len, root)))
			return err;
		opts += len + (opts[len] == ',');
	}
	return 0;
}

/* A new instance with its root directory (mode 1777 owned by root, as
 * tmpfs makes it unless the options say otherwise). */
int tmpfs_new(const char *opts, int ro, struct tmpfs **out)
{
	struct tmpfs *t = kmalloc(sizeof(*t));
	struct inode *root;
	int err;

	if (!t)
		return -ENOMEM;
	if (!(root = inode_alloc(I_DIR, S_IFDIR | 01777))) {
		kfree(t);
		return -ENOMEM;
	}
	t->devno = MKDEV(0, next_minor);
	next_minor++;
	t->ro = ro;
	tmpfs_adopt(t, root);
	root->nlink = 2;
	if ((err = parse_opts(opts, root))) {
		tmpfs_forget(root);
		kfree(root);
		kfree(t);
		return err;
	}
	t->root = root;
	*out = t;
	return 0;
}

/* A new inode of the instance (inode_create). */
void tmpfs_adopt(struct tmpfs *t, struct inode *ip)
{
	ip->tmpfs = t;
	ip->tnext = t->inodes;
	ip->tprev = NULL;
	if (t->inodes)
		t->inodes->tprev = ip;
	t->inodes = ip;
}

/* The inode is being freed (inode_maybe_free). */
void tmpfs_forget(struct inode *ip)
{
	struct tmpfs *t = ip->tmpfs;

	if (ip->tprev)
		ip->tprev->tnext = ip->tnext;
	else
		t->inodes = ip->tnext;
	if (ip->tnext)
		ip->tnext->tprev = ip->tprev;
}

/* In use: an inode referenced by anyone but the mount (the root's one
 * reference), which also covers open files whose names are gone. */
static int busy(const struct tmpfs *t)
{
	for (const struct inode *ip = t->inodes; ip; ip = ip->tnext)
		if (ip->refs > (ip == t->root))
			return 1;
	return 0;
}

/* Open for writing: a remount read-only must wait for these (EBUSY). */
static int writing(const struct tmpfs *t)
{
	for (const struct inode *ip = t->inodes; ip; ip = ip->tnext)
		if (ip->writers)
			return 1;
	return 0;
}

int tmpfs_remount(struct tmpfs *t, int ro)
{
	if (ro && !t->ro && writing(t))
		return -EBUSY;
	t->ro = ro;
	return 0;
}

/* Unmount: an idle tree loses every name, so every inode is freed. */
int tmpfs_unmount(struct tmpfs *t)
{
	struct inode *root = t->root;

	if (busy(t))
		return -EBUSY;
	for (struct inode *ip = t->inodes; ip; ip = ip->tnext) {
		while (ip->type == I_DIR && ip->first)
			dir_list_remove(ip, ip->first);
		ip->nlink = 0;
	}
	root->refs = 0;
	while (t->inodes)
		inode_maybe_free(t->inodes);    /* unlinks it from the list */
	kfree(t);
	return 0;
}
