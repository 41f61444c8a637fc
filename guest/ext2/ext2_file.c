/*
 * ext2_file.c - reading, writing and truncating the data of an ext2 file
 * through its block map and the buffer cache.
 *
 * Holes (file blocks without a disk block) read as zeros and are only
 * filled when written.  A block written whole, or one just allocated, is
 * not read first.  Reading a block that is not cached also starts reading
 * the following ones that lie next to it on the disk, in one request.
 * Files are limited to 4 GiB - 1 (i_size_high is kept, never grown).
 */
#include "ext2/ext2.h"
#include "lib/klib.h"

#define EXT2_MAX_SIZE 0xFFFFFFFFull

/* Before reading pblk (file block lblk): prefetch the contiguous run. */
static void read_ahead(struct inode *ip, uint32_t lblk, uint32_t pblk, uint32_t last)
{
	uint32_t n = 1, next;
	int fresh;

	while (n < VMI_BLK_MAX_SEGMENTS && lblk + n <= last &&
	       ext2_bmap(ip, lblk + n, 0, &next, &fresh) == 0 && next == pblk + n)
		n++;
	if (n > 1)
		bprefetch(ip->sb->dev, pblk, n, ip->sb->bsize);
}

int ext2_read(struct inode *ip, uint64_t off, void *buf, uint32_t n)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t done = 0, last;
	int err = 0;

	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = (uint32_t)(ip->size - off);
	last = (uint32_t)((ip->size - 1) / sb->bsize);
	while (done < n) {
		uint32_t lblk = (uint32_t)(off / sb->bsize), in = (uint32_t)(off % sb->bsize);
		uint32_t chunk = sb->bsize - in < n - done ? sb->bsize - in : n - done, pblk;
		struct buf *b;
		int fresh;

		if ((err = ext2_bmap(ip, lblk, 0, &pblk, &fresh)))
			break;
		if (!pblk) {
			memset((char *)buf + done, 0, chunk);
		} else {
			read_ahead(ip, lblk, pblk, last);
			if (!(b = bread(sb->dev, pblk, sb->bsize, &err)))
				break;
			memcpy((char *)buf + done, b->data + in, chunk);
			brelse(b);
		}
		done += chunk;
		off += chunk;
	}
	return done ? (int)done : err;
}

int ext2_write(struct inode *ip, uint64_t off, const void *buf, uint32_t n)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t done = 0;
	int err = 0;

	if (sb->ro)
		return -EROFS;
	if (off >= EXT2_MAX_SIZE)
		return -EFBIG;
	if (n > EXT2_MAX_SIZE - off)
		n = (uint32_t)(EXT2_MAX_SIZE - off);
	while (done < n) {
		uint32_t lblk = (uint32_t)(off / sb->bsize), in = (uint32_t)(off % sb->bsize);
		uint32_t chunk = sb->bsize - in < n - done ? sb->bsize - in : n - done, pblk;
		struct buf *b;
		int fresh;

		if ((err = ext2_bmap(ip, lblk, 1, &pblk, &fresh)))
			break;
		b = fresh || chunk == sb->bsize ? bzero_get(sb->dev, pblk, sb->bsize, &err)
						: bread(sb->dev, pblk, sb->bsize, &err);
		if (!b)
			break;
		memcpy(b->data + in, (const char *)buf + done, chunk);
		bdirty(b);
		brelse(b);
		done += chunk;
		off += chunk;
		if (off > ip->size)
			ip->size = off;
	}
	if (done)
		err = ext2_write_inode(ip);
	return done ? (int)done : err;
}

int ext2_truncate(struct inode *ip, uint64_t len)
{
	struct ext2_sb *sb = ip->sb;
	uint32_t keep, pblk;
	struct buf *b;
	int err, fresh;

	if (sb->ro)
		return -EROFS;
	if (len > EXT2_MAX_SIZE)
		return -EFBIG;
	if (len < ip->size) {
		keep = (uint32_t)((len + sb->bsize - 1) / sb->bsize);
		if ((err = ext2_free_from(ip, keep)))
			return err;
		/* The rest of the last block must read as zeros if the file grows. */
		if (len % sb->bsize && ext2_bmap(ip, keep - 1, 0, &pblk, &fresh) == 0 && pblk) {
			if (!(b = bread(sb->dev, pblk, sb->bsize, &err)))
				return err;
			memset(b->data + len % sb->bsize, 0, sb->bsize - len % sb->bsize);
			bdirty(b);
			brelse(b);
		}
	}
	ip->size = len;
	return ext2_write_inode(ip);
}
