/*
 * initramfs.c - unpack a cpio archive in the "newc" format (what
 * `cpio -o -H newc` writes) into the RAM filesystem.
 *
 * Each entry is a 110-byte ASCII header (magic 070701, or 070702 with
 * checksums, then 13 eight-digit hex fields), the NUL-terminated name, and
 * the data, name and data each padded to 4 bytes; TRAILER!!! ends an
 * archive, and archives may follow one another with zero padding between.
 * As Linux's init/initramfs.c does: an existing entry of another type is
 * removed first, files are rewritten, hard links (same inode number, nlink
 * > 1) become links to the first name, modes, owners and mtimes are kept,
 * and directory mtimes are set at the end (filling a directory changes it).
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define HDR_LEN 110

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_MAJ, F_MIN,
       F_RMAJ, F_RMIN, F_NAMESIZE, F_CHECK, NR_FIELDS };

struct entry {
	uint32_t f[NR_FIELDS];
	const char *name;           /* NUL-terminated inside the archive */
	const char *data;
};

/* Names of earlier hard-linked files, and directories awaiting their mtime. */
struct note {
	struct note *next;
	uint32_t ino, maj, min, mtime;
	const char *name;
};

static struct note *links, *dirs;

static int hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		uint32_t d = c >= '0' && c <= '9' ? (uint32_t)(c - '0') :
			     (c | 32) >= 'a' && (c | 32) <= 'f' ? (uint32_t)((c | 32) - 'a' + 10) : 16;
		if (d == 16)
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3u;
}

/* Parse the entry at off; returns the offset after it, or 0 if malformed. */
static uint32_t parse(const char *a, uint32_t len, uint32_t off, struct entry *e)
{
	uint32_t name_end, data_off;

	if (len - off < HDR_LEN || memcmp(a + off, "07070", 5) != 0 ||
	    (a[off + 5] != '1' && a[off + 5] != '2'))
		return 0;
	for (int i = 0; i < NR_FIELDS; i++)
		if (hex8(a + off + 6 + 8 * i, &e->f[i]))
			return 0;
	name_end = off + HDR_LEN + e->f[F_NAMESIZE];
	if (e->f[F_NAMESIZE] == 0 || e->f[F_NAMESIZE] > len || name_end > len ||
	    a[name_end - 1] != 0)
		return 0;
	data_off = align4(name_end);
	if (data_off > len || e->f[F_FILESIZE] > len - data_off)
		return 0;
	e->name = a + off + HDR_LEN;
	e->data = a + data_off;
	return align4(data_off + e->f[F_FILESIZE]);
}

/* The name is copied: the archive's pages may be freed as it is read. */
static struct note *remember(struct note **list, const struct entry *e)
{
	uint32_t len = strlen(e->name) + 1;
	struct note *n = kmalloc(sizeof(*n) + len);

	if (!n)
		return NULL;
	n->ino = e->f[F_INO];
	n->maj = e->f[F_MAJ];
	n->min = e->f[F_MIN];
	n->mtime = e->f[F_MTIME];
	memcpy(n + 1, e->name, len);
	n->name = (const char *)(n + 1);
	n->next = *list;
	*list = n;
	return n;
}

static void forget_all(struct note **list)
{
	while (*list) {
		struct note *n = *list;
		*list = n->next;
		kfree(n);
	}
}

/* Owner, mode and times of what name now is (not following a symlink). */
static void set_attrs(const struct entry *e, int chmod)
{
	struct inode *ip;

	if (fs_lookup(fs_root, e->name, 0, &ip) < 0)
		return;
	vfs_chown(ip, e->f[F_UID], e->f[F_GID]);
	if (chmod)
		vfs_chmod(ip, e->f[F_MODE]);
	if (ip->type != I_DIR)
		vfs_utimes(ip, e->f[F_MTIME], e->f[F_MTIME]);
}

/* Remove what holds the name if it is of another type (clean_path). */
static void clean_path(const struct entry *e)
{
	struct inode *ip;

	if (fs_lookup(fs_root, e->name, 0, &ip) < 0)
		return;
	if ((ip->mode ^ e->f[F_MODE]) & S_IFMT) {
		if (ip->type == I_DIR)
			vfs_rmdir(fs_root, e->name);
		else
			vfs_unlink(fs_root, e->name);
	}
}

