/* test.h - the old LTP test API: a test defines TCID and TST_TOTAL, writes
 * its own main() (parse options, setup, TEST_LOOPING loop, cleanup,
 * tst_exit) and reports with tst_resm()/tst_brkm(cleanup). lib/tst_old_res.c
 * prints and folds the results into the exit status. */
#ifndef __TEST_H__
#define __TEST_H__

#ifdef TST_TEST_H__
# error Newlib tst_test.h already included
#endif

#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <stdint.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/sysmacros.h>
#include <sys/ipc.h>  /* makedev(): old sources got it from types.h */

#include "config.h"
#include "tst_common.h"
#include "tst_res_flags.h"
#include "tst_kvercmp.h"
#include "tst_fs.h"
#include "tst_pid.h"
#include "tst_cmd.h"
#include "tst_cpu.h"
#include "tst_minmax.h"
#include "tst_get_bad_addr.h"
#include "tst_process_state.h"
#include "tst_clone.h"
#include "tst_kernel.h"
#include "old_safe_file_ops.h"
#include "old_checkpoint.h"
#include "old_tmpdir.h"
#include "old_device.h"
#include "safe_macros.h"

/* The test's identity and result counter. */
/* TCID and TST_TOTAL are the test's (char * or const char *, maybe
 * static): not declared here so every form compiles. */
extern int tst_count;
extern int STD_LOOP_COUNT;

/* TEST(): the call's result and errno, shared with the new API's names. */
extern long TST_RET;
extern int TST_ERR;
extern void *TST_RET_PTR;
#define TEST_RETURN TST_RET
#define TEST_ERRNO TST_ERR

#define TEST(SCALL) \
	do { errno = 0; TEST_RETURN = (long)(SCALL); TEST_ERRNO = errno; } while (0)
#define TEST_VOID(SCALL) \
	do { errno = 0; SCALL; TEST_ERRNO = errno; } while (0)
#define TESTPTR(SCALL) \
	do { errno = 0; TST_RET_PTR = (void *)(SCALL); TEST_ERRNO = errno; } while (0)

/* Non-NULL while a new-API test runs (helpers then report the new way). */
struct tst_test;
extern struct tst_test *tst_test;

void tst_resm_(const char *file, const int lineno, int ttype,
	       const char *arg_fmt, ...) __attribute__((format(printf, 4, 5)));
#define tst_resm(ttype, arg_fmt, ...) \
	tst_resm_(__FILE__, __LINE__, (ttype), (arg_fmt), ##__VA_ARGS__)

void tst_resm_hexd_(const char *file, const int lineno, int ttype,
		    const void *buf, size_t size, const char *arg_fmt, ...)
	__attribute__((format(printf, 6, 7)));
#define tst_resm_hexd(ttype, buf, size, arg_fmt, ...) \
	tst_resm_hexd_(__FILE__, __LINE__, (ttype), (buf), (size), \
		       (arg_fmt), ##__VA_ARGS__)

/* The 2014 name of tst_resm. */
#define tst_res(ttype, arg_fmt, ...) \
	tst_resm_(__FILE__, __LINE__, (ttype), (arg_fmt), ##__VA_ARGS__)

#define tst_brkm(flags, cleanup, fmt, ...) \
	tst_brkm_(__FILE__, __LINE__, (flags), (cleanup), (fmt), ##__VA_ARGS__)

/* New-API names old helpers (lapi, tst_syscall) use: they report the old
 * way here because no tst_test is running. */
void tst_res_(const char *file, const int lineno, int ttype,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define tst_brk(ttype, arg_fmt, ...) \
	tst_brk_(__FILE__, __LINE__, (ttype), (arg_fmt), ##__VA_ARGS__)

void tst_exit(void) __attribute__((noreturn));
void tst_flush(void);
void tst_old_flush(void);
pid_t tst_fork(void);
pid_t tst_vfork(void);
void tst_record_childstatus(void (*cleanup)(void), pid_t child);

void tst_require_root_(void);
#define tst_require_root(...) tst_require_root_()

const char *tst_strerrno(int err);
const char *tst_strsig(int sig);
const char *tst_strstatus(int status);

/* Signals: tst_sig(FORK or NOFORK, handler or DEF_HANDLER, cleanup) sets a
 * handler for every catchable signal the test does not expect. */
#define FORK 1
#define NOFORK 0
#define DEF_HANDLER SIG_ERR
void tst_sig(int fork_flag, void (*handler)(), void (*cleanup)(void));

/* Option parsing and the iteration loop (usctest.h has the rest). */
typedef struct {
	char *option;
	int *flag;
	char **arg;
} option_t;

const char *parse_opts(int ac, char **av, const option_t *user_optarr,
		       void (*uhf)(void));
void tst_parse_opts(int argc, char *argv[], const option_t *user_optarr,
		    void (*user_help)(void));
int usc_test_looping(int counter);
#define TEST_LOOPING usc_test_looping
#define TEST_PAUSE do { } while (0)

/* The oldest sources' names: the counter, fork (vfork on uClinux, which
 * this is not), and a flag only uClinux needed. */
#define Tst_count tst_count
#define FORK_OR_VFORK tst_fork
#define MAP_PRIVATE_EXCEPT_UCLINUX MAP_PRIVATE

/* Helpers of the old library (lib/old_helpers.c). */
struct passwd;
void do_file_setup(char *fname);
struct passwd *my_getpwnam(char *name);
char *get_high_address(void);
int tst_is_cwd_nfs(void);
int tst_is_cwd_tmpfs(void);
int tst_is_cwd_ramfs(void);
extern key_t semkey;
key_t getipckey(void);
void rm_shm(int shm_id);
void tst_no_corefile(int verbose);

/* Environment. */
int tst_environ(void);
unsigned short tst_get_unused_port(void (*cleanup_fn)(void), unsigned short family, int type);
int self_exec(const char *argv0, const char *fmt, ...);
int tst_is_virt(int virt_type);
#define VIRT_ANY 0
#define VIRT_XEN 1
#define VIRT_KVM 2

#endif
