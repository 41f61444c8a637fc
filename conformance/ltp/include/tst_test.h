/* tst_test.h - the LTP "new" test API: a test fills a static struct tst_test
 * and this header's main() hands it to tst_run_tcases() (lib/tst_run.c),
 * which prepares the environment, runs the test in a forked child under a
 * timeout and prints the summary. Field names are LTP's (the union of the
 * releases the fetched sources come from), so designated initializers fit. */
#ifndef TST_TEST_H__
#define TST_TEST_H__

#ifdef __TEST_H__
# error Oldlib test.h already included
#endif

#include <unistd.h>
#include <limits.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "tst_common.h"
#include "tst_res_flags.h"
#include "tst_test_macros.h"
#include "tst_checkpoint.h"
#include "tst_device.h"
#include "tst_fs.h"
#include "tst_pid.h"
#include "tst_cmd.h"
#include "tst_cpu.h"
#include "tst_process_state.h"
#include "tst_atomic.h"
#include "tst_kvercmp.h"
#include "tst_kernel.h"
#include "tst_minmax.h"
#include "tst_get_bad_addr.h"
#include "tst_sys_conf.h"
#include "tst_buffers.h"
#include "tst_capability.h"
#include "tst_hugepage.h"
#include "tst_assert.h"
#include "tst_lockdown.h"
#include "tst_taint.h"
#include "tst_memutils.h"
#include "tst_arch.h"
#include "tst_kconfig.h"

