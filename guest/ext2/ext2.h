/*
 * ext2.h - the second extended filesystem, revision 1, read-write: its
 * on-disk layout (the facts of the format, as e2fsprogs documents them)
 * and what the ext2_*.c files share.
 *
 * The file layer (guest/fs) keeps every file as a struct inode with its
 * directory entries in memory; for a file of a mounted ext2 disk ip->sb is
 * set, ip->fsi holds the ext2 part (block map, flags), and the fs*.c code
 * calls the ext2_* hooks below wherever the disk must change.  A directory
 * is read into memory the first time a walk or a listing needs it; inodes
 * stay in memory while the disk is mounted (found again by number through
 * the mount's hash table, so hard links share one struct inode).
 *
 * Every block goes through the buffer cache (blk/blk.h); metadata writes
 * are write-back like data.  Errors are negative Linux errno values: a
 * device error is -EIO, a full disk -ENOSPC.
 */
#ifndef GUEST_EXT2_H
#define GUEST_EXT2_H

#include <stdint.h>
#include "blk/blk.h"
#include "fs/fs.h"

#define EXT2_MAGIC          0xEF53
#define EXT2_SB_OFFSET      1024
#define EXT2_ROOT_INO       2
#define EXT2_GOOD_OLD_INODE 128
#define EXT2_NDIR           12          /* direct blocks in i_block */
#define EXT2_IND            12
#define EXT2_DIND           13
#define EXT2_TIND           14
#define EXT2_NBLOCKS        15
#define EXT2_FAST_LINK_MAX  60          /* bytes of i_block */
#define EXT2_VALID_FS       1
#define EXT2_ERROR_FS       2

#define EXT2_INCOMPAT_FILETYPE   0x0002
#define EXT2_RO_COMPAT_SPARSE    0x0001
#define EXT2_RO_COMPAT_LARGE     0x0002
#define EXT2_INDEX_FL            0x00001000   /* htree directory: cleared on change */

/* directory entry file types */
enum { FT_UNKNOWN, FT_REG, FT_DIR, FT_CHR, FT_BLK, FT_FIFO, FT_SOCK, FT_LNK };

struct ext2_super {                 /* at byte 1024, 1024 bytes */
	uint32_t inodes_count, blocks_count, r_blocks_count;
	uint32_t free_blocks_count, free_inodes_count;
	uint32_t first_data_block, log_block_size, log_frag_size;
	uint32_t blocks_per_group, frags_per_group, inodes_per_group;
	uint32_t mtime, wtime;
	uint16_t mnt_count, max_mnt_count, magic, state, errors, minor_rev_level;
	uint32_t lastcheck, checkinterval, creator_os, rev_level;
	uint16_t def_resuid, def_resgid;
	uint32_t first_ino;
	uint16_t inode_size, block_group_nr;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	uint8_t uuid[16];
	char volume_name[16];
	char last_mounted[64];
} __attribute__((packed));

struct ext2_group {                 /* group descriptor, 32 bytes */
	uint32_t block_bitmap, inode_bitmap, inode_table;
	uint16_t free_blocks_count, free_inodes_count, used_dirs_count, pad;
	uint32_t reserved[3];
};
_Static_assert(sizeof(struct ext2_group) == 32, "ext2 group descriptor");

struct ext2_dinode {                /* the first 128 bytes of an inode */
	uint16_t mode, uid;
	uint32_t size, atime, ctime, mtime, dtime;
	uint16_t gid, links_count;
	uint32_t blocks, flags, osd1;
	uint32_t block[EXT2_NBLOCKS];
	uint32_t generation, file_acl, size_high, faddr;
	uint16_t blocks_hi, file_acl_high, uid_high, gid_high;
	uint32_t reserved;
};
_Static_assert(sizeof(struct ext2_dinode) == 128, "ext2 inode");

struct ext2_dirent {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len, file_type;
	char name[];
};
#define DIRENT_HEAD 8
#define DIRENT_LEN(namelen) ((DIRENT_HEAD + (namelen) + 3) & ~3u)

