/* tst_kernel.c - facts about the running kernel and machine: word size,
 * compat mode, architecture, processors, memory, lockdown, taint, kernel
 * configuration (unknown here) and drivers (unknown: TCONF). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

const struct tst_arch tst_arch = { .name = "x86", .type = TST_X86 };

int tst_kernel_bits(void)
{
	struct utsname u;

	uname(&u);
	return strstr(u.machine, "64") ? 64 : 32;
}

/* A 32-bit program on a 64-bit kernel (this library builds i386 only). */
int tst_is_compat_mode(void)
{
	return tst_kernel_bits() == 64;
}

int tst_abi_bits(int abi)
{
	if (abi != 32 && abi != 64)
		tst_brk(TBROK, "abi parameter can be only 32 or 64");
	return abi == 32;
}

int tst_is_on_arch(const char *const *archlist)
{
	for (; *archlist; archlist++)
		if (!strcmp(*archlist, tst_arch.name))
			return 1;
	return 0;
}

int tst_check_driver(const char *driver)
{
	(void)driver;
	return -1;
}

int tst_check_builtin_driver(const char *driver)
{
	(void)driver;
	return -1;
}

int tst_kconfig_check(const char *const kconfigs[])
{
	for (; *kconfigs; kconfigs++)
		tst_res(TINFO, "Kernel config unknown to this library: %s",
			*kconfigs);
	return 1;
}

char tst_kconfig_get(const char *confname)
{
	(void)confname;
	return 0;
}

int tst_has_slow_kconfig(void)
{
	return 0;
}

void tst_kcmdline_parse(struct tst_kcmdline_var params[], size_t params_len)
{
	char line[4096], *tok, *save;
	size_t i;
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	for (tok = strtok_r(line, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		char *eq = strchr(tok, '=');

		for (i = 0; i < params_len; i++) {
			size_t len = strlen(params[i].key);

			if (strncmp(tok, params[i].key, len) ||
			    (tok[len] && tok[len] != '='))
				continue;
			params[i].found = 1;
			snprintf(params[i].value, sizeof(params[i].value), "%s",
				 eq ? eq + 1 : "");
		}
	}
}

long tst_ncpus(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN);
}

long tst_ncpus_conf(void)
{
	return sysconf(_SC_NPROCESSORS_CONF);
}

long tst_ncpus_max(void)
{
	return tst_ncpus_conf();
}

long tst_ncpus_available(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return tst_ncpus();
	return CPU_COUNT(&set);
}

static long long meminfo_kb(const char *item)
{
	char line[256];
	long long val = -1;
	size_t len = strlen(item);
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, item, len) && line[len] == ':')
			val = atoll(line + len + 1);
	if (f)
		fclose(f);
	return val;
}

/* kB: MemAvailable, or MemFree where the kernel does not tell it. */
long long tst_available_mem(void)
{
	long long v = meminfo_kb("MemAvailable");

	return v >= 0 ? v : meminfo_kb("MemFree");
}

long long tst_available_swap(void)
{
	long long v = meminfo_kb("SwapFree");

	return v > 0 ? v : 0;
}

static void set_oom_score(pid_t pid, int score)
{
	char path[64];
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/oom_score_adj");
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "%d", score);
	fclose(f);
}

void tst_enable_oom_protection(pid_t pid)
{
	if (geteuid() == 0)
		set_oom_score(pid, -1000);
}

void tst_disable_oom_protection(pid_t pid)
{
	if (geteuid() == 0)
		set_oom_score(pid, 0);
}

void tst_print_meminfo(void)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		tst_printf("%s", line);
	if (f)
		fclose(f);
}

/* Touch up to MAXSIZE bytes of fresh memory with FILLCHAR. */
void tst_pollute_memory(size_t maxsize, int fillchar)
{
	size_t chunk = 64 << 20, done;
	char *p;

	for (done = 0; done < maxsize; done += chunk) {
		size_t n = maxsize - done < chunk ? maxsize - done : chunk;

		p = malloc(n);
		if (!p)
			break;
		memset(p, fillchar, n);
		free(p);
	}
}

int tst_lockdown_enabled(void)
{
	char line[256];
	FILE *f = fopen(PATH_LOCKDOWN, "r");
	int on;

	if (!f)
		return 0;
	on = fgets(line, sizeof(line), f) && !strstr(line, "[none]");
	fclose(f);
	return on;
}

int tst_secureboot_enabled(void)
{
	return -1;
}

static unsigned int taint_mask;

static unsigned int read_taint(void)
{
	unsigned long val = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (f) {
		if (fscanf(f, "%lu", &val) != 1)
			val = 0;
		fclose(f);
	}
	return val;
}

void tst_taint_init(unsigned int mask)
{
	if (!mask)
		tst_brk(TBROK, "mask is not allowed to be 0");
	taint_mask = mask;
	if (read_taint() & mask)
		tst_brk(TCONF, "Kernel is already tainted: %u", read_taint());
}

unsigned int tst_taint_check(void)
{
	return read_taint() & taint_mask;
}