void tst_res_(const char *file, const int lineno, int ttype,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define tst_res(ttype, arg_fmt, ...) \
	tst_res_(__FILE__, __LINE__, (ttype), (arg_fmt), ##__VA_ARGS__)

void tst_resm_hexd_(const char *file, const int lineno, int ttype,
		    const void *buf, size_t size, const char *arg_fmt, ...)
	__attribute__((format(printf, 6, 7)));

#define tst_res_hexd(ttype, buf, size, arg_fmt, ...) \
	tst_resm_hexd_(__FILE__, __LINE__, (ttype), (buf), (size), \
		       (arg_fmt), ##__VA_ARGS__)

#define tst_brk(ttype, arg_fmt, ...) \
	tst_brk_(__FILE__, __LINE__, (ttype), (arg_fmt), ##__VA_ARGS__)

void tst_printf(const char *const fmt, ...)
	__attribute__((nonnull(1), format(printf, 1, 2)));
void tst_flush(void);

pid_t safe_fork(const char *filename, unsigned int lineno);
#define SAFE_FORK() safe_fork(__FILE__, __LINE__)

#define TST_TRACE(expr) \
	({int ret = expr; \
	  ret != 0 ? tst_res(TINFO, #expr " failed"), ret : ret; })

const char *tst_strerrno(int err);
const char *tst_strsig(int sig);
const char *tst_strstatus(int status);

#include "tst_safe_macros.h"
#include "tst_safe_file_ops.h"
#include "tst_safe_net.h"
#include "tst_clone.h"
#include "tst_cgroup.h"

void tst_reap_children(void);

struct tst_option {
	char *optstr;
	char **arg;
	char *help;
};

int tst_parse_int(const char *str, int *val, int min, int max);
int tst_parse_long(const char *str, long *val, long min, long max);
int tst_parse_float(const char *str, float *val, float min, float max);
int tst_parse_filesize(const char *str, long long *val, long long min,
		       long long max);

struct tst_tag {
	const char *name;
	const char *value;
};

struct tst_ulimit_val {
	int resource;
	unsigned long long rlim_cur;
};

/* A filesystem description of .filesystems (no device support here: a test
 * that needs a device ends in TCONF, see tst_run.c). */
struct tst_fs {
	const char *type;
	const char *const *mkfs_opts;
	const char *mkfs_size_opt;
	const char *mkfs_ver;
	unsigned int mnt_flags;
	const void *mnt_data;
	const char *min_kver;
};

extern unsigned int tst_variant;

#define TST_NO_HUGEPAGES ((unsigned long)-1)
#define TST_UNLIMITED_RUNTIME (-1)
#define TST_UNLIMITED_TIMEOUT (-1)

struct tst_test {
	unsigned int tcnt;
	const char *tid;   /* LTP 2017: the test's name, now argv[0] */
	struct tst_option *options;
	const char *min_kver;
	const char *const *supported_archs;
	const char *tconf_msg;

	unsigned int needs_tmpdir:1;
	unsigned int needs_root:1;
	unsigned int forks_child:1;
	unsigned int needs_device:1;
	unsigned int needs_checkpoints:1;
	unsigned int needs_overlay:1;
	unsigned int format_device:1;
	unsigned int mount_device:1;
	unsigned int needs_rofs:1;
	unsigned int child_needs_reinit:1;
	unsigned int runs_script:1;
	unsigned int needs_devfs:1;
	unsigned int restore_wallclock:1;
	unsigned int all_filesystems:1;
	unsigned int skip_in_lockdown:1;
	unsigned int skip_in_secureboot:1;
	unsigned int skip_in_compat:1;
	unsigned int needs_hugetlbfs:1;
	unsigned int needs_cgroup_nsdelegate:1;

	int needs_abi_bits;
	const char *const *skip_filesystems;
	unsigned long min_cpus;
	unsigned long min_mem_avail;
	unsigned long min_swap_avail;
	struct tst_hugepage hugepages;
	unsigned long request_hugepages;
	unsigned int taint_check;
	unsigned int test_variants;
	unsigned int dev_min_size;
	const char *dev_fs_type;
	const char *const *dev_fs_opts;
	const char *const *dev_extra_opts;
	struct tst_fs *filesystems;
	const char *mntpoint;
	unsigned int mnt_flags;
	void *mnt_data;

	/* Seconds: max_runtime (LTP 2022-2024) and runtime (later) are the
	 * test's own run time, timeout the extra time allowed on top of the
	 * default 30 s. */
	int max_runtime;
	int runtime;
	int timeout;

	void (*setup)(void);
	void (*cleanup)(void);
	void (*test)(unsigned int test_nr);
	void (*test_all)(void);

	const char *scall;
	int (*sample)(int clk_id, long long usec);

	const char *const *resource_files;
	const char *const *needs_drivers;
	const struct tst_path_val *save_restore;
	const struct tst_ulimit_val *ulimit;
	const char *const *needs_kconfigs;
	struct tst_buffers *bufs;
	struct tst_cap *caps;
	const struct tst_tag *tags;
	const char *const *needs_cmds;
	const enum tst_cg_ver needs_cgroup_ver;
	const char *const *needs_cgroup_ctrls;
};

extern struct tst_test *tst_test;

void tst_run_tcases(int argc, char *argv[], struct tst_test *self)
	__attribute__((noreturn));

#define IPC_ENV_VAR "LTP_IPC_PATH"

void tst_reinit(void);
unsigned int tst_multiply_timeout(unsigned int timeout);
unsigned int tst_remaining_runtime(void);
void tst_set_max_runtime(int max_runtime);
void tst_set_runtime(int runtime);
void tst_set_timeout(int timeout);
int tst_creat_unlinked(const char *path, int flags, ...);
char *tst_get_tmpdir(void);
const char *tst_get_tmpdir_root(void);
const char *tst_get_startwd(void);
int tst_validate_children_(const char *file, const int lineno,
			   unsigned int count);
#define tst_validate_children(child_count) \
	tst_validate_children_(__FILE__, __LINE__, (child_count))

#ifndef TST_NO_DEFAULT_MAIN
static struct tst_test test;

int main(int argc, char *argv[])
{
	tst_run_tcases(argc, argv, &test);
}
#endif

#define TST_TEST_TCONF(message) \
	static struct tst_test test = { .tconf_msg = message }

#endif
