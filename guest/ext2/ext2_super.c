/*
 * ext2_super.c - mounting an ext2 disk: the superblock and the group
 * descriptors, read and checked before anything else is trusted; keeping
 * their free counts; syncing; unmounting; statfs.
 *
 * A damaged or unsupported image is refused with one clear line in the
 * kernel log (console level) naming the device and what is wrong, and
 * mount(2) fails with EINVAL; nothing on the disk is believed before it
 * is checked, so no later access can run off a table.
 */
#include "ext2/ext2.h"
#include "kernel.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

static int refuse(struct blkdev *d, const char *fmt, uint32_t a, uint32_t b)
{
	char why[96];

	snprintf(why, sizeof(why), fmt, a, b);
	klog(KLOG_WARNING, "ext2: %s: cannot mount: %s\n", d->name, why);
	return -EINVAL;
}

static struct ext2_super *super_of(struct ext2_sb *sb)
{
	return (struct ext2_super *)(sb->sbuf->data + EXT2_SB_OFFSET % sb->bsize);
}

struct ext2_group *ext2_group(struct ext2_sb *sb, uint32_t g)
{
	uint32_t per = sb->bsize / sizeof(struct ext2_group);

	return (struct ext2_group *)sb->gbufs[g / per]->data + g % per;
}

void ext2_group_dirty(struct ext2_sb *sb, uint32_t g)
{
	bdirty(sb->gbufs[g / (sb->bsize / sizeof(struct ext2_group))]);
}

void ext2_super_dirty(struct ext2_sb *sb)
{
	struct ext2_super *s = super_of(sb);

	s->free_blocks_count = sb->free_blocks;
	s->free_inodes_count = sb->free_inodes;
	bdirty(sb->sbuf);
}

/* The superblock's own checks: geometry and features. */
static int check_super(struct blkdev *d, const struct ext2_super *s, int ro)
{
	uint32_t bsize = 1024u << s->log_block_size, ngroups;
	uint64_t dev_blocks;

	if (s->magic != EXT2_MAGIC)
		return refuse(d, "no ext2 superblock (magic %#x, want %#x)", s->magic, EXT2_MAGIC);
	if (s->rev_level > 1)
		return refuse(d, "unknown revision %u", s->rev_level, 0);
	if (s->log_block_size > 2)
		return refuse(d, "block size %u not supported (1024..4096)", bsize, 0);
	if (s->first_data_block != (bsize == 1024 ? 1u : 0u))
		return refuse(d, "first data block %u wrong for %u-byte blocks",
			      s->first_data_block, bsize);
	dev_blocks = d->sectors / (bsize / VMI_BLK_SECTOR_SIZE);
	if (s->blocks_count <= s->first_data_block || s->blocks_count > dev_blocks)
		return refuse(d, "%u blocks do not fit the device (%u)", s->blocks_count,
			      (uint32_t)dev_blocks);
	if (!s->blocks_per_group || s->blocks_per_group > 8 * bsize ||
	    !s->inodes_per_group || s->inodes_per_group > 8 * bsize)
		return refuse(d, "bad group geometry (%u blocks, %u inodes per group)",
			      s->blocks_per_group, s->inodes_per_group);
	ngroups = (s->blocks_count - s->first_data_block + s->blocks_per_group - 1) /
		  s->blocks_per_group;
	if ((uint64_t)ngroups * s->inodes_per_group != s->inodes_count)
		return refuse(d, "inode count %u does not match %u groups", s->inodes_count, ngroups);
	if (s->rev_level == 1 && (s->inode_size < EXT2_GOOD_OLD_INODE || s->inode_size > bsize ||
				  (s->inode_size & (s->inode_size - 1))))
		return refuse(d, "bad inode size %u", s->inode_size, 0);
	if (s->rev_level == 1 && (s->first_ino <= EXT2_ROOT_INO || s->first_ino > s->inodes_count))
		return refuse(d, "bad first inode %u", s->first_ino, 0);
	if (s->free_blocks_count > s->blocks_count || s->free_inodes_count > s->inodes_count)
		return refuse(d, "free counts %u/%u exceed the totals", s->free_blocks_count,
			      s->free_inodes_count);
	if (s->rev_level == 1 && (s->feature_incompat & ~(uint32_t)EXT2_INCOMPAT_FILETYPE))
		return refuse(d, "unsupported incompatible features %#x (journal, extents...?)",
			      s->feature_incompat & ~(uint32_t)EXT2_INCOMPAT_FILETYPE, 0);
	if (!ro && s->rev_level == 1 &&
	    (s->feature_ro_compat & ~(uint32_t)(EXT2_RO_COMPAT_SPARSE | EXT2_RO_COMPAT_LARGE)))
		return refuse(d, "unsupported read-only features %#x: mount it read-only",
			      s->feature_ro_compat, 0);
	return 0;
}

