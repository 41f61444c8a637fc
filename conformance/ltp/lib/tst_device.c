/* tst_device.c - block devices and mounts: this library acquires no
 * devices (TCONF), but unmounting and mount queries are real. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/mount.h>

#include "test.h"
#include "tst_device.h"

const char *tst_acquire_device_(void (*cleanup_fn)(void), unsigned int size)
{
	(void)size;
	tst_brkm(TCONF, cleanup_fn, "Failed to acquire device");
	return NULL;
}

const char *tst_acquire_device_old_(void (*cleanup_fn)(void))
{
	return tst_acquire_device_(cleanup_fn, 0);
}

int tst_release_device_(const char *dev)
{
	(void)dev;
	return 0;
}

const char *tst_dev_fs_type(void)
{
	const char *t = getenv("LTP_DEV_FS_TYPE");

	return t ? t : "ext2";
}

void tst_mkfs_(void (*cleanup_fn)(void), const char *dev, const char *fs_type,
	       const char *const fs_opts[], const char *extra_opt)
{
	(void)dev; (void)fs_type; (void)fs_opts; (void)extra_opt;
	tst_brkm(TCONF, cleanup_fn, "mkfs is not supported by this library");
}

/* Unmount, retrying a few times while the mount is busy. */
int tst_umount(const char *path)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (!umount(path))
			return 0;
		if (errno != EBUSY)
			break;
		usleep(100000);
	}
	tst_resm(TWARN | TERRNO, "umount('%s') failed", path);
	return -1;
}

int tst_is_mounted(const char *path)
{
	char line[PATH_MAX * 2], real[PATH_MAX], dir[PATH_MAX];
	int found = 0;
	FILE *f;

	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	f = fopen("/proc/mounts", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s", dir) == 1 && !strcmp(dir, real))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

int tst_is_mounted_at_tmpdir(const char *path)
{
	return tst_is_mounted(path);
}

void tst_dev_sync(int fd)
{
	syncfs(fd);
}

void tst_purge_drop_caches(void)
{
	sync();
}
