/* tst_tmpdir.c - the test's temporary directory: tst_tmpdir() creates
 * $TMPDIR/LTP_<tcid>XXXXXX (mode 0777, TMPDIR defaults to /tmp), remembers
 * where the test started and enters it; tst_rmdir() leaves it and removes
 * it with its whole content, making directories writable on the way. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "test.h"
#include "tst_private.h"

char *tst_aprintf(const char *fmt, ...);
extern char *TCID;

static char *tmpdir;
static char startwd[PATH_MAX];

int tst_tmpdir_created(void)
{
	return tmpdir != NULL;
}

const char *tst_get_tmpdir_root(void)
{
	const char *env = getenv("TMPDIR");

	if (!env || !env[0])
		return "/tmp";
	if (env[0] != '/')
		tst_brkm(TBROK, NULL, "You must specify an absolute "
			 "pathname for environment variable TMPDIR");
	return env;
}

char *tst_get_tmpdir(void)
{
	char *ret;

	if (!tmpdir) {
		tst_brkm(TBROK, NULL, "you must call tst_tmpdir() first");
		return NULL;
	}
	ret = strdup(tmpdir);
	if (!ret)
		tst_brkm(TBROK | TERRNO, NULL, "strdup() failed");
	return ret;
}

const char *tst_get_startwd(void)
{
	if (!startwd[0] && !getcwd(startwd, sizeof(startwd)))
		startwd[0] = 0;
	return startwd;
}

static const char *tcid_for_name(void)
{
	if (tst_tcid)
		return tst_tcid;
	return TCID ? TCID : "tst";
}

void tst_tmpdir(void)
{
	char path[PATH_MAX];

	tst_get_startwd();
	snprintf(path, sizeof(path), "%s/LTP_%.3sXXXXXX", tst_get_tmpdir_root(),
		 tcid_for_name());
	if (!mkdtemp(path)) {
		tst_brkm(TBROK | TERRNO, NULL, "mkdtemp(%s) failed", path);
		return;
	}
	tmpdir = strdup(path);
	if (chown(path, -1, getgid()) || chmod(path, 0777))
		tst_resm(TWARN | TERRNO, "chown/chmod(%s) failed", path);
	if (chdir(path)) {
		tst_brkm(TBROK | TERRNO, tst_rmdir, "chdir(%s) failed", path);
		return;
	}
}

/* Remove PATH (a file or a whole tree) below the current directory. */
static int remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int ret = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	chmod(path, 0777);
	d = opendir(path);
	if (d) {
		while ((e = readdir(d))) {
			char sub[PATH_MAX];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			if (remove_tree(sub))
				ret = -1;
		}
		closedir(d);
	}
	if (rmdir(path))
		ret = -1;
	return ret;
}

void tst_purge_dir(const char *path)
{
	struct dirent *e;
	DIR *d = opendir(path);

	if (!d) {
		tst_brkm(TBROK | TERRNO, NULL, "opendir(%s) failed", path);
		return;
	}
	while ((e = readdir(d))) {
		char sub[PATH_MAX];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (remove_tree(sub))
			tst_brkm(TBROK | TERRNO, NULL, "removing %s failed", sub);
	}
	closedir(d);
}

void tst_rmdir(void)
{
	char *dir = tmpdir;

	if (!dir)
		return;
	tmpdir = NULL;
	/* Leave the directory first: it cannot be removed while in use on
	 * some systems, and the test may have made it unreadable. */
	if (chdir(tst_get_tmpdir_root()))
		tst_resm(TWARN | TERRNO, "chdir(%s) failed", tst_get_tmpdir_root());
	if (remove_tree(dir))
		tst_resm(TWARN | TERRNO, "tst_rmdir: failed to remove %s", dir);
	free(dir);
}

const char *tst_tmpdir_path(void)
{
	if (!tmpdir)
		tst_brkm(TBROK, NULL, "you must call tst_tmpdir() first");
	return tmpdir;
}

/* "<tmpdir>/<formatted>" in a guarded buffer. */
char *tst_tmpdir_genpath(const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list va;

	va_start(va, fmt);
	vsnprintf(rel, sizeof(rel), fmt, va);
	va_end(va);
	return tst_aprintf("%s/%s", tst_tmpdir_path(), rel);
}

char *tst_tmpdir_mkpath(const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list va;

	va_start(va, fmt);
	vsnprintf(rel, sizeof(rel), fmt, va);
	va_end(va);
	return tst_aprintf("%s/%s", tst_tmpdir_path(), rel);
}