/* A mounted ext2 filesystem. */
struct ext2_sb {
	struct blkdev *dev;
	uint32_t bsize, sect_per_block, ptrs;   /* block size; pointers per block */
	uint32_t blocks_count, inodes_count, first_data_block;
	uint32_t blocks_per_group, inodes_per_group, inode_size, first_ino;
	uint32_t ngroups, free_blocks, free_inodes;
	uint32_t incompat, ro_compat;
	int ro;
	uint32_t devno;                  /* st_dev of its files */
	struct buf *sbuf;                /* the superblock's block, held */
	struct buf **gbufs;              /* the group descriptor blocks, held */
	uint32_t ngbufs;
	struct inode *hash[64];          /* inodes in memory, by number */
	struct inode *root;
};

/* The ext2 part of an in-memory inode (ip->fsi). */
struct ext2_info {
	uint32_t block[EXT2_NBLOCKS];    /* the block map, or a fast link's text */
	uint32_t blocks;                 /* i_blocks: 512-byte units in use */
	uint32_t flags, file_acl, generation, dtime;
	uint32_t goal;                   /* where to look for its next block */
	struct inode *hnext;             /* the mount's hash chain */
};

static inline struct ext2_info *E2(const struct inode *ip)
{
	return ip->fsi;
}

/* ---- ext2_super.c ---- */
int ext2_mount(struct blkdev *d, int ro, struct ext2_sb **out);
int ext2_sync(struct ext2_sb *sb);                 /* everything to the disk */
int ext2_shutdown(struct ext2_sb *sb);             /* and marked clean (power-off) */
int ext2_remount(struct ext2_sb *sb, int ro);     /* 0, -EBUSY, -EROFS, -EIO */
int ext2_unmount(struct ext2_sb *sb);              /* -EBUSY if files are in use */
struct ext2_group *ext2_group(struct ext2_sb *sb, uint32_t g);
void ext2_group_dirty(struct ext2_sb *sb, uint32_t g);
void ext2_super_dirty(struct ext2_sb *sb);         /* free counts changed */
struct kstatfs;
void ext2_statfs(struct ext2_sb *sb, struct kstatfs *st);

/* ---- ext2_alloc.c: the bitmaps ---- */
int ext2_block_alloc(struct ext2_sb *sb, uint32_t goal, uint32_t *out);
void ext2_block_free(struct ext2_sb *sb, uint32_t block);
int ext2_inode_alloc(struct ext2_sb *sb, uint32_t parent_ino, int dir, uint32_t *out);
void ext2_inode_free(struct ext2_sb *sb, uint32_t ino, int dir);

/* ---- ext2_inode.c ---- */
int ext2_iget(struct ext2_sb *sb, uint32_t ino, struct inode **out);
int ext2_write_inode(struct inode *ip);            /* into its inode table block */
int ext2_new_inode(struct inode *dir, enum inode_type type, uint32_t mode,
		   struct inode **out);
void ext2_evict(struct inode *ip);                 /* nlink 0, refs 0: delete */
void ext2_forget_all(struct ext2_sb *sb);          /* unmount: free the memory */
void ext2_delete_orphans(struct ext2_sb *sb);      /* power-off: open, unnamed files */
int ext2_set_link(struct inode *ip, const char *target, uint32_t len);
uint8_t ext2_ftype(const struct inode *ip);

/* ---- ext2_bmap.c: logical to physical blocks, and truncation ---- */
/* The disk block of file block lblk (0: a hole), allocating it (and the
 * indirect blocks on the way) if create; *fresh says it was just made. */
int ext2_bmap(struct inode *ip, uint32_t lblk, int create, uint32_t *out, int *fresh);
int ext2_free_from(struct inode *ip, uint32_t lblk);  /* free blocks >= lblk */

/* ---- ext2_file.c ---- */
int ext2_read(struct inode *ip, uint64_t off, void *buf, uint32_t n);
int ext2_write(struct inode *ip, uint64_t off, const void *buf, uint32_t n);
int ext2_truncate(struct inode *ip, uint64_t len);

/* ---- ext2_dir.c ---- */
int ext2_dir_load(struct inode *dir);              /* entries into dir's list */
int ext2_dir_add(struct inode *dir, const char *name, uint32_t len, struct inode *ip);
int ext2_dir_remove(struct inode *dir, const char *name, uint32_t len);
int ext2_dir_retarget(struct inode *dir, const char *name, uint32_t len, struct inode *ip);
int ext2_dir_set_parent(struct inode *dir, struct inode *parent);
int ext2_dir_init(struct inode *dir, struct inode *parent);   /* "." and ".." */

#endif /* GUEST_EXT2_H */
