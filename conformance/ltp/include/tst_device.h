/* tst_device.h - test block devices. This library has none: a test that
 * needs a device (needs_device, mount_device, all_filesystems) ends in TCONF
 * before its setup; tst_device stays NULL. */
#ifndef TST_DEVICE_H__
#define TST_DEVICE_H__

#include <stdint.h>
#include <unistd.h>

struct tst_device {
	const char *dev;
	const char *fs_type;
	uint64_t size;
};

extern struct tst_device *tst_device;

int tst_umount(const char *path);
int tst_is_mounted(const char *path);
int tst_is_mounted_at_tmpdir(const char *path);
const char *tst_acquire_device_(void (*cleanup_fn)(void), unsigned int size);
int tst_release_device_(const char *dev);
/* tst_release_device([cleanup,] dev): the old API passed a cleanup. */
#define tst_release_device_pick_(_1, _2, NAME, ...) NAME
#define tst_release_device(...) tst_release_device_pick_(__VA_ARGS__, \
	tst_release_device_old_, tst_release_device_)(__VA_ARGS__)
#define tst_release_device_old_(cleanup, dev) tst_release_device_(dev)
/* Remove everything inside DIR (not DIR itself). */
void tst_purge_dir(const char *path);
void tst_dev_sync(int fd);
unsigned long tst_dev_bytes_written(const char *dev);
void tst_find_backing_dev(const char *path, char *dev, size_t dev_size);
int tst_dev_block_size(const char *path);
void tst_purge_drop_caches(void);
const char *tst_dev_fs_type(void);

#endif
