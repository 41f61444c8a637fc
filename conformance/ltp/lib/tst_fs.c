/* tst_fs.c - filesystem helpers: the type of the filesystem holding a path
 * and its name, free space, filling a file or a whole filesystem, counting
 * how many links or subdirectories a directory takes, mount flags of a
 * path. Only the filesystem under $TMPDIR is ever used (no devices). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <mntent.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/statvfs.h>

#include "test.h"

long tst_fs_type_(void (*cleanup)(void), const char *path)
{
	struct statfs sb;

	if (statfs(path, &sb)) {
		tst_brkm(TBROK | TERRNO, cleanup, "tst_fs_type: statfs(%s) failed",
			 path);
		return 0;
	}
	return sb.f_type;
}

long tst_fs_type_new_(const char *path)
{
	return tst_fs_type_(NULL, path);
}

const char *tst_fs_type_name(long f_type)
{
	switch ((unsigned long)f_type) {
	case TST_TMPFS_MAGIC: return "tmpfs";
	case TST_NFS_MAGIC: return "nfs";
	case TST_V9FS_MAGIC: return "9p";
	case TST_RAMFS_MAGIC: return "ramfs";
	case TST_BTRFS_MAGIC: return "btrfs";
	case TST_XFS_MAGIC: return "xfs";
	case TST_EXT2_OLD_MAGIC: return "ext2";
	case TST_EXT234_MAGIC: return "ext2/ext3/ext4";
	case TST_MINIX_MAGIC: case TST_MINIX_MAGIC2: case TST_MINIX2_MAGIC:
	case TST_MINIX2_MAGIC2: case TST_MINIX3_MAGIC: return "minix";
	case TST_UDF_MAGIC: return "udf";
	case TST_SYSV2_MAGIC: case TST_SYSV4_MAGIC: return "sysv";
	case TST_UFS_MAGIC: case TST_UFS2_MAGIC: return "ufs";
	case TST_F2FS_MAGIC: return "f2fs";
	case TST_NILFS_MAGIC: return "nilfs";
	case TST_EXOFS_MAGIC: return "exofs";
	case TST_OVERLAYFS_MAGIC: return "overlayfs";
	case TST_FUSE_MAGIC: return "fuse";
	case TST_VFAT_MAGIC: return "vfat";
	case TST_EXFAT_MAGIC: return "exfat";
	case TST_PROC_MAGIC: return "proc";
	case TST_SYSFS_MAGIC: return "sysfs";
	}
	return "unknown";
}

int tst_fs_in_skiplist(const char *fs_type, const char *const *skiplist)
{
	for (; skiplist && *skiplist; skiplist++) {
		if (!strcmp(fs_type, *skiplist))
			return 1;
		/* "ext2/ext3/ext4" is what statfs can tell of those three */
		if (!strncmp(*skiplist, "ext", 3) && strstr(fs_type, *skiplist))
			return 1;
	}
	return 0;
}

int tst_fs_has_free_(void (*cleanup)(void), const char *path,
		     unsigned int size, unsigned int mult)
{
	struct statvfs sf;

	if (statvfs(path, &sf)) {
		tst_brkm(TBROK | TERRNO, cleanup,
			 "tst_fs_has_free: failed to statvfs(%s)", path);
		return 0;
	}
	return (unsigned long long)sf.f_bavail * sf.f_frsize >=
	       (unsigned long long)size * mult;
}

int tst_fs_has_free_new_(const char *path, uint64_t size, unsigned int mult)
{
	struct statvfs sf;

	if (statvfs(path, &sf)) {
		tst_brkm(TBROK | TERRNO, NULL,
			 "tst_fs_has_free: failed to statvfs(%s)", path);
		return 0;
	}
	return (unsigned long long)sf.f_bavail * sf.f_frsize >= size * mult;
}

int tst_fill_file(const char *path, char pattern, size_t bs, size_t bcount)
{
	char *buf = malloc(bs);
	size_t i;
	int fd;

	if (!buf)
		return -1;
	memset(buf, pattern, bs);
	fd = open(path, O_RDWR | O_CREAT, 0700);
	if (fd < 0)
		goto fail;
	for (i = 0; i < bcount; i++)
		if (write(fd, buf, bs) != (ssize_t)bs)
			goto fail;
	if (close(fd) < 0)
		goto fail_free;
	free(buf);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
fail_free:
	unlink(path);
	free(buf);
	return -1;
}

int tst_prealloc_file(const char *path, size_t bs, size_t bcount)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0700);
	int ret;

	if (fd < 0)
		return -1;
	ret = posix_fallocate(fd, 0, (off_t)bs * bcount);
	close(fd);
	if (ret) {
		unlink(path);
		errno = ret;
		return -1;
	}
	return 0;
}

/* Write files of 1 MiB blocks into PATH until the filesystem is full. */
void tst_fill_fs_(const char *path, int verbose, int pattern)
{
	char file[PATH_MAX], buf[4096];
	int i, fd;

	memset(buf, pattern == 1 ? 0 : 'a', sizeof(buf));
	for (i = 0;; i++) {
		snprintf(file, sizeof(file), "%s/file%i", path, i);
		fd = open(file, O_WRONLY | O_CREAT, 0700);
		if (fd < 0) {
			if (errno == ENOSPC || errno == EDQUOT)
				return;
			tst_brkm(TBROK | TERRNO, NULL, "open(%s) failed", file);
			return;
		}
		for (;;) {
			if (write(fd, buf, sizeof(buf)) < 0) {
				close(fd);
				if (errno == ENOSPC || errno == EFBIG || errno == EDQUOT)
					break;
				tst_brkm(TBROK | TERRNO, NULL, "write() failed");
				return;
			}
		}
		if (verbose)
			tst_resm(TINFO, "Filled %s", file);
		if (errno != EFBIG)
			return;
	}
}

