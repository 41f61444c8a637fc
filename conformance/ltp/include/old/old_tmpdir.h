/* old_tmpdir.h - the per-test temporary directory (lib/tst_tmpdir.c):
 * tst_tmpdir() makes a fresh one under $TMPDIR and enters it, tst_rmdir()
 * removes it with everything inside. */
#ifndef OLD_TMPDIR_H__
#define OLD_TMPDIR_H__

void tst_tmpdir(void);
void tst_rmdir(void);
char *tst_get_tmpdir(void);
const char *tst_get_tmpdir_root(void);
const char *tst_get_startwd(void);
int tst_tmpdir_created(void);

#endif
