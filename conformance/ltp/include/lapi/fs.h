/* lapi/fs.h - inode flags (FS_IOC_GETFLAGS...), the largest file offset
 * and the tst_max_lfs_filesize() of LTP's lapi/fs.h. */
#ifndef LAPI_FS_H__
#define LAPI_FS_H__

#include <limits.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/fs.h>

#ifndef FS_IOC_GETFLAGS
# define FS_IOC_GETFLAGS _IOR('f', 1, long)
#endif
#ifndef FS_IOC_SETFLAGS
# define FS_IOC_SETFLAGS _IOW('f', 2, long)
#endif
#ifndef FS_IMMUTABLE_FL
# define FS_IMMUTABLE_FL 0x00000010
#endif
#ifndef FS_APPEND_FL
# define FS_APPEND_FL 0x00000020
#endif
#ifndef FS_NODUMP_FL
# define FS_NODUMP_FL 0x00000040
#endif
#ifndef FS_COMPR_FL
# define FS_COMPR_FL 0x00000004
#endif
#ifndef FS_VERITY_FL
# define FS_VERITY_FL 0x00100000
#endif

/* The largest offset a file may have: on 32-bit, what the page cache's
 * 32-bit index reaches; on 64-bit, LLONG_MAX. */
static inline long long tst_max_lfs_filesize(void)
{
#ifdef __LP64__
	return LLONG_MAX;
#else
	return ((long long)ULONG_MAX << 12);
#endif
}

#endif
