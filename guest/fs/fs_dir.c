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
 */
#include "fs/fs.h"
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

/* Append an entry naming ip (NULL without memory); link counts are the
 * caller's business. */
struct dirent *dir_insert(struct inode *dir, const char *name, uint32_t len,
			  struct inode *ip)
{
	struct dirent *de = kmalloc(sizeof(*de) + len + 1);

	if (!de)
		return NULL;
	memcpy(de->name, name, len);
	de->len = len;
	de->ip = ip;
	de->cookie = dir->next_cookie++;
	if (dir->last)
		dir->last->next = de;
	else
		dir->first = de;
	dir->last = de;
	dir->size += BOGO_DIRENT;
	inode_touch(dir, T_MTIME | T_CTIME);
	return de;
}

/* Take an entry out of the list; link counts are the caller's business. */
void dir_delete(struct inode *dir, struct dirent *de)
{
	struct dirent **pp = &dir->first, *prev = NULL;

	while (*pp != de) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	*pp = de->next;
	if (dir->last == de)
		dir->last = prev;
	dir->size -= BOGO_DIRENT;
	kfree(de);
	inode_touch(dir, T_MTIME | T_CTIME);
}

/* Link ip into dir under name (the caller checked that the name is free);
 * 0 or -ENOSPC. */
int dir_add(struct inode *dir, const char *name, uint32_t len, struct inode *ip)
{
	if (!dir_insert(dir, name, len, ip))
		return -ENOSPC;
	ip->nlink++;
	if (ip->type == I_DIR) {
		ip->parent = dir;
		dir->nlink++;               /* the child's ".." */
	}
	return 0;
}

/* ip lost the name it had in dir: count it, and free it if that was all. */
void dir_unlinked(struct inode *dir, struct inode *ip)
{
	if (ip->type == I_DIR) {
		ip->nlink = 0;              /* its own "." goes with its name */
		ip->parent = NULL;
		dir->nlink--;
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

int dir_is_empty(struct inode *dir)
{
	return dir->first == NULL;
}

uint8_t dir_type_of(const struct inode *ip)
{
	switch (ip->type) {
	case I_REG: return DT_REG;
	case I_DIR: return DT_DIR;
	case I_CHR: return DT_CHR;
	case I_FIFO: return DT_FIFO;
	case I_LNK: return DT_LNK;
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

/* f->pos is the cookie of the last record returned (0: none yet). */
int dir_getdents64(struct file *f, char *buf, uint32_t n)
{
	struct inode *dir = f->inode;
	uint32_t used = 0, len;
	struct dirent *de;

	if (!dir->parent)                   /* removed: Linux lists nothing */
		return 0;
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
