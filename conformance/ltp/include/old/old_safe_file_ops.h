/* old_safe_file_ops.h - the old API's file helpers: like the new ones with
 * a cleanup function first (lib/safe_file_ops.c). */
#ifndef OLD_SAFE_FILE_OPS_H__
#define OLD_SAFE_FILE_OPS_H__

#include "safe_file_ops_fn.h"

#define FILE_SCANF(path, fmt, ...) \
	file_scanf(__FILE__, __LINE__, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_SCANF(cleanup_fn, path, fmt, ...) \
	safe_file_scanf(__FILE__, __LINE__, (cleanup_fn), (path), (fmt), ##__VA_ARGS__)
#define FILE_LINES_SCANF(cleanup_fn, path, fmt, ...) \
	file_lines_scanf(__FILE__, __LINE__, (cleanup_fn), 0, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_LINES_SCANF(cleanup_fn, path, fmt, ...) \
	file_lines_scanf(__FILE__, __LINE__, (cleanup_fn), 1, (path), (fmt), ##__VA_ARGS__)
#define FILE_PRINTF(path, fmt, ...) \
	file_printf(__FILE__, __LINE__, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_PRINTF(cleanup_fn, path, fmt, ...) \
	safe_file_printf(__FILE__, __LINE__, (cleanup_fn), (path), (fmt), ##__VA_ARGS__)
#define SAFE_CP(cleanup_fn, src, dst) \
	safe_cp(__FILE__, __LINE__, (cleanup_fn), (src), (dst))
#define SAFE_TOUCH(cleanup_fn, pathname, mode, times) \
	safe_touch(__FILE__, __LINE__, (cleanup_fn), (pathname), (mode), (times))

#endif
