/* old_device.h - block devices for old-API tests: none here (a test that
 * needs one gets TCONF from tst_acquire_device). */
#ifndef OLD_DEVICE_H__
#define OLD_DEVICE_H__

const char *tst_acquire_device__(unsigned int size);
#define tst_acquire_device(cleanup_fn) tst_acquire_device_old_(cleanup_fn)
const char *tst_acquire_device_old_(void (*cleanup_fn)(void));
#include "tst_device.h"
void tst_mkfs_(void (*cleanup_fn)(void), const char *dev, const char *fs_type,
	       const char *const fs_opts[], const char *extra_opt);
/* tst_mkfs(cleanup, dev, fs_type, fs_opts[, extra_opt]) */
#define tst_mkfs_pick_(_1, _2, _3, _4, _5, NAME, ...) NAME
#define tst_mkfs(...) tst_mkfs_pick_(__VA_ARGS__, tst_mkfs_, tst_mkfs4_, x)(__VA_ARGS__)
#define tst_mkfs4_(c, dev, fs, opts) tst_mkfs_((c), (dev), (fs), (opts), NULL)
const char *tst_dev_fs_type(void);

#endif
