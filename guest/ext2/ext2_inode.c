/*
 * ext2_inode.c - ext2 inodes in memory: reading one from its inode table
 * into a struct inode of the file layer, writing it back, creating and
 * deleting inodes, symbolic links (the text in i_block when it is shorter
 * than 60 bytes, else in one block), and the mount's table of inodes in
 * memory by number.
 *
 * An inode read stays in memory until the disk is unmounted, or until it
 * has neither a name nor a user (inode_maybe_free -> ext2_evict), which is
 * when its blocks and its number are freed on the disk.  Only the first
 * 128 bytes of a bigger on-disk inode are ever rewritten: the rest (extra
 * fields, in-inode attributes) stays as mke2fs left it.
 */
#include "ext2/ext2.h"
#include "kernel.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define S_IFBLK_ 0060000
#define S_IFSOCK_ 0140000

static struct inode **hash_head(struct ext2_sb *sb, uint32_t ino)
{
	return &sb->hash[ino % ARRAY_SIZE(sb->hash)];
}

static struct inode *hash_find(struct ext2_sb *sb, uint32_t ino)
{
	for (struct inode *ip = *hash_head(sb, ino); ip; ip = E2(ip)->hnext)
		if (ip->ino == ino)
			return ip;
	return NULL;
}

static void hash_remove(struct inode *ip)
{
	struct inode **pp = hash_head(ip->sb, ip->ino);

	while (*pp && *pp != ip)
		pp = &E2(*pp)->hnext;
	if (*pp)
		*pp = E2(ip)->hnext;
}

/* The buffer holding inode ino, and the inode's place in it. */
static struct ext2_dinode *locate(struct ext2_sb *sb, uint32_t ino, struct buf **bp, int *err)
{
	uint32_t index = (ino - 1) % sb->inodes_per_group;
	uint32_t byte = index * sb->inode_size;
	struct ext2_group *gd = ext2_group(sb, (ino - 1) / sb->inodes_per_group);

	if (!(*bp = bread(sb->dev, gd->inode_table + byte / sb->bsize, sb->bsize, err)))
		return NULL;
	return (struct ext2_dinode *)((*bp)->data + byte % sb->bsize);
}

static enum inode_type type_of(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return I_DIR;
	case S_IFLNK: return I_LNK;
	case S_IFCHR: return I_CHR;
	case S_IFBLK_: return I_BLK;
	case S_IFIFO: return I_FIFO;
	case S_IFSOCK_: return I_SOCK;
	default: return I_REG;
	}
}

uint8_t ext2_ftype(const struct inode *ip)
{
	switch (ip->type) {
	case I_REG: return FT_REG;
	case I_DIR: return FT_DIR;
	case I_CHR: return FT_CHR;
	case I_BLK: return FT_BLK;
	case I_FIFO: return FT_FIFO;
	case I_LNK: return FT_LNK;
	case I_SOCK: return FT_SOCK;
	}
	return FT_UNKNOWN;
}

static uint32_t acl_blocks(const struct inode *ip)
{
	return E2(ip)->file_acl ? ip->sb->sect_per_block : 0;
}

/* A symbolic link's text into ip->target. */
static int load_target(struct inode *ip)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t len = (uint32_t)ip->size;
	struct buf *b = NULL;
	const void *src;
	int err;

	if (len == 0 || len >= sb->bsize || len >= PATH_MAX)
		return -EIO;
	if (E2(ip)->blocks == acl_blocks(ip)) {         /* fast: in i_block */
		if (len >= EXT2_FAST_LINK_MAX)
			return -EIO;
		src = E2(ip)->block;
	} else {
		if (E2(ip)->block[0] >= sb->blocks_count)
			return -EIO;
		if (!(b = bread(sb->dev, E2(ip)->block[0], sb->bsize, &err)))
			return err;
		src = b->data;
	}
	if ((ip->target = kmalloc(len + 1)))
		memcpy(ip->target, src, len);
	if (b)
		brelse(b);
	return ip->target ? 0 : -ENOMEM;
}

