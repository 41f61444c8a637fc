/* tst_sys_conf.c - test.save_restore: read each /proc or /sys value
 * before the test (and write the test's value if it has one), write the
 * saved values back at the end, newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

struct saved_conf {
	char path[PATH_MAX];
	char value[PATH_MAX];
	struct saved_conf *next;
};

static struct saved_conf *saved;

void tst_sys_conf_save_str(const char *path, const char *value)
{
	struct saved_conf *n = SAFE_MALLOC(sizeof(*n));

	snprintf(n->path, sizeof(n->path), "%s", path);
	snprintf(n->value, sizeof(n->value), "%s", value);
	n->next = saved;
	saved = n;
}

/* What a missing or read-only path means, by the entry's flags. */
static int unusable(const struct tst_path_val *conf, int missing)
{
	int skip = missing ? TST_SR_SKIP_MISSING : TST_SR_SKIP_RO;
	int brk = missing ? TST_SR_TBROK_MISSING : TST_SR_TBROK_RO;
	const char *what = missing ? "Path not found" : "Path is not writable";

	if (conf->flags & skip) {
		tst_res(TINFO | TERRNO, "%s: %s", what, conf->path);
		return 1;
	}
	tst_brk(((conf->flags & brk) ? TBROK : TCONF) | TERRNO, "%s: %s",
		what, conf->path);
	return 1;
}

int tst_sys_conf_save(const struct tst_path_val *conf)
{
	char line[PATH_MAX];
	FILE *f;
	int ok;

	if (!conf || !conf->path)
		tst_brk(TBROK, "path is empty");
	if (access(conf->path, F_OK))
		return unusable(conf, 1);
	if (access(conf->path, W_OK))
		return unusable(conf, 0);
	f = fopen(conf->path, "r");
	if (!f) {
		if (!(conf->flags & TST_SR_IGNORE_ERR))
			tst_brk(TBROK | TERRNO, "Failed to open '%s' for reading",
				conf->path);
		return 1;
	}
	ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (!ok) {
		if (!(conf->flags & TST_SR_IGNORE_ERR))
			tst_brk(TBROK | TERRNO, "Failed to read anything from '%s'",
				conf->path);
		return 1;
	}
	tst_sys_conf_save_str(conf->path, line);
	if (!conf->val)
		return 0;
	if (FILE_PRINTF(conf->path, "%s", conf->val) &&
	    !(conf->flags & TST_SR_IGNORE_ERR))
		tst_brk(TBROK | TERRNO, "Failed to write into '%s'", conf->path);
	return 0;
}

void tst_sys_conf_restore(int verbose)
{
	struct saved_conf *i;

	for (i = saved; i; i = i->next) {
		if (verbose)
			tst_res(TINFO, "Restoring conf.: %s -> %s", i->path,
				i->value);
		FILE_PRINTF(i->path, "%s", i->value);
	}
}

void tst_sys_conf_dump(void)
{
	struct saved_conf *i;

	for (i = saved; i; i = i->next)
		tst_res(TINFO, "%s = %s", i->path, i->value);
}
