/* tst_pid.h - pids: one no process has, how many more we may fork, and
 * the real pid/tid of the caller. */
#ifndef TST_PID_H__
#define TST_PID_H__

#include <stddef.h>
#include <sys/types.h>

pid_t tst_get_unused_pid_(void (*cleanup_fn)(void));
#define tst_get_unused_pid_pick_(_1, NAME, ...) NAME
/* tst_get_unused_pid() (new API) or tst_get_unused_pid(cleanup) (old). */
#define tst_get_unused_pid(...) tst_get_unused_pid_(tst_nullfn_(__VA_ARGS__))
#define tst_nullfn_(...) tst_get_unused_pid_pick_(_, ##__VA_ARGS__, NULL)
int tst_get_free_pids_(void (*cleanup_fn)(void));
#define tst_get_free_pids(...) tst_get_free_pids_(tst_nullfn_(__VA_ARGS__))
pid_t tst_getpid(void);
pid_t tst_gettid(void);

#endif