static void from_disk(struct inode *ip, const struct ext2_dinode *di)
{
	struct ext2_info *e = E2(ip);

	ip->mode = di->mode;
	ip->type = type_of(di->mode);
	ip->uid = di->uid | (uint32_t)di->uid_high << 16;
	ip->gid = di->gid | (uint32_t)di->gid_high << 16;
	ip->nlink = di->links_count;
	ip->size = di->size;
	if (ip->type == I_REG)
		ip->size |= (uint64_t)di->size_high << 32;
	ip->atime = di->atime;
	ip->mtime = di->mtime;
	ip->ctime = di->ctime;
	memcpy(e->block, di->block, sizeof(e->block));
	e->blocks = di->blocks;
	e->flags = di->flags;
	e->file_acl = di->file_acl;
	e->generation = di->generation;
	if (ip->type == I_CHR || ip->type == I_BLK)
		ip->rdev = di->block[0] ? di->block[0] : di->block[1];
}

static struct inode *incore_new(struct ext2_sb *sb, uint32_t ino)
{
	struct inode *ip = kmalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	if (!(ip->fsi = kmalloc(sizeof(struct ext2_info)))) {
		kfree(ip);
		return NULL;
	}
	ip->ino = ino;
	ip->sb = sb;
	return ip;
}

static void incore_free(struct inode *ip)
{
	struct dirent *de, *next;

	for (de = ip->first; de; de = next) {
		next = de->next;
		kfree(de);
	}
	kfree(ip->target);
	kfree(ip->fsi);
	kfree(ip);
}

int ext2_iget(struct ext2_sb *sb, uint32_t ino, struct inode **out)
{
	struct ext2_dinode *di;
	struct inode *ip;
	struct buf *b;
	int err;

	if ((*out = hash_find(sb, ino)))
		return 0;
	if (ino < 1 || ino > sb->inodes_count) {
		klog(KLOG_WARNING, "ext2: %s: inode number %u out of range\n", sb->dev->name, ino);
		return -EIO;
	}
	if (!(di = locate(sb, ino, &b, &err)))
		return err;
	if (di->links_count == 0 || di->mode == 0) {
		brelse(b);
		klog(KLOG_WARNING, "ext2: %s: entry names deleted inode %u\n", sb->dev->name, ino);
		return -EIO;
	}
	if (!(ip = incore_new(sb, ino))) {
		brelse(b);
		return -ENOMEM;
	}
	from_disk(ip, di);
	brelse(b);
	if (ip->type == I_LNK && (err = load_target(ip))) {
		incore_free(ip);
		klog(KLOG_WARNING, "ext2: %s: bad symbolic link inode %u\n", sb->dev->name, ino);
		return err;
	}
	E2(ip)->hnext = *hash_head(sb, ino);
	*hash_head(sb, ino) = ip;
	*out = ip;
	return 0;
}

static void to_disk(const struct inode *ip, struct ext2_dinode *di)
{
	const struct ext2_info *e = E2(ip);

	di->mode = (uint16_t)ip->mode;
	di->uid = (uint16_t)ip->uid;
	di->uid_high = (uint16_t)(ip->uid >> 16);
	di->gid = (uint16_t)ip->gid;
	di->gid_high = (uint16_t)(ip->gid >> 16);
	di->links_count = (uint16_t)ip->nlink;
	di->size = (uint32_t)ip->size;
	di->size_high = ip->type == I_REG ? (uint32_t)(ip->size >> 32) : 0;
	di->atime = ip->atime;
	di->mtime = ip->mtime;
	di->ctime = ip->ctime;
	di->dtime = e->dtime;
	di->blocks = e->blocks;
	di->flags = e->flags;
	di->file_acl = e->file_acl;
	di->generation = e->generation;
	memcpy(di->block, e->block, sizeof(di->block));
	if (ip->type == I_CHR || ip->type == I_BLK) {
		/* old 16-bit encoding when it fits, else the new one (Linux's) */
		memset(di->block, 0, sizeof(di->block));
		di->block[ip->rdev < 0x10000 ? 0 : 1] = ip->rdev;
	}
}

int ext2_write_inode(struct inode *ip)
{
	struct ext2_dinode *di;
	struct buf *b;
	int err;

	if (ip->sb->ro)
		return 0;                       /* atime of a read-only mount */
	if (!(di = locate(ip->sb, ip->ino, &b, &err)))
		return err;
	to_disk(ip, di);
	bdirty(b);
	brelse(b);
	return 0;
}

