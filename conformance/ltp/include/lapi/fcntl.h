/* lapi/fcntl.h - fcntl/open/*at constants, with the kernel's values for
 * those an older C library may lack. */
#ifndef LAPI_FCNTL_H__
#define LAPI_FCNTL_H__

#include <fcntl.h>
#include <sys/socket.h>

#ifndef O_DIRECT
# define O_DIRECT 040000
#endif
#ifndef O_CLOEXEC
# define O_CLOEXEC 02000000
#endif
#ifndef SOCK_CLOEXEC
# define SOCK_CLOEXEC O_CLOEXEC
#endif
#ifndef SOCK_NONBLOCK
# define SOCK_NONBLOCK O_NONBLOCK
#endif
#ifndef O_TMPFILE
# define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
#ifndef F_DUPFD_CLOEXEC
# define F_DUPFD_CLOEXEC 1030
#endif
#ifndef F_SETPIPE_SZ
# define F_SETPIPE_SZ 1031
#endif
#ifndef F_GETPIPE_SZ
# define F_GETPIPE_SZ 1032
#endif
#ifndef F_OWNER_PGRP
# define F_OWNER_PGRP 2
#endif
#ifndef F_OFD_GETLK
# define F_OFD_GETLK 36
#endif
#ifndef F_OFD_SETLK
# define F_OFD_SETLK 37
#endif
#ifndef F_OFD_SETLKW
# define F_OFD_SETLKW 38
#endif
#ifndef F_ADD_SEALS
# define F_ADD_SEALS 1033
# define F_GET_SEALS 1034
# define F_SEAL_SEAL 0x0001
# define F_SEAL_SHRINK 0x0002
# define F_SEAL_GROW 0x0004
# define F_SEAL_WRITE 0x0008
#endif
#ifndef F_SEAL_FUTURE_WRITE
# define F_SEAL_FUTURE_WRITE 0x0010
#endif
#ifndef F_SEAL_EXEC
# define F_SEAL_EXEC 0x0020
#endif
#ifndef AT_FDCWD
# define AT_FDCWD -100
#endif
#ifndef AT_SYMLINK_NOFOLLOW
# define AT_SYMLINK_NOFOLLOW 0x100
#endif
#ifndef AT_REMOVEDIR
# define AT_REMOVEDIR 0x200
#endif
#ifndef AT_SYMLINK_FOLLOW
# define AT_SYMLINK_FOLLOW 0x400
#endif
#ifndef AT_NO_AUTOMOUNT
# define AT_NO_AUTOMOUNT 0x800
#endif
#ifndef AT_EMPTY_PATH
# define AT_EMPTY_PATH 0x1000
#endif
#ifndef AT_RECURSIVE
# define AT_RECURSIVE 0x8000
#endif
#ifndef AT_HANDLE_FID
# define AT_HANDLE_FID AT_REMOVEDIR
#endif
#ifndef O_NOATIME
# define O_NOATIME 01000000
#endif
#ifndef O_PATH
# define O_PATH 010000000
#endif
#ifndef FALLOC_FL_KEEP_SIZE
# define FALLOC_FL_KEEP_SIZE 1
#endif
#ifndef RENAME_NOREPLACE
# define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
# define RENAME_EXCHANGE (1 << 1)
#endif
#ifndef RENAME_WHITEOUT
# define RENAME_WHITEOUT (1 << 2)
#endif
#ifndef F_CREATED_QUERY
# define F_CREATED_QUERY 1028
#endif
#ifndef PATH_FS_PIPE_MAX_SIZE
# define PATH_FS_PIPE_MAX_SIZE "/proc/sys/fs/pipe-max-size"
#endif
#ifndef MAX_LFS_FILESIZE
/* i386: the page cache index is 32 bits */
# define MAX_LFS_FILESIZE ((loff_t)ULONG_MAX << 12)
#endif

#endif
