/* old_device.h - block devices for old-API tests: none here (a test that
 * needs one gets TCONF from tst_acquire_device). */
#ifndef OLD_DEVICE_H__
#define OLD_DEVICE_H__

const char *tst_acquire_device__(unsigned int size);
#define tst_acquire_device(cleanup_fn) tst_acquire_device_old_(cleanup_fn)
const char *tst_acquire_device_old_(void (*cleanup_fn)(void));
int tst_release_device(const char *dev);
void tst_mkfs(void (*cleanup_fn)(void), const char *dev, const char *fs_type,
	      const char *const fs_opts[], const char *extra_opt);
const char *tst_dev_fs_type(void);

#endif