int ext2_new_inode(struct inode *dir, enum inode_type type, uint32_t mode, struct inode **out)
{
	struct ext2_sb *sb = dir->sb;
	struct ext2_dinode *di;
	struct inode *ip;
	struct buf *b;
	uint32_t ino;
	int err;

	if (sb->ro)
		return -EROFS;
	if ((err = ext2_inode_alloc(sb, dir->ino, type == I_DIR, &ino)))
		return err;
	if (!(di = locate(sb, ino, &b, &err)) || !(ip = incore_new(sb, ino))) {
		if (di)
			brelse(b);
		ext2_inode_free(sb, ino, type == I_DIR);
		return di ? -ENOMEM : err;
	}
	memset(di, 0, sb->inode_size);          /* no stale extra fields */
	bdirty(b);
	brelse(b);
	ip->type = type;
	ip->mode = mode;
	ip->atime = ip->mtime = ip->ctime = fs_now();
	E2(ip)->generation = ino * 2654435761u;
	E2(ip)->hnext = *hash_head(sb, ino);
	*hash_head(sb, ino) = ip;
	if (type == I_DIR && (err = ext2_dir_init(ip, dir)) == 0)
		ip->parent = dir;
	if (err == 0)
		err = ext2_write_inode(ip);
	if (err) {
		ext2_evict(ip);                 /* nlink is 0: frees it again */
		return err;
	}
	*out = ip;
	return 0;
}

/* An extended-attribute block loses a user (its reference count is at
 * byte 4); the last one frees it. */
static void drop_xattr_block(struct inode *ip)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t blk = E2(ip)->file_acl;
	struct buf *b;
	uint32_t *refcount;
	int err;

	if (!blk || blk >= sb->blocks_count || !(b = bread(sb->dev, blk, sb->bsize, &err)))
		return;
	refcount = (uint32_t *)b->data + 1;
	if (*refcount > 1) {
		(*refcount)--;
		bdirty(b);
		brelse(b);
	} else {
		brelse(b);
		ext2_block_free(sb, blk);
	}
	E2(ip)->file_acl = 0;
}

/* Free a nameless inode's blocks and number on the disk (once: dtime
 * says it was done). */
static void delete_on_disk(struct inode *ip)
{
	struct ext2_sb *sb = ip->sb;

	if (sb->ro || E2(ip)->dtime)
		return;
	if (!(ip->type == I_LNK && E2(ip)->blocks == acl_blocks(ip)) &&
	    ip->type != I_CHR && ip->type != I_BLK)
		ext2_free_from(ip, 0);
	drop_xattr_block(ip);
	ip->size = 0;
	E2(ip)->blocks = 0;
	E2(ip)->dtime = fs_now();
	ext2_write_inode(ip);
	ext2_inode_free(sb, ip->ino, ip->type == I_DIR);
}

void ext2_evict(struct inode *ip)
{
	if (ip->nlink || ip->refs)
		return;
	delete_on_disk(ip);
	hash_remove(ip);
	incore_free(ip);
}

/* Power-off with files still open but no longer named: delete them on the
 * disk now, as their last close would have (e2fsck would find them
 * orphaned).  Their users may still run while the sync sleeps, so the
 * inodes stay in memory. */
void ext2_delete_orphans(struct ext2_sb *sb)
{
	for (uint32_t h = 0; h < ARRAY_SIZE(sb->hash); h++)
		for (struct inode *ip = sb->hash[h]; ip; ip = E2(ip)->hnext)
			if (!ip->nlink && ip->refs)
				delete_on_disk(ip);
}

void ext2_forget_all(struct ext2_sb *sb)
{
	for (uint32_t h = 0; h < ARRAY_SIZE(sb->hash); h++) {
		while (sb->hash[h]) {
			struct inode *ip = sb->hash[h];

			sb->hash[h] = E2(ip)->hnext;
			incore_free(ip);
		}
	}
	sb->root = NULL;
}

int ext2_set_link(struct inode *ip, const char *target, uint32_t len)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t blk;
	struct buf *b;
	int err, fresh;

	if (len >= sb->bsize)
		return -ENAMETOOLONG;
	if (len < EXT2_FAST_LINK_MAX) {
		memcpy(E2(ip)->block, target, len);
	} else {
		if ((err = ext2_bmap(ip, 0, 1, &blk, &fresh)))
			return err;
		if (!(b = bzero_get(sb->dev, blk, sb->bsize, &err)))
			return err;
		memcpy(b->data, target, len);
		bdirty(b);
		brelse(b);
	}
	ip->size = len;
	return ext2_write_inode(ip);
}
