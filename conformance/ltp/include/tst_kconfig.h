/* tst_kconfig.h - kernel configuration checks. The configuration of the
 * kernel under test is unknown to this library (the guest has no config
 * file): every required option counts as missing, so the test ends in
 * TCONF, and tst_kconfig_get() answers '\0' (unknown). */
#ifndef TST_KCONFIG_H__
#define TST_KCONFIG_H__

#include <stddef.h>

struct tst_kconfig_var {
	char id[64];
	unsigned int id_len;
	char choice;
	char *val;
};

struct tst_kcmdline_var {
	const char *key;
	char value[128];
	int found;
};

#define TST_KCMDLINE_INIT(paraname) { .key = paraname, .value = "", .found = 0 }

int tst_kconfig_check(const char *const kconfigs[]);
char tst_kconfig_get(const char *confname);
void tst_kcmdline_parse(struct tst_kcmdline_var params[], size_t params_len);
int tst_has_slow_kconfig(void);

#endif
