/* tst_kvercmp.h - comparing the running kernel's release with a version:
 * < 0 older, 0 same, > 0 newer. */
#ifndef TST_KVERCMP_H__
#define TST_KVERCMP_H__

int tst_kvercmp(int r1, int r2, int r3);

/* Distribution kernels with a known backport: {"RHEL8:", "4.18.0-1"}. */
struct tst_kern_exv {
	char *dist_name;
	char *extra_ver;
};

int tst_kvercmp2(int r1, int r2, int r3, struct tst_kern_exv *vers);
int tst_parse_kver(const char *str_kver, int *v1, int *v2, int *v3);
int tst_kvcmp(const char *cur_kver, int r1, int r2, int r3);
int tst_kvexcmp(const char *tst_exv, const char *cur_kver);
const char *tst_kvcmp_distname(const char *cur_kver);

#endif
