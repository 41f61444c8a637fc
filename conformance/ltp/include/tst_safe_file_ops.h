/* tst_safe_file_ops.h - the new API's file helpers: SAFE_FILE_PRINTF,
 * SAFE_FILE_SCANF, FILE_LINES_SCANF, SAFE_READ_MEMINFO, SAFE_CP, SAFE_TOUCH... */
#ifndef TST_SAFE_FILE_OPS_H__
#define TST_SAFE_FILE_OPS_H__

#include "safe_file_ops_fn.h"

#define FILE_SCANF(path, fmt, ...) \
	file_scanf(__FILE__, __LINE__, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_SCANF(path, fmt, ...) \
	safe_file_scanf(__FILE__, __LINE__, NULL, (path), (fmt), ##__VA_ARGS__)
#define FILE_LINES_SCANF(path, fmt, ...) \
	file_lines_scanf(__FILE__, __LINE__, NULL, 0, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_LINES_SCANF(path, fmt, ...) \
	file_lines_scanf(__FILE__, __LINE__, NULL, 1, (path), (fmt), ##__VA_ARGS__)
#define FILE_PRINTF(path, fmt, ...) \
	file_printf(__FILE__, __LINE__, (path), (fmt), ##__VA_ARGS__)
#define SAFE_FILE_PRINTF(path, fmt, ...) \
	safe_file_printf(__FILE__, __LINE__, NULL, (path), (fmt), ##__VA_ARGS__)
#define SAFE_TRY_FILE_PRINTF(path, fmt, ...) \
	safe_try_file_printf(__FILE__, __LINE__, NULL, (path), (fmt), ##__VA_ARGS__)
#define SAFE_CP(src, dst) safe_cp(__FILE__, __LINE__, NULL, (src), (dst))
#define SAFE_TOUCH(pathname, mode, times) \
	safe_touch(__FILE__, __LINE__, NULL, (pathname), (mode), (times))

/* The number in "Item: N kB" of /proc/meminfo, /proc/PID/status. */
#define SAFE_READ_MEMINFO(item) ({ \
	long tst_rval_; \
	SAFE_FILE_LINES_SCANF("/proc/meminfo", item " %ld", &tst_rval_); \
	tst_rval_; })
#define SAFE_READ_PROC_STATUS(pid, item) ({ \
	long tst_rval_; \
	char tst_path_[128]; \
	sprintf(tst_path_, "/proc/%d/status", (int)(pid)); \
	SAFE_FILE_LINES_SCANF(tst_path_, item " %ld", &tst_rval_); \
	tst_rval_; })

#endif