/* A hard link to an earlier name: 1 if made, 0 if this is the first. */
static int maybe_link(const struct entry *e)
{
	if (e->f[F_NLINK] < 2)
		return 0;
	for (struct note *n = links; n; n = n->next) {
		if (n->ino == e->f[F_INO] && n->maj == e->f[F_MAJ] && n->min == e->f[F_MIN]) {
			clean_path(e);
			vfs_unlink(fs_root, e->name);
			return vfs_link(fs_root, n->name, e->name, 0) == 0;
		}
	}
	remember(&links, e);
	return 0;
}

static int unpack_file(const struct entry *e)
{
	int linked = maybe_link(e);
	uint32_t flags = O_WRONLY | O_CREAT | (linked ? 0 : O_TRUNC);
	struct file *f;
	int err;

	if (!linked)
		clean_path(e);
	if ((err = vfs_open(fs_root, e->name, flags, e->f[F_MODE], &f)))
		return err;
	if (e->f[F_FILESIZE])
		err = f->ops->write(f, e->data, e->f[F_FILESIZE]);
	file_put(f);
	if (err < 0)
		return err;
	set_attrs(e, 1);
	return err == (int)e->f[F_FILESIZE] ? 0 : -ENOSPC;
}

static int unpack_symlink(const struct entry *e)
{
	uint32_t n = e->f[F_FILESIZE];
	char *target = kmalloc(n + 1);
	int err;

	if (!target)
		return n >= PATH_MAX ? -ENAMETOOLONG : -ENOMEM;
	memcpy(target, e->data, n);
	clean_path(e);
	err = vfs_symlink(fs_root, target, e->name);
	kfree(target);
	if (err == 0)
		set_attrs(e, 0);
	return err;
}

static int unpack_dir(const struct entry *e)
{
	int err = vfs_mkdir(fs_root, e->name, e->f[F_MODE]);

	if (err == -EEXIST)
		err = 0;
	if (err == 0) {
		set_attrs(e, 1);
		if (!remember(&dirs, e))
			err = -ENOMEM;
	}
	return err;
}

static int unpack_entry(struct entry *e)
{
	uint32_t type = e->f[F_MODE] & S_IFMT;

	/* "./bin/sh", "/bin/sh" and "bin/sh" all mean /bin/sh; "." is the root. */
	while (e->name[0] == '/' || (e->name[0] == '.' && e->name[1] == '/'))
		e->name += e->name[0] == '/' ? 1 : 2;
	if (e->name[0] == 0 || (e->name[0] == '.' && e->name[1] == 0))
		e->name = "/";
	switch (type) {
	case S_IFDIR: return unpack_dir(e);
	case S_IFREG: return unpack_file(e);
	case S_IFLNK: return unpack_symlink(e);
	case S_IFCHR:
	case S_IFIFO:
		clean_path(e);
		vfs_mknod(fs_root, e->name, e->f[F_MODE],
			  MKDEV(e->f[F_RMAJ], e->f[F_RMIN]));
		set_attrs(e, 1);
		return 0;
	}
	return -EPERM;                      /* block devices, sockets */
}

/* Directory mtimes last: creating their entries moved them. */
static void set_dir_times(void)
{
	struct inode *ip;

	for (struct note *n = dirs; n; n = n->next)
		if (fs_lookup(fs_root, n->name, 0, &ip) == 0)
			vfs_utimes(ip, n->mtime, n->mtime);
	forget_all(&dirs);
}

int initramfs_unpack(const void *cpio, uint32_t len)
{
	return initramfs_unpack_freeing(cpio, len, 0);
}

/* As initramfs_unpack; consumed(off), if given, after each entry: the
 * archive's bytes below off are never read again. */
int initramfs_unpack_freeing(const void *cpio, uint32_t len, void (*consumed)(uint32_t off))
{
	const char *a = cpio;
	uint32_t off = 0, next;
	struct entry e;
	int count = 0, err;

	while (off < len) {
		if (a[off] == 0) {              /* padding between archives */
			off++;
			continue;
		}
		if (!(next = parse(a, len, off, &e))) {
			printf("initramfs: bad entry at offset %u\n", off);
			set_dir_times();
			forget_all(&links);
			return -EINVAL;
		}
		off = next;
		if (strcmp(e.name, "TRAILER!!!") == 0) {
			forget_all(&links);
			continue;
		}
		if ((err = unpack_entry(&e)) < 0)
			printf("initramfs: %s: error %d\n", e.name, -err);
		count++;
		if (consumed)
			consumed(off);
	}
	set_dir_times();
	forget_all(&links);
	return count;
}
