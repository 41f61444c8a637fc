/* tst_tmpdir.h - the test's temporary directory (lib/tst_tmpdir.c). */
#ifndef TST_TMPDIR_H__
#define TST_TMPDIR_H__

char *tst_get_tmpdir(void);
const char *tst_get_tmpdir_root(void);
const char *tst_get_startwd(void);
/* The path of the temporary directory, and paths inside it. */
const char *tst_tmpdir_path(void);
char *tst_tmpdir_genpath(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *tst_tmpdir_mkpath(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
