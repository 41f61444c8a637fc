/*
 * fs_dir.c - directories of the RAM filesystem: a list of entries in
 * creation order, and getdents64 over it.
 *
 * Each entry carries a cookie, rising along the list, that is its position
 * for getdents64 and lseek: a reader resumes at the first entry whose cookie
 * lies past its file position, so entries removed or added while it reads
 * never make it skip or repeat the others.  "." and ".." are not stored;
 * they are cookies 1 and 2 and come first.  The directory's size follows
 * tmpfs (20 bytes per entry, "." and ".." included), so ls shows alike.
 *
 * A directory of a mounted disk (ip->sb) uses the same list, read from the
 * disk on first use (dir_ready); inserting and deleting an entry also
 * changes it on the disk (ext2_dir.c), and its size is the disk's.
 */
#include "fs/fs.h"
#include "ext2/ext2.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* Linux's struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
} __attribute__((packed));

#define DIRENT64_NAME 19            /* offsetof(struct linux_dirent64, d_name) */

struct dirent *dir_find(struct inode *dir, const char *name, uint32_t len)
{
	for (struct dirent *de = dir->first; de; de = de->next)
		if (de->len == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

int dir_ready(struct inode *dir)
{
	if (dir->refresh)
		dir->refresh(dir);
	return dir->sb && !dir->loaded ? ext2_dir_load(dir) : 0;
}

/* Append an entry naming ip to the list (NULL without memory); nothing
 * else changes. */
struct dirent *dir_list_append(struct inode *dir, const char *name, uint32_t len,
			       struct inode *ip)
{
	struct dirent *de = kmalloc(sizeof(*de) + len + 1);

	if (!de)
		return NULL;
	memcpy(de->name, name, len);
	de->len = len;
	de->ip = ip;
	if (dir->next_cookie < 3)           /* a disk directory's first entry */
		dir->next_cookie = 3;
	de->cookie = dir->next_cookie++;
	if (dir->last)
		dir->last->next = de;
	else
		dir->first = de;
	dir->last = de;
	return de;
}

/* Take an entry off the list and free it; nothing else changes. */
void dir_list_remove(struct inode *dir, struct dirent *de)
{
	struct dirent **pp = &dir->first, *prev = NULL;

	while (*pp != de) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	*pp = de->next;
	if (dir->last == de)
		dir->last = prev;
	kfree(de);
}

/* Add an entry naming ip, on the disk too; link counts are the caller's
 * business.  0, -ENOSPC, -EIO ... */
int dir_insert(struct inode *dir, const char *name, uint32_t len, struct inode *ip)
{
	int err;

	if (dir->sb && (err = ext2_dir_add(dir, name, len, ip)))
		return err;
	if (!dir_list_append(dir, name, len, ip)) {
		if (dir->sb)
			ext2_dir_remove(dir, name, len);
		return -ENOSPC;
	}
	if (!dir->sb)
		dir->size += BOGO_DIRENT;
	inode_touch(dir, T_MTIME | T_CTIME);
	return 0;
}

/* Remove an entry, on the disk too; link counts are the caller's business. */
void dir_delete(struct inode *dir, struct dirent *de)
{
	if (dir->sb)
		ext2_dir_remove(dir, de->name, de->len);   /* an EIO is logged */
	else
		dir->size -= BOGO_DIRENT;
	dir_list_remove(dir, de);
	inode_touch(dir, T_MTIME | T_CTIME);
}

/* Link ip into dir under name (the caller checked that the name is free);
 * 0 or -ENOSPC. */
int dir_add(struct inode *dir, const char *name, uint32_t len, struct inode *ip)
{
	int err = dir_insert(dir, name, len, ip);

	if (err)
		return err;
	ip->nlink++;
	if (ip->type == I_DIR) {
		ip->parent = dir;
		dir->nlink++;               /* the child's ".." */
		inode_dirty(dir);
	}
	inode_dirty(ip);
	return 0;
}

/* ip lost the name it had in dir: count it, and free it if that was all. */
void dir_unlinked(struct inode *dir, struct inode *ip)
{
	if (ip->type == I_DIR) {
		ip->nlink = 0;              /* its own "." goes with its name */
		ip->parent = NULL;
		dir->nlink--;
		inode_dirty(dir);
	} else {
		ip->nlink--;
	}
	inode_touch(ip, T_CTIME);
	inode_maybe_free(ip);
}

void dir_remove(struct inode *dir, struct dirent *de)
{
	struct inode *ip = de->ip;

	dir_delete(dir, de);
	dir_unlinked(dir, ip);
}

int dir_check_empty(struct inode *dir)
{
	int err = dir_ready(dir);

	return err ? err : dir->first ? -ENOTEMPTY : 0;
}

uint8_t dir_type_of(const struct inode *ip)
{
	switch (ip->type) {
	case I_REG: return DT_REG;
	case I_DIR: return DT_DIR;
	case I_CHR: return DT_CHR;
	case I_FIFO: return DT_FIFO;
	case I_LNK: return DT_LNK;
	case I_BLK: return DT_BLK;
	case I_SOCK: return DT_SOCK;
	}
	return DT_UNKNOWN;
}

/* Append one record if it fits; returns its length, 0 if it does not. */
static uint32_t put_dirent(char *buf, uint32_t room, uint32_t ino, uint32_t cookie,
			   uint8_t type, const char *name, uint32_t len)
{
	uint32_t reclen = (DIRENT64_NAME + len + 1 + 7) & ~7u;
	struct linux_dirent64 *d = (struct linux_dirent64 *)buf;

	if (reclen > room)
		return 0;
	memset(buf, 0, reclen);
	d->d_ino = ino;
	d->d_off = cookie;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	return reclen;
}

/* f->pos is the cookie of the last record returned (0: none yet).  The
 * caller holds fs_lock. */
int dir_getdents64(struct file *f, char *buf, uint32_t n)
{
	struct inode *dir = f->inode;
	uint32_t used = 0, len;
	struct dirent *de;
	int err;

	if (!dir->parent)                   /* removed: Linux lists nothing */
		return 0;
	if ((err = dir_ready(dir)))
		return err;
	if (f->pos < 1) {
		if (!(len = put_dirent(buf, n, dir->ino, 1, DT_DIR, ".", 1)))
			return -EINVAL;
		used += len;
		f->pos = 1;
	}
	if (f->pos < 2) {
		if (!(len = put_dirent(buf + used, n - used, dir->parent->ino, 2, DT_DIR, "..", 2)))
			return used ? (int)used : -EINVAL;
		used += len;
		f->pos = 2;
	}
	for (de = dir->first; de; de = de->next) {
		if (de->cookie <= f->pos)
			continue;
		len = put_dirent(buf + used, n - used, de->ip->ino, de->cookie,
				 dir_type_of(de->ip), de->name, de->len);
		if (!len)
			return used ? (int)used : -EINVAL;
		used += len;
		f->pos = de->cookie;
	}
	inode_touch(dir, T_ATIME);
	return (int)used;
}
