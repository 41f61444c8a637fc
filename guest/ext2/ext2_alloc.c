/*
 * ext2_alloc.c - allocating and freeing blocks and inodes in the group
 * bitmaps, with the free counts of the group descriptors and of the
 * superblock kept equal to what the bitmaps say (e2fsck compares them).
 *
 * A block is looked for from a goal (the block before it in the file, so
 * files stay contiguous) through the goal's group and then the following
 * ones; an inode in its parent directory's group first.  Bits past the end
 * of the last group are never used.  A bitmap that disagrees with its
 * descriptor (a bit freed twice, a "free" group without a free bit) is
 * logged and left alone rather than trusted.
 */
#include "ext2/ext2.h"
#include "kernel.h"
#include "lib/klib.h"

/* The first clear bit in [from, to), or to. */
static uint32_t find_clear(const uint8_t *map, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		if ((i & 7) == 0 && map[i / 8] == 0xFF && i + 8 <= to) {
			i += 7;
			continue;
		}
		if (!(map[i / 8] & (1u << (i & 7))))
			return i;
	}
	return to;
}

static uint32_t blocks_in_group(const struct ext2_sb *sb, uint32_t g)
{
	uint32_t first = sb->first_data_block + g * sb->blocks_per_group;

	return sb->blocks_count - first < sb->blocks_per_group ?
	       sb->blocks_count - first : sb->blocks_per_group;
}

/* Take a clear bit of group g's bitmap at block `map`, from `start` on
 * (wrapping); the bit, or nbits if there is none. */
static uint32_t take_bit(struct ext2_sb *sb, uint32_t map, uint32_t start, uint32_t nbits,
			 int *err)
{
	struct buf *b = bread(sb->dev, map, sb->bsize, err);
	uint32_t bit;

	if (!b)
		return nbits;
	bit = find_clear(b->data, start, nbits);
	if (bit == nbits && (bit = find_clear(b->data, 0, start)) == start)
		bit = nbits;
	if (bit < nbits) {
		b->data[bit / 8] |= (uint8_t)(1u << (bit & 7));
		bdirty(b);
	}
	brelse(b);
	return bit;
}

int ext2_block_alloc(struct ext2_sb *sb, uint32_t goal, uint32_t *out)
{
	uint32_t g0, start;
	int err = 0;

	if (sb->ro)
		return -EROFS;
	if (!sb->free_blocks)
		return -ENOSPC;
	if (goal < sb->first_data_block || goal >= sb->blocks_count)
		goal = sb->first_data_block;
	g0 = (goal - sb->first_data_block) / sb->blocks_per_group;
	start = (goal - sb->first_data_block) % sb->blocks_per_group;
	for (uint32_t i = 0; i < sb->ngroups; i++, start = 0) {
		uint32_t g = (g0 + i) % sb->ngroups, n = blocks_in_group(sb, g), bit;
		struct ext2_group *gd = ext2_group(sb, g);

		if (!gd->free_blocks_count)
			continue;
		bit = take_bit(sb, gd->block_bitmap, start < n ? start : 0, n, &err);
		if (err)
			return err;
		if (bit == n) {
			klog(KLOG_WARNING, "ext2: %s: group %u has no free block but counts %u\n",
			     sb->dev->name, g, gd->free_blocks_count);
			continue;
		}
		gd->free_blocks_count--;
		ext2_group_dirty(sb, g);
		sb->free_blocks--;
		ext2_super_dirty(sb);
		*out = sb->first_data_block + g * sb->blocks_per_group + bit;
		return 0;
	}
	return -ENOSPC;
}

/* Clear a bit; 0 if it was set, else log it (a double free). */
static int clear_bit(struct ext2_sb *sb, uint32_t map, uint32_t bit, const char *what,
		     uint32_t which)
{
	int err, was;
	struct buf *b = bread(sb->dev, map, sb->bsize, &err);

	if (!b)
		return err;
	was = b->data[bit / 8] & (1u << (bit & 7));
	b->data[bit / 8] &= (uint8_t)~(1u << (bit & 7));
	bdirty(b);
	brelse(b);
	if (!was) {
		klog(KLOG_WARNING, "ext2: %s: freeing free %s %u\n", sb->dev->name, what, which);
		return -EIO;
	}
	return 0;
}

void ext2_block_free(struct ext2_sb *sb, uint32_t block)
{
	uint32_t g;

	if (block < sb->first_data_block || block >= sb->blocks_count) {
		klog(KLOG_WARNING, "ext2: %s: freeing block %u out of range\n", sb->dev->name, block);
		return;
	}
	g = (block - sb->first_data_block) / sb->blocks_per_group;
	if (clear_bit(sb, ext2_group(sb, g)->block_bitmap,
		      (block - sb->first_data_block) % sb->blocks_per_group, "block", block))
		return;
	ext2_group(sb, g)->free_blocks_count++;
	ext2_group_dirty(sb, g);
	sb->free_blocks++;
	ext2_super_dirty(sb);
}

int ext2_inode_alloc(struct ext2_sb *sb, uint32_t parent_ino, int dir, uint32_t *out)
{
	uint32_t g0 = (parent_ino - 1) / sb->inodes_per_group;
	int err = 0;

	if (sb->ro)
		return -EROFS;
	if (!sb->free_inodes)
		return -ENOSPC;
	for (uint32_t i = 0; i < sb->ngroups; i++) {
		uint32_t g = (g0 + i) % sb->ngroups, bit, ino;
		struct ext2_group *gd = ext2_group(sb, g);

		if (!gd->free_inodes_count)
			continue;
		bit = take_bit(sb, gd->inode_bitmap, 0, sb->inodes_per_group, &err);
		if (err)
			return err;
		ino = g * sb->inodes_per_group + bit + 1;
		if (bit == sb->inodes_per_group || ino < sb->first_ino) {
			klog(KLOG_WARNING, "ext2: %s: group %u inode bitmap disagrees with its count\n",
			     sb->dev->name, g);
			continue;
		}
		gd->free_inodes_count--;
		if (dir)
			gd->used_dirs_count++;
		ext2_group_dirty(sb, g);
		sb->free_inodes--;
		ext2_super_dirty(sb);
		*out = ino;
		return 0;
	}
	return -ENOSPC;
}

void ext2_inode_free(struct ext2_sb *sb, uint32_t ino, int dir)
{
	uint32_t g = (ino - 1) / sb->inodes_per_group;
	struct ext2_group *gd = ext2_group(sb, g);

	if (clear_bit(sb, gd->inode_bitmap, (ino - 1) % sb->inodes_per_group, "inode", ino))
		return;
	gd->free_inodes_count++;
	if (dir && gd->used_dirs_count)
		gd->used_dirs_count--;
	ext2_group_dirty(sb, g);
	sb->free_inodes++;
	ext2_super_dirty(sb);
}
