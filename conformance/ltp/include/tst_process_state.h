/* tst_process_state.h - wait until a process is in a given state letter of
 * /proc/PID/stat ('S' sleeping, 'T' stopped, 'Z' zombie...). The new API's
 * TST_PROCESS_STATE_WAIT(pid, state, msec_timeout) (0 = no timeout) and the
 * old API's TST_PROCESS_STATE_WAIT(cleanup, pid, state) share a name. */
#ifndef TST_PROCESS_STATE_H__
#define TST_PROCESS_STATE_H__

#include <sys/types.h>

int tst_process_state_wait(const char *file, const int lineno,
			   void (*cleanup_fn)(void), pid_t pid,
			   const char state, unsigned int msec_timeout);
int tst_process_state_wait2(pid_t pid, const char state);
int tst_process_exit_wait(pid_t pid, unsigned int msec_timeout);
int tst_thread_state_wait(pid_t tid, const char state,
			  unsigned int msec_timeout);

#ifdef TST_TEST_H__
# define TST_PROCESS_STATE_WAIT(pid, state, msec_timeout) \
	tst_process_state_wait(__FILE__, __LINE__, NULL, (pid), (state), (msec_timeout))
#else
# define TST_PROCESS_STATE_WAIT(cleanup_fn, pid, state) \
	tst_process_state_wait(__FILE__, __LINE__, (cleanup_fn), (pid), (state), 0)
#endif
#define TST_PROCESS_STATE_WAIT2(pid, state) tst_process_state_wait2((pid), (state))
#define TST_PROCESS_EXIT_WAIT(pid, msec_timeout) \
	tst_process_exit_wait((pid), (msec_timeout))
#define TST_THREAD_STATE_WAIT(tid, state, msec_timeout) \
	tst_thread_state_wait((tid), (state), (msec_timeout))

#endif