static void geometry(struct ext2_sb *sb, const struct ext2_super *s)
{
	sb->bsize = 1024u << s->log_block_size;
	sb->sect_per_block = sb->bsize / VMI_BLK_SECTOR_SIZE;
	sb->ptrs = sb->bsize / 4;
	sb->blocks_count = s->blocks_count;
	sb->inodes_count = s->inodes_count;
	sb->first_data_block = s->first_data_block;
	sb->blocks_per_group = s->blocks_per_group;
	sb->inodes_per_group = s->inodes_per_group;
	sb->inode_size = s->rev_level ? s->inode_size : EXT2_GOOD_OLD_INODE;
	sb->first_ino = s->rev_level ? s->first_ino : 11;
	sb->ngroups = (s->blocks_count - s->first_data_block + s->blocks_per_group - 1) /
		      s->blocks_per_group;
	sb->free_blocks = s->free_blocks_count;
	sb->free_inodes = s->free_inodes_count;
	sb->incompat = s->rev_level ? s->feature_incompat : 0;
	sb->ro_compat = s->rev_level ? s->feature_ro_compat : 0;
}

/* Does [start, start+n) lie in group g's blocks? */
static int in_group(const struct ext2_sb *sb, uint32_t g, uint32_t start, uint32_t n)
{
	uint32_t first = sb->first_data_block + g * sb->blocks_per_group;
	uint32_t end = first + sb->blocks_per_group;

	if (end > sb->blocks_count)
		end = sb->blocks_count;
	return start >= first && n <= end - first && start - first <= end - first - n;
}

static int check_groups(struct ext2_sb *sb)
{
	uint32_t itable = (sb->inodes_per_group * sb->inode_size + sb->bsize - 1) / sb->bsize;

	for (uint32_t g = 0; g < sb->ngroups; g++) {
		struct ext2_group *gd = ext2_group(sb, g);

		if (!in_group(sb, g, gd->block_bitmap, 1) || !in_group(sb, g, gd->inode_bitmap, 1))
			return refuse(sb->dev, "group %u: bitmap outside the group (block %u)",
				      g, gd->block_bitmap);
		if (!in_group(sb, g, gd->inode_table, itable))
			return refuse(sb->dev, "group %u: inode table outside the group (block %u)",
				      g, gd->inode_table);
		if (gd->free_blocks_count > sb->blocks_per_group ||
		    gd->free_inodes_count > sb->inodes_per_group)
			return refuse(sb->dev, "group %u: free counts too large (%u blocks)",
				      g, gd->free_blocks_count);
	}
	return 0;
}

static void put_buffers(struct ext2_sb *sb)
{
	for (uint32_t i = 0; i < sb->ngbufs; i++)
		if (sb->gbufs[i])
			brelse(sb->gbufs[i]);
	kfree(sb->gbufs);
	if (sb->sbuf)
		brelse(sb->sbuf);
	binval(sb->dev);
	kfree(sb);
}

/* Read the group descriptor blocks (held for the mount's lifetime). */
static int read_groups(struct ext2_sb *sb)
{
	int err;

	sb->ngbufs = (sb->ngroups * (uint32_t)sizeof(struct ext2_group) + sb->bsize - 1) / sb->bsize;
	if (sb->ngbufs > 1024 || !(sb->gbufs = kmalloc(sb->ngbufs * sizeof(struct buf *))))
		return refuse(sb->dev, "too many groups (%u)", sb->ngroups, 0);
	for (uint32_t i = 0; i < sb->ngbufs; i++)
		if (!(sb->gbufs[i] = bread(sb->dev, sb->first_data_block + 1 + i, sb->bsize, &err)))
			return err;
	return check_groups(sb);
}

/* The superblock alone, through a 1024-byte probe, then dropped from the
 * cache (blocks are cached at the filesystem's block size from now on). */
static int probe(struct blkdev *d, struct ext2_super *s)
{
	struct buf *b;
	int err;

	if (d->sectors < 4)
		return refuse(d, "device too small (%u sectors)", (uint32_t)d->sectors, 0);
	if (!(b = bread(d, 1, 1024, &err)))
		return err;
	memcpy(s, b->data, sizeof(*s));
	brelse(b);
	binval(d);
	return 0;
}

