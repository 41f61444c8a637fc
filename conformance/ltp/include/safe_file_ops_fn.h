/* safe_file_ops_fn.h - scanf/printf on whole files (sysctl-style /proc
 * values), copying and touching, shared by both APIs (lib/safe_file_ops.c). */
#ifndef SAFE_FILE_OPS_FN_H__
#define SAFE_FILE_OPS_FN_H__

#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>

int tst_count_scanf_conversions(const char *fmt);

int file_scanf(const char *file, const int lineno, const char *path,
	       const char *fmt, ...) __attribute__((format(scanf, 4, 5)));
void safe_file_scanf(const char *file, const int lineno,
		     void (*cleanup_fn)(void), const char *path,
		     const char *fmt, ...) __attribute__((format(scanf, 5, 6)));
int file_lines_scanf(const char *file, const int lineno,
		     void (*cleanup_fn)(void), int strict, const char *path,
		     const char *fmt, ...) __attribute__((format(scanf, 6, 7)));
int file_printf(const char *file, const int lineno, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void safe_file_printf(const char *file, const int lineno,
		      void (*cleanup_fn)(void), const char *path,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void safe_try_file_printf(const char *file, const int lineno,
			  void (*cleanup_fn)(void), const char *path,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void safe_cp(const char *file, const int lineno, void (*cleanup_fn)(void),
	     const char *src, const char *dst);
void safe_touch(const char *file, const int lineno, void (*cleanup_fn)(void),
		const char *pathname, mode_t mode, const struct timespec times[2]);

#endif
