/*
 * ext2_dir.c - ext2 directories on the disk: blocks of entries {inode,
 * rec_len, name_len, file_type, name} chained by rec_len, each block
 * covered exactly.  Reading them into the file layer's list of entries
 * (ext2_dir_load), and the disk side of adding, removing and re-pointing
 * one entry, of a new directory's "." and "..", and of ".." moving.
 *
 * A new entry takes a free entry large enough, or the slack at the end of
 * one, or a new block at the directory's end; a removed one is merged into
 * the entry before it in its block (or marked free when it is the first).
 * Every entry read is checked (rec_len in range and 4-aligned, name
 * inside it); a bad one makes the directory an EIO.  Changing a directory
 * clears the htree index flag, since the index would no longer match.
 */
#include "ext2/ext2.h"
#include "kernel.h"
#include "lib/klib.h"

static int entry_ok(struct inode *dir, const struct ext2_dirent *de, uint32_t off)
{
	uint32_t bs = dir->sb->bsize;

	if (de->rec_len >= DIRENT_HEAD && !(de->rec_len & 3) && de->rec_len <= bs - off &&
	    DIRENT_HEAD + de->name_len <= de->rec_len && de->inode <= dir->sb->inodes_count)
		return 1;
	klog(KLOG_WARNING, "ext2: %s: corrupt directory inode %u at byte %u\n",
	     dir->sb->dev->name, dir->ino, off);
	return 0;
}

static struct ext2_dirent *at(struct buf *b, uint32_t off)
{
	return (struct ext2_dirent *)(b->data + off);
}

/* Block lblk of the directory, read (a hole in a directory is damage). */
static struct buf *dir_block(struct inode *dir, uint32_t lblk, int *err)
{
	uint32_t pblk;
	int fresh;

	if ((*err = ext2_bmap(dir, lblk, 0, &pblk, &fresh)))
		return NULL;
	if (!pblk) {
		klog(KLOG_WARNING, "ext2: %s: directory inode %u has a hole\n",
		     dir->sb->dev->name, dir->ino);
		*err = -EIO;
		return NULL;
	}
	return bread(dir->sb->dev, pblk, dir->sb->bsize, err);
}

static uint32_t nblocks(const struct inode *dir)
{
	return (uint32_t)(dir->size / dir->sb->bsize);
}

