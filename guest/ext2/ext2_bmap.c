/*
 * ext2_bmap.c - the block map of an ext2 file: twelve direct blocks, then
 * a single, a double and a triple indirect block (ext2's i_block[15]).
 * Mapping a file block to a disk block, allocating what is missing on the
 * way when writing (indirect blocks start zeroed: all holes), and freeing
 * everything from a file block on (truncate, delete).
 *
 * Block numbers read from indirect blocks are checked against the disk's
 * size before use: a damaged map is an EIO, never a wild read or write.
 * i_blocks counts every block a file owns, indirect ones included, in
 * 512-byte units, as e2fsck expects.
 */
#include "ext2/ext2.h"
#include "kernel.h"
#include "lib/klib.h"

/* Where lblk's pointer chain starts: the i_block slot and the depth. */
static int map_root(struct ext2_sb *sb, uint32_t lblk, uint32_t *slot, uint64_t *rel)
{
	uint64_t l = lblk, span = sb->ptrs;

	if (l < EXT2_NDIR) {
		*slot = (uint32_t)l;
		*rel = 0;
		return 0;
	}
	l -= EXT2_NDIR;
	for (int level = 1; level <= 3; level++) {
		if (l < span) {
			*slot = EXT2_IND + (uint32_t)level - 1;
			*rel = l;
			return level;
		}
		l -= span;
		span *= sb->ptrs;
	}
	return -1;
}

static int bad_block(struct inode *ip, uint32_t blk)
{
	struct ext2_sb *sb = ip->sb;

	if (blk >= sb->first_data_block && blk < sb->blocks_count)
		return 0;
	klog(KLOG_WARNING, "ext2: %s: inode %u maps bad block %u\n", sb->dev->name, ip->ino, blk);
	return 1;
}

/* A new block for ip near its last one. */
static int new_block(struct inode *ip, uint32_t *out)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t goal = E2(ip)->goal;
	int err;

	if (!goal)
		goal = sb->first_data_block +
		       ((ip->ino - 1) / sb->inodes_per_group) * sb->blocks_per_group;
	if ((err = ext2_block_alloc(sb, goal, out)))
		return err;
	E2(ip)->goal = *out + 1;
	E2(ip)->blocks += sb->sect_per_block;
	return 0;
}

/* A new indirect block: zeroed on the disk, whatever was there. */
static int new_table(struct inode *ip, uint32_t *out)
{
	struct buf *b;
	int err = new_block(ip, out);

	if (err)
		return err;
	if (!(b = bzero_get(ip->sb->dev, *out, ip->sb->bsize, &err)))
		return err;
	bdirty(b);
	brelse(b);
	return 0;
}

int ext2_bmap(struct inode *ip, uint32_t lblk, int create, uint32_t *out, int *fresh)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t root, *slot, blk;
	uint64_t rel, span = 1;
	struct buf *holder = NULL, *b;
	int level = map_root(sb, lblk, &root, &rel), err = 0;

	*out = 0;
	*fresh = 0;
	if (level < 0)
		return -EFBIG;
	for (int i = 1; i < level; i++)
		span *= sb->ptrs;
	slot = &E2(ip)->block[root];
	for (;; level--) {
		blk = *slot;
		if (blk && bad_block(ip, blk)) {
			err = -EIO;
			break;
		}
		if (!blk) {
			if (!create)
				break;
			if ((err = level ? new_table(ip, &blk) : new_block(ip, &blk)))
				break;
			*slot = blk;
			if (holder)
				bdirty(holder);
			*fresh = level == 0;
		}
		if (level == 0) {
			*out = blk;
			break;
		}
		if (!(b = bread(sb->dev, blk, sb->bsize, &err)))
			break;
		if (holder)
			brelse(holder);
		holder = b;
		slot = (uint32_t *)b->data + (rel / span) % sb->ptrs;
		span /= sb->ptrs;
		if (!span)
			span = 1;
	}
	if (holder)
		brelse(holder);
	return err;
}

/* Free what the tree at *slot maps from relative block `from` on (its
 * span is ptrs^level blocks); the tree itself goes when from is 0. */
static void free_tree(struct inode *ip, uint32_t *slot, struct buf *holder, int level,
		      uint64_t from)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t blk = *slot;
	uint64_t span = 1;
	struct buf *b;
	int err;

	if (!blk)
		return;
	if (bad_block(ip, blk)) {
		*slot = 0;
		if (holder)
			bdirty(holder);
		return;
	}
	if (level > 0) {
		for (int i = 1; i < level; i++)
			span *= sb->ptrs;
		if (!(b = bread(sb->dev, blk, sb->bsize, &err)))
			return;             /* logged; the blocks stay allocated */
		for (uint64_t i = from / span; i < sb->ptrs; i++)
			free_tree(ip, (uint32_t *)b->data + i, b, level - 1,
				  i == from / span ? from % span : 0);
		brelse(b);
	}
	if (from == 0) {
		ext2_block_free(sb, blk);
		E2(ip)->blocks -= sb->sect_per_block;
		*slot = 0;
		if (holder)
			bdirty(holder);
	}
}

int ext2_free_from(struct inode *ip, uint32_t lblk)
{
	struct ext2_sb *sb = ip->sb;
	uint64_t base = EXT2_NDIR, span = sb->ptrs;

	for (uint32_t i = lblk; i < EXT2_NDIR; i++)
		free_tree(ip, &E2(ip)->block[i], NULL, 0, 0);
	for (int level = 1; level <= 3; level++, base += span, span *= sb->ptrs)
		if (lblk < base + span)
			free_tree(ip, &E2(ip)->block[EXT2_IND + level - 1], NULL, level,
				  lblk > base ? lblk - base : 0);
	E2(ip)->goal = 0;
	return ext2_write_inode(ip);
}