int tst_dir_is_empty_(void (*cleanup)(void), const char *name, int verbose)
{
	struct dirent *e;
	DIR *d = opendir(name);
	int empty = 1;

	if (!d) {
		tst_brkm(TBROK | TERRNO, cleanup, "opendir(%s) failed", name);
		return 0;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (verbose)
			tst_resm(TINFO, "found a file: %s", e->d_name);
		empty = 0;
		break;
	}
	closedir(d);
	return empty;
}

/* How many hard links to one file DIR takes (EMLINK, or 65535 max). */
int tst_fs_fill_hardlinks_(void (*cleanup)(void), const char *dir)
{
	char base[PATH_MAX], link_path[PATH_MAX];
	struct stat st;
	unsigned int i;

	if (mkdir(dir, 0744) && errno != EEXIST)
		tst_brkm(TBROK | TERRNO, cleanup, "mkdir(%s) failed", dir);
	snprintf(base, sizeof(base), "%s/testfile0", dir);
	if (close(open(base, O_CREAT | O_RDWR, 0644)))
		tst_brkm(TBROK | TERRNO, cleanup, "creat(%s) failed", base);
	for (i = 1; i < 65535; i++) {
		snprintf(link_path, sizeof(link_path), "%s/testfile%u", dir, i);
		if (link(base, link_path)) {
			if (errno == EMLINK) {
				stat(base, &st);
				tst_resm(TINFO, "the maximum number of hard links "
					 "to %s is hit: %d", base, (int)st.st_nlink);
				return st.st_nlink;
			}
			if (errno == ENOSPC || errno == EDQUOT) {
				tst_resm(TINFO | TERRNO, "link(%s, %s) failed",
					 base, link_path);
				return 0;
			}
			tst_brkm(TBROK | TERRNO, cleanup, "link(%s, %s) failed",
				 base, link_path);
		}
	}
	tst_resm(TINFO, "Failed reach the hardlinks limit");
	return 0;
}

/* How many subdirectories DIR takes (EMLINK, or 65535 max). */
int tst_fs_fill_subdirs_(void (*cleanup)(void), const char *dir)
{
	char sub[PATH_MAX];
	struct stat st;
	unsigned int i;

	if (mkdir(dir, 0744) && errno != EEXIST)
		tst_brkm(TBROK | TERRNO, cleanup, "mkdir(%s) failed", dir);
	for (i = 0; i < 65535; i++) {
		snprintf(sub, sizeof(sub), "%s/testdir%u", dir, i);
		if (mkdir(sub, 0755)) {
			if (errno == EMLINK) {
				stat(dir, &st);
				tst_resm(TINFO, "the maximum subdirectories in "
					 "%s is hit: %d", dir, (int)st.st_nlink);
				return st.st_nlink;
			}
			if (errno == ENOSPC || errno == EDQUOT) {
				tst_resm(TINFO | TERRNO, "mkdir(%s) failed", sub);
				return 0;
			}
			tst_brkm(TBROK | TERRNO, cleanup, "mkdir(%s) failed", sub);
		}
	}
	tst_resm(TINFO, "Failed reach the subdirs limit");
	return 0;
}

int tst_fs_is_supported(const char *fs_type)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/filesystems", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *name = strrchr(line, '\t');

		name = name ? name + 1 : line;
		name[strcspn(name, "\n")] = 0;
		if (!strcmp(name, fs_type))
			found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

const char **tst_get_supported_fs_types(const char *const *skiplist)
{
	static const char *none[] = { NULL };

	(void)skiplist;
	return none;
}

/* Is PATH (default: the temporary directory) on a mount with all FLAGS? */
int tst_path_has_mnt_flags_(void (*cleanup)(void), const char *path,
			    const char *flags[])
{
	char real[PATH_MAX], best[PATH_MAX] = "", opts[4096] = "";
	struct mntent *m;
	FILE *f;
	int i, n = 0;

	if (!path)
		path = ".";
	if (!realpath(path, real)) {
		tst_brkm(TBROK | TERRNO, cleanup, "realpath(%s) failed", path);
		return 0;
	}
	f = setmntent("/proc/mounts", "r");
	if (!f) {
		tst_brkm(TBROK | TERRNO, cleanup, "setmntent() failed");
		return 0;
	}
	while ((m = getmntent(f))) {
		size_t len = strlen(m->mnt_dir);

		if (strncmp(real, m->mnt_dir, len) ||
		    (real[len] && real[len] != '/' && len > 1) ||
		    len < strlen(best))
			continue;
		snprintf(best, sizeof(best), "%s", m->mnt_dir);
		snprintf(opts, sizeof(opts), "%s", m->mnt_opts);
	}
	endmntent(f);
	for (i = 0; flags[i]; i++) {
		struct mntent fake = { .mnt_opts = opts };

		if (hasmntopt(&fake, flags[i]))
			n++;
	}
	return n;
}