static int mount_root(struct ext2_sb *sb)
{
	struct inode *root;
	int err = ext2_iget(sb, EXT2_ROOT_INO, &root);

	if (err)
		return err == -EIO ? err : refuse(sb->dev, "bad root inode", 0, 0);
	if (root->type != I_DIR)
		return refuse(sb->dev, "the root inode is not a directory (mode %#o)", root->mode, 0);
	sb->root = root;
	return 0;
}

int ext2_mount(struct blkdev *d, int ro, struct ext2_sb **out)
{
	struct ext2_super s;
	struct ext2_sb *sb;
	int err;

	if ((err = probe(d, &s)) || (err = check_super(d, &s, ro)))
		return err;
	if (!(sb = kmalloc(sizeof(*sb))))
		return -ENOMEM;
	sb->dev = d;
	sb->ro = ro || d->ro;
	sb->devno = MKDEV(BLK_MAJOR, d->index * BLK_MINORS);
	geometry(sb, &s);
	if (!(sb->sbuf = bread(d, EXT2_SB_OFFSET / sb->bsize, sb->bsize, &err)) ||
	    (err = read_groups(sb)) || (err = mount_root(sb))) {
		ext2_forget_all(sb);
		put_buffers(sb);
		return err;
	}
	if (super_of(sb)->state & EXT2_ERROR_FS)
		klog(KLOG_WARNING, "ext2: %s: mounting a filesystem with errors: run e2fsck\n",
		     d->name);
	if (!sb->ro) {              /* "not clean" until unmounted */
		super_of(sb)->state &= (uint16_t)~EXT2_VALID_FS;
		super_of(sb)->mnt_count++;
		super_of(sb)->mtime = fs_now();
		bdirty(sb->sbuf);
		if ((err = bsync(d))) {
			ext2_forget_all(sb);
			put_buffers(sb);
			return err;
		}
	}
	*out = sb;
	return 0;
}

int ext2_sync(struct ext2_sb *sb)
{
	if (sb->ro)
		return 0;
	super_of(sb)->wtime = fs_now();
	ext2_super_dirty(sb);
	return bsync(sb->dev);
}

/* Remount: read-only writes everything and says "clean", as an unmount
 * would (EBUSY while a file is open for writing); read-write says "not
 * clean" again (EROFS on a read-only disk). */
int ext2_remount(struct ext2_sb *sb, int ro)
{
	int err;

	if (ro == sb->ro)
		return 0;
	if (!ro) {
		if (sb->dev->ro)
			return -EROFS;
		sb->ro = 0;
		super_of(sb)->state &= (uint16_t)~EXT2_VALID_FS;
		ext2_super_dirty(sb);
		return bsync(sb->dev);
	}
	for (uint32_t h = 0; h < ARRAY_SIZE(sb->hash); h++)
		for (struct inode *ip = sb->hash[h]; ip; ip = E2(ip)->hnext)
			if (ip->writers)
				return -EBUSY;
	super_of(sb)->state |= EXT2_VALID_FS;  /* (open unlinked files stay until power-off) */
	err = ext2_sync(sb);
	sb->ro = 1;
	return err;
}

/* Power-off: the files stay, the disk is complete and clean. */
int ext2_shutdown(struct ext2_sb *sb)
{
	if (!sb->ro) {
		ext2_delete_orphans(sb);
		super_of(sb)->state |= EXT2_VALID_FS;
	}
	return ext2_sync(sb);
}

/* Unmount: the files must be unused (the mount holds one reference to
 * the root); the superblock says "clean" again. */
int ext2_unmount(struct ext2_sb *sb)
{
	int err;

	for (uint32_t h = 0; h < ARRAY_SIZE(sb->hash); h++)
		for (struct inode *ip = sb->hash[h]; ip; ip = E2(ip)->hnext)
			if (ip->refs > (ip == sb->root))
				return -EBUSY;
	if (!sb->ro)
		super_of(sb)->state |= EXT2_VALID_FS;
	err = ext2_sync(sb);
	ext2_forget_all(sb);
	put_buffers(sb);
	return err;
}

void ext2_statfs(struct ext2_sb *sb, struct kstatfs *st)
{
	uint32_t reserved = super_of(sb)->r_blocks_count;

	memset(st, 0, sizeof(*st));
	st->type = EXT2_MAGIC;
	st->bsize = sb->bsize;
	st->blocks = sb->blocks_count;
	st->bfree = sb->free_blocks;
	st->bavail = sb->free_blocks > reserved ? sb->free_blocks - reserved : 0;
	st->files = sb->inodes_count;
	st->ffree = sb->free_inodes;
	st->namelen = NAME_MAX;
	st->flags = sb->ro ? 1 : 0;         /* ST_RDONLY */
}
