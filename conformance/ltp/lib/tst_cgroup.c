/* tst_cgroup.c - control groups are not set up by this library (a test
 * asking for controllers gets TCONF first); these exist so such tests link. */
#include <stddef.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

const struct tst_cg_group *const tst_cg;
const struct tst_cg_group *const tst_cg_drain;

void safe_cg_printf(const char *file, const int lineno,
		    const struct tst_cg_group *cg, const char *file_name,
		    const char *fmt, ...)
{
	(void)cg; (void)fmt;
	tst_brk_(file, lineno, TCONF, "cgroup file %s: no cgroups here", file_name);
}

int safe_cg_has(const char *file, const int lineno,
		const struct tst_cg_group *cg, const char *file_name)
{
	(void)cg;
	tst_brk_(file, lineno, TCONF, "cgroup file %s: no cgroups here", file_name);
	return 0;
}

struct tst_cg_group *tst_cg_group_mk(const struct tst_cg_group *parent,
				     const char *fmt, ...)
{
	(void)parent; (void)fmt;
	tst_brk(TCONF, "cgroups are not set up by this library");
	return NULL;
}

int tst_cg_ver_is_v1_(const struct tst_cg_group *cg, const char *ctrl)
{
	(void)cg;
	tst_brk(TCONF, "cgroup controller %s: no cgroups here", ctrl);
	return 0;
}

struct tst_cg_group *tst_cg_group_rm(struct tst_cg_group *cg)
{
	(void)cg;
	return NULL;
}
