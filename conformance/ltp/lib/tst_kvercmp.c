/* tst_kvercmp.c - the running kernel's release (uname -r, "6.1.0-rc2")
 * compared with a version: negative older, 0 equal, positive newer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "tst_kvercmp.h"

/* "X.Y[.Z][anything]": 0 on success. */
int tst_parse_kver(const char *str_kver, int *v1, int *v2, int *v3)
{
	char *end;

	*v1 = *v2 = *v3 = 0;
	*v1 = strtol(str_kver, &end, 10);
	if (end == str_kver || *end != '.')
		return 1;
	str_kver = end + 1;
	*v2 = strtol(str_kver, &end, 10);
	if (end == str_kver)
		return 1;
	if (*end != '.')
		return 0;
	str_kver = end + 1;
	*v3 = strtol(str_kver, &end, 10);
	return end == str_kver;
}

int tst_kvcmp(const char *cur_kver, int r1, int r2, int r3)
{
	int a1, a2, a3;

	tst_parse_kver(cur_kver, &a1, &a2, &a3);
	if (a1 != r1)
		return a1 - r1;
	if (a2 != r2)
		return a2 - r2;
	return a3 - r3;
}

int tst_kvercmp(int r1, int r2, int r3)
{
	struct utsname u;

	uname(&u);
	return tst_kvcmp(u.release, r1, r2, r3);
}

/* RHEL-like distributions mark the release ("4.18.0-80.el8.x86_64"). */
const char *tst_kvcmp_distname(const char *kver)
{
	static char name[16];
	const char *p = strstr(kver, ".el");

	if (!p || p[3] < '0' || p[3] > '9')
		return NULL;
	snprintf(name, sizeof(name), "RHEL%c", p[3]);
	return name;
}

/* Compare "4.18.0-80" style extra versions field by field. */
int tst_kvexcmp(const char *tst_exv, const char *cur_kver)
{
	const char *a = tst_exv, *b = cur_kver;

	while (*a && *b) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);

		if (x != y)
			return y > x ? 1 : -1;
		if (ea == a || eb == b)
			break;
		a = ea + (*ea ? 1 : 0);
		b = eb + (*eb ? 1 : 0);
	}
	return 0;
}

int tst_kvercmp2(int r1, int r2, int r3, struct tst_kern_exv *vers)
{
	struct utsname u;
	const char *dist;
	int i;

	uname(&u);
	dist = tst_kvcmp_distname(u.release);
	for (i = 0; dist && vers && vers[i].dist_name; i++)
		if (!strcmp(dist, vers[i].dist_name))
			return tst_kvexcmp(vers[i].extra_ver, u.release);
	return tst_kvcmp(u.release, r1, r2, r3);
}