static int is_dots(const struct ext2_dirent *de)
{
	return (de->name_len == 1 && de->name[0] == '.') ||
	       (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.');
}

/* One entry read from the disk joins the list. */
static int load_entry(struct inode *dir, const struct ext2_dirent *de)
{
	struct inode *ip;
	int err = ext2_iget(dir->sb, de->inode, &ip);

	if (err)
		return err == -EIO ? 0 : err;   /* logged; the rest stays usable */
	if (ip->type == I_DIR)
		ip->parent = dir;
	return dir_list_append(dir, de->name, de->name_len, ip) ? 0 : -ENOMEM;
}

static void unload(struct inode *dir)
{
	while (dir->first)
		dir_list_remove(dir, dir->first);
}

int ext2_dir_load(struct inode *dir)
{
	int err = 0;

	for (uint32_t lblk = 0; lblk < nblocks(dir) && !err; lblk++) {
		struct buf *b = dir_block(dir, lblk, &err);

		for (uint32_t off = 0; b && off < dir->sb->bsize && !err; off += at(b, off)->rec_len) {
			const struct ext2_dirent *de = at(b, off);

			if (!entry_ok(dir, de, off))
				err = -EIO;
			else if (de->inode && !is_dots(de))
				err = load_entry(dir, de);
		}
		if (b)
			brelse(b);
	}
	if (err)
		unload(dir);
	else
		dir->loaded = 1;
	return err;
}

static void fill(struct inode *dir, struct ext2_dirent *de, const char *name, uint32_t len,
		 struct inode *ip)
{
	de->inode = ip->ino;
	de->name_len = (uint8_t)len;
	de->file_type = (dir->sb->incompat & EXT2_INCOMPAT_FILETYPE) ? ext2_ftype(ip) : 0;
	memcpy(de->name, name, len);
}

/* Room for a `need`-byte entry in b: a free entry, or slack to split. */
static struct ext2_dirent *room_in(struct inode *dir, struct buf *b, uint32_t need, int *err)
{
	for (uint32_t off = 0; off < dir->sb->bsize; off += at(b, off)->rec_len) {
		struct ext2_dirent *de = at(b, off), *nde;
		uint32_t used = DIRENT_LEN(de->name_len);

		if (!entry_ok(dir, de, off)) {
			*err = -EIO;
			return NULL;
		}
		if (!de->inode && de->rec_len >= need)
			return de;
		if (de->inode && de->rec_len >= used + need) {
			nde = at(b, off + used);
			nde->rec_len = (uint16_t)(de->rec_len - used);
			nde->inode = 0;
			de->rec_len = (uint16_t)used;
			return nde;
		}
	}
	return NULL;
}

/* The directory grows by one block holding a single free entry. */
static struct buf *grow(struct inode *dir, int *err)
{
	uint32_t pblk;
	struct buf *b;
	int fresh;

	if ((*err = ext2_bmap(dir, nblocks(dir), 1, &pblk, &fresh)))
		return NULL;
	if (!(b = bzero_get(dir->sb->dev, pblk, dir->sb->bsize, err)))
		return NULL;
	at(b, 0)->rec_len = (uint16_t)dir->sb->bsize;
	dir->size += dir->sb->bsize;
	return b;
}

static int changed(struct inode *dir, struct buf *b)
{
	bdirty(b);
	brelse(b);
	E2(dir)->flags &= ~(uint32_t)EXT2_INDEX_FL;
	return ext2_write_inode(dir);
}

int ext2_dir_add(struct inode *dir, const char *name, uint32_t len, struct inode *ip)
{
	uint32_t need = DIRENT_LEN(len);
	struct ext2_dirent *de = NULL;
	struct buf *b = NULL;
	int err = 0;

	if (dir->sb->ro)
		return -EROFS;
	for (uint32_t lblk = 0; lblk < nblocks(dir) && !de; lblk++) {
		if (!(b = dir_block(dir, lblk, &err)))
			return err;
		if (!(de = room_in(dir, b, need, &err)))
			brelse(b);
		if (err)
			return err;
	}
	if (!de) {
		if (!(b = grow(dir, &err)))
			return err;
		de = at(b, 0);
	}
	fill(dir, de, name, len, ip);
	return changed(dir, b);
}

/* Find name: its block (held), the entry and the one before it. */
static int find(struct inode *dir, const char *name, uint32_t len, struct buf **bp,
		struct ext2_dirent **dep, struct ext2_dirent **prevp)
{
	int err = 0;

	for (uint32_t lblk = 0; lblk < nblocks(dir); lblk++) {
		struct buf *b = dir_block(dir, lblk, &err);
		struct ext2_dirent *prev = NULL;

		if (!b)
			return err;
		for (uint32_t off = 0; off < dir->sb->bsize; off += at(b, off)->rec_len) {
			struct ext2_dirent *de = at(b, off);

			if (!entry_ok(dir, de, off))
				break;
			if (de->inode && de->name_len == len && memcmp(de->name, name, len) == 0) {
				*bp = b;
				*dep = de;
				*prevp = prev;
				return 0;
			}
			prev = de;
		}
		brelse(b);
	}
	klog(KLOG_WARNING, "ext2: %s: directory inode %u lost an entry\n",
	     dir->sb->dev->name, dir->ino);
	return -EIO;
}

int ext2_dir_remove(struct inode *dir, const char *name, uint32_t len)
{
	struct ext2_dirent *de, *prev;
	struct buf *b;
	int err;

	if (dir->sb->ro)
		return -EROFS;
	if ((err = find(dir, name, len, &b, &de, &prev)))
		return err;
	if (prev)
		prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
	else
		de->inode = 0;
	return changed(dir, b);
}

int ext2_dir_retarget(struct inode *dir, const char *name, uint32_t len, struct inode *ip)
{
	struct ext2_dirent *de, *prev;
	struct buf *b;
	int err;

	if (dir->sb->ro)
		return -EROFS;
	if ((err = find(dir, name, len, &b, &de, &prev)))
		return err;
	fill(dir, de, name, len, ip);
	return changed(dir, b);
}

/* ".." is the second entry of the first block. */
int ext2_dir_set_parent(struct inode *dir, struct inode *parent)
{
	struct ext2_dirent *dot, *dotdot;
	struct buf *b;
	int err;

	if (!(b = dir_block(dir, 0, &err)))
		return err;
	dot = at(b, 0);
	if (!entry_ok(dir, dot, 0) || dot->rec_len >= dir->sb->bsize ||
	    !entry_ok(dir, dotdot = at(b, dot->rec_len), dot->rec_len) ||
	    dotdot->name_len != 2 || memcmp(dotdot->name, "..", 2)) {
		brelse(b);
		klog(KLOG_WARNING, "ext2: %s: directory inode %u has no \"..\"\n",
		     dir->sb->dev->name, dir->ino);
		return -EIO;
	}
	dotdot->inode = parent->ino;
	return changed(dir, b);
}

int ext2_dir_init(struct inode *dir, struct inode *parent)
{
	struct ext2_dirent *de;
	struct buf *b;
	int err;

	if (!(b = grow(dir, &err)))
		return err;
	de = at(b, 0);
	fill(dir, de, ".", 1, dir);
	de->rec_len = DIRENT_LEN(1);
	de = at(b, DIRENT_LEN(1));
	de->rec_len = (uint16_t)(dir->sb->bsize - DIRENT_LEN(1));
	fill(dir, de, "..", 2, parent);
	if (de->file_type)
		de->file_type = FT_DIR;
	dir->loaded = 1;                    /* nothing else in it */
	bdirty(b);
	brelse(b);
	return 0;
}
