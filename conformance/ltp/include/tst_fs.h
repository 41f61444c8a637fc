/* tst_fs.h - filesystem facts and fillers: magic numbers of statfs(2),
 * tst_fs_type(), free space, filling a file or a filesystem. */
#ifndef TST_FS_H__
#define TST_FS_H__

#include <stddef.h>
#include <stdint.h>

#define TST_BTRFS_MAGIC    0x9123683E
#define TST_NFS_MAGIC      0x6969
#define TST_RAMFS_MAGIC    0x858458f6
#define TST_TMPFS_MAGIC    0x01021994
#define TST_V9FS_MAGIC     0x01021997
#define TST_XFS_MAGIC      0x58465342
#define TST_EXT2_OLD_MAGIC 0xEF51
#define TST_EXT234_MAGIC   0xEF53
#define TST_MINIX_MAGIC    0x137F
#define TST_MINIX_MAGIC2   0x138F
#define TST_MINIX2_MAGIC   0x2468
#define TST_MINIX2_MAGIC2  0x2478
#define TST_MINIX3_MAGIC   0x4D5A
#define TST_UDF_MAGIC      0x15013346
#define TST_SYSV2_MAGIC    0x012FF7B6
#define TST_SYSV4_MAGIC    0x012FF7B5
#define TST_UFS_MAGIC      0x00011954
#define TST_UFS2_MAGIC     0x19540119
#define TST_F2FS_MAGIC     0xF2F52010
#define TST_NILFS_MAGIC    0x3434
#define TST_EXOFS_MAGIC    0x5DF5
#define TST_OVERLAYFS_MAGIC 0x794c7630
#define TST_FUSE_MAGIC     0x65735546
#define TST_VFAT_MAGIC     0x4d44
#define TST_EXFAT_MAGIC    0x2011BAB0UL
#define TST_BCACHE_MAGIC   0xca451a4e
#define TST_PROC_MAGIC     0x9fa0
#define TST_SYSFS_MAGIC    0x62656572
#define TST_DEVPTS_MAGIC   0x1cd1

enum {
	TST_BYTES = 1,
	TST_KB = 1024,
	TST_MB = 1048576,
	TST_GB = 1073741824,
};

#define OVL_BASE_MNTPOINT "mntpoint"
#define OVL_LOWER OVL_BASE_MNTPOINT "/lower"
#define OVL_UPPER OVL_BASE_MNTPOINT "/upper"
#define OVL_WORK  OVL_BASE_MNTPOINT "/work"
#define OVL_MNT   OVL_BASE_MNTPOINT "/ovl"

/* Old API helpers take a cleanup first: pick by argument count. */
#define tst_fs_pick3_(_1, _2, _3, NAME, ...) NAME

long tst_fs_type_(void (*cleanup)(void), const char *path);
#define tst_fs_type(...) tst_fs_type_old_or_new_(__VA_ARGS__)
long tst_fs_type_new_(const char *path);
#define tst_fs_type_pick_(_1, _2, NAME, ...) NAME
#define tst_fs_type_old_or_new_(...) \
	tst_fs_type_pick_(__VA_ARGS__, tst_fs_type_, tst_fs_type_new_)(__VA_ARGS__)
const char *tst_fs_type_name(long f_type);

/* Has the filesystem of PATH at least SIZE * MULT bytes free? */
int tst_fs_has_free_(void (*cleanup)(void), const char *path,
		     unsigned int size, unsigned int mult);
int tst_fs_has_free_new_(const char *path, uint64_t size, unsigned int mult);
#define tst_fs_has_free_pick_(_1, _2, _3, _4, NAME, ...) NAME
#define tst_fs_has_free(...) \
	tst_fs_has_free_pick_(__VA_ARGS__, tst_fs_has_free_, tst_fs_has_free_new_)(__VA_ARGS__)

/* Write BCOUNT blocks of BS bytes of PATTERN to PATHNAME: 0 or -1. */
int tst_fill_file(const char *path, char pattern, size_t bs, size_t bcount);
int tst_prealloc_file(const char *path, size_t bs, size_t bcount);
/* Fill the filesystem at PATH until it is full (ENOSPC). */
void tst_fill_fs_(const char *path, int verbose, int pattern);
/* tst_fill_fs(path, verbose[, pattern]): LTP added the pattern in 2023. */
#define tst_fill_fs(...) \
	tst_fs_pick3_(__VA_ARGS__, tst_fill_fs_, tst_fill_fs2_, x)(__VA_ARGS__)
#define tst_fill_fs2_(path, verbose) tst_fill_fs_((path), (verbose), 0)
#define TST_FILL_RANDOM 0
#define TST_FILL_BLOCKS 1
/* New API: no cleanup argument; old API: cleanup first. */
int tst_dir_is_empty_(void (*cleanup)(void), const char *name, int verbose);
#define tst_dir_is_empty(...) \
	tst_fs_pick3_(__VA_ARGS__, tst_dir_is_empty_, tst_dir_is_empty_new_, x)(__VA_ARGS__)
#define tst_dir_is_empty_new_(name, verbose) tst_dir_is_empty_(NULL, (name), (verbose))
int tst_fs_fill_hardlinks_(void (*cleanup)(void), const char *dir);
#define tst_fs_fill_hardlinks(...) \
	tst_fs_type_pick_(__VA_ARGS__, tst_fs_fill_hardlinks_, tst_fs_fill_hardlinks_new_)(__VA_ARGS__)
#define tst_fs_fill_hardlinks_new_(dir) tst_fs_fill_hardlinks_(NULL, (dir))
int tst_fs_fill_subdirs_(void (*cleanup)(void), const char *dir);
#define tst_fs_fill_subdirs(...) \
	tst_fs_type_pick_(__VA_ARGS__, tst_fs_fill_subdirs_, tst_fs_fill_subdirs_new_)(__VA_ARGS__)
#define tst_fs_fill_subdirs_new_(dir) tst_fs_fill_subdirs_(NULL, (dir))
int tst_fs_is_supported(const char *fs_type);
const char **tst_get_supported_fs_types(const char *const *skiplist);
int tst_fs_in_skiplist(const char *fs_type, const char *const *skiplist);
int tst_path_has_mnt_flags_(void (*cleanup)(void), const char *path,
			    const char *flags[]);
#define tst_path_has_mnt_flags(...) \
	tst_fs_pick3_(__VA_ARGS__, tst_path_has_mnt_flags_, tst_path_has_mnt_flags_new_, x)(__VA_ARGS__)
#define tst_path_has_mnt_flags_new_(path, flags) \
	tst_path_has_mnt_flags_(NULL, (path), (flags))

#endif
