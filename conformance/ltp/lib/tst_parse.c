/* tst_parse.c - parsing of option values: integers, floats and sizes with
 * k/m/g suffixes in a range. 0 on success (or NULL input), else an errno. */
#include <stdlib.h>
#include <errno.h>
#include <limits.h>

int tst_parse_long(const char *str, long *val, long min, long max)
{
	char *end;
	long rval;

	if (!str)
		return 0;
	errno = 0;
	rval = strtol(str, &end, 10);
	if (str == end || *end)
		return EINVAL;
	if (errno)
		return errno;
	if (rval > max || rval < min)
		return ERANGE;
	*val = rval;
	return 0;
}

int tst_parse_int(const char *str, int *val, int min, int max)
{
	long rval;
	int ret;

	if (!str)
		return 0;
	ret = tst_parse_long(str, &rval, min, max);
	if (!ret)
		*val = rval;
	return ret;
}

int tst_parse_float(const char *str, float *val, float min, float max)
{
	char *end;
	double rval;

	if (!str)
		return 0;
	errno = 0;
	rval = strtod(str, &end);
	if (str == end || *end)
		return EINVAL;
	if (errno)
		return errno;
	if (rval > (double)max || rval < (double)min)
		return ERANGE;
	*val = rval;
	return 0;
}

int tst_parse_filesize(const char *str, long long *val, long long min,
		       long long max)
{
	char *end;
	long long rval;

	if (!str)
		return 0;
	errno = 0;
	rval = strtoll(str, &end, 0);
	if (str == end || (end[0] && end[1]))
		return EINVAL;
	if (errno)
		return errno;
	switch (*end) {
	case 'g': case 'G': rval *= 1024LL * 1024 * 1024; break;
	case 'm': case 'M': rval *= 1024LL * 1024; break;
	case 'k': case 'K': rval *= 1024; break;
	case 0: break;
	default: return EINVAL;
	}
	if (rval > max || rval < min)
		return ERANGE;
	*val = rval;
	return 0;
}
