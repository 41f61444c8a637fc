/* tst_assert.c - TST_ASSERT_*: the value in a file (optionally on the line
 * starting with a prefix) against an expected one, TPASS or TFAIL. */
#include <stdio.h>
#include <string.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

void tst_assert_int(const char *file, const int lineno, const char *path,
		    int val)
{
	int sys_val;

	safe_file_scanf(file, lineno, NULL, path, "%d", &sys_val);
	tst_res_(file, lineno, val == sys_val ? TPASS : TFAIL,
		 "%s = %d%s%d", path, sys_val, val == sys_val ? "" : ", expected ",
		 val == sys_val ? sys_val : val);
}

void tst_assert_ulong(const char *file, const int lineno, const char *path,
		      unsigned long val)
{
	unsigned long sys_val;

	safe_file_scanf(file, lineno, NULL, path, "%lu", &sys_val);
	if (val == sys_val)
		tst_res_(file, lineno, TPASS, "%s = %lu", path, val);
	else
		tst_res_(file, lineno, TFAIL, "%s != %lu got %lu", path, val,
			 sys_val);
}

void tst_assert_file_int(const char *file, const int lineno, const char *path,
			 const char *prefix, int val)
{
	char fmt[256];
	int sys_val;

	snprintf(fmt, sizeof(fmt), "%s%%d", prefix);
	file_lines_scanf(file, lineno, NULL, 1, path, fmt, &sys_val);
	if (val == sys_val)
		tst_res_(file, lineno, TPASS, "%s %s field = %d", path, prefix,
			 sys_val);
	else
		tst_res_(file, lineno, TFAIL, "%s %s field = %d, expected %d",
			 path, prefix, sys_val, val);
}

void tst_assert_str(const char *file, const int lineno, const char *path,
		    const char *val)
{
	char sys_val[1024];

	safe_file_scanf(file, lineno, NULL, path, "%1023s", sys_val);
	if (!strcmp(val, sys_val))
		tst_res_(file, lineno, TPASS, "%s = '%s'", path, sys_val);
	else
		tst_res_(file, lineno, TFAIL, "%s != '%s' got '%s'", path, val,
			 sys_val);
}

void tst_assert_file_str(const char *file, const int lineno, const char *path,
			 const char *prefix, const char *val)
{
	char fmt[256], sys_val[1024];

	snprintf(fmt, sizeof(fmt), "%s: %%1023s", prefix);
	file_lines_scanf(file, lineno, NULL, 1, path, fmt, sys_val);
	if (!strcmp(val, sys_val))
		tst_res_(file, lineno, TPASS, "%s %s field = %s", path, prefix,
			 sys_val);
	else
		tst_res_(file, lineno, TFAIL, "%s %s field = %s, expected %s",
			 path, prefix, sys_val, val);
}
