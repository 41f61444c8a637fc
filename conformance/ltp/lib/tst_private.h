/* tst_private.h - state the library's files share and tests never see: the
 * shared results region, the run mode (new API, old API) and helpers the
 * driver and the reporters call into one another with. */
#ifndef TST_PRIVATE_H__
#define TST_PRIVATE_H__

#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <time.h>

/* Counters and context in one MAP_SHARED page, so the forked test, its
 * children and exec'd helpers (tst_reinit) all report into the same place. */
struct tst_results {
	int passed;
	int failed;
	int broken;
	int skipped;
	int warnings;
};

struct tst_region {
	uint32_t magic;
	pid_t lib_pid;         /* the driver process, prints the summary */
	pid_t main_pid;        /* the forked process running the test */
	int abort_flag;        /* a TBROK anywhere ends all variants */
	int tdebug;            /* -D: print TDEBUG */
	int runtime;           /* seconds, for tst_remaining_runtime() */
	int overall_time;      /* the timeout in seconds */
	struct timespec start; /* CLOCK_MONOTONIC at the last heartbeat */
	struct tst_results res;
	uint32_t futexes[];    /* checkpoints: the rest of the page */
};

#define TST_REGION_MAGIC 0x4c54504d /* "LTPM" */

extern struct tst_region *tst_region;
extern const char *tst_tcid;

/* tst_ipc.c */
void tst_region_setup(int file_backed);
void tst_region_cleanup(void);

/* tst_res.c */
void tst_print_result(const char *file, int lineno, int ttype,
		      const char *fmt, va_list va);
void tst_count_result(int ttype);
extern int tst_in_cleanup;   /* tst_brk during cleanup warns and returns */
extern int tst_setup_started;  /* testrun() got past the library's checks */
void tst_run_test_cleanup(void);
void tst_lib_exit(int ret) __attribute__((noreturn));

/* tst_old_res.c: the old API's reporting, used when no tst_test runs. */
void tst_old_res(const char *file, int lineno, int ttype, const char *fmt,
		 va_list va);
void tst_old_brk(const char *file, int lineno, int ttype,
		 void (*cleanup)(void), const char *fmt, va_list va);

/* tst_tmpdir.c */
int tst_tmpdir_created(void);

/* tst_wallclock.c */
void tst_wallclock_save(void);
void tst_wallclock_restore(void);

#endif
