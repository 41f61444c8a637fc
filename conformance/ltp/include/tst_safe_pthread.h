/* tst_safe_pthread.h - pthread SAFE_* macros: the pthread functions return
 * an error number instead of setting errno, so that is what is reported. */
#ifndef TST_SAFE_PTHREAD_H__
#define TST_SAFE_PTHREAD_H__

#include <pthread.h>
#include <string.h>
#include "tst_safe_call.h"

const char *tst_strerrno(int err);

#define TST_SAFE_PT_(EXPR, what) ({ \
	int tst_e_ = (EXPR); \
	if (tst_e_) \
		tst_brkm_(__FILE__, __LINE__, TBROK, NULL, "%s failed: %s", \
			  what, tst_strerrno(tst_e_)); \
	tst_e_; })

#define SAFE_PTHREAD_CREATE(t, a, f, arg) TST_SAFE_PT_(pthread_create(t, a, f, arg), "pthread_create()")
#define SAFE_PTHREAD_JOIN(t, r)         TST_SAFE_PT_(pthread_join(t, r), "pthread_join()")
#define SAFE_PTHREAD_CANCEL(t)          TST_SAFE_PT_(pthread_cancel(t), "pthread_cancel()")
#define SAFE_PTHREAD_KILL(t, s)         TST_SAFE_PT_(pthread_kill(t, s), "pthread_kill()")
#define SAFE_PTHREAD_BARRIER_INIT(b, a, n) TST_SAFE_PT_(pthread_barrier_init(b, a, n), "pthread_barrier_init()")
#define SAFE_PTHREAD_BARRIER_DESTROY(b) TST_SAFE_PT_(pthread_barrier_destroy(b), "pthread_barrier_destroy()")
#define SAFE_PTHREAD_BARRIER_WAIT(b) ({ int tst_w_ = pthread_barrier_wait(b); \
	if (tst_w_ && tst_w_ != PTHREAD_BARRIER_SERIAL_THREAD) \
		tst_brkm_(__FILE__, __LINE__, TBROK, NULL, "pthread_barrier_wait() failed: %s", \
			  tst_strerrno(tst_w_)); tst_w_; })
#define SAFE_PTHREAD_MUTEX_INIT(m, a)   TST_SAFE_PT_(pthread_mutex_init(m, a), "pthread_mutex_init()")
#define SAFE_PTHREAD_MUTEX_DESTROY(m)   TST_SAFE_PT_(pthread_mutex_destroy(m), "pthread_mutex_destroy()")
#define SAFE_PTHREAD_MUTEX_LOCK(m)      TST_SAFE_PT_(pthread_mutex_lock(m), "pthread_mutex_lock()")
#define SAFE_PTHREAD_MUTEX_UNLOCK(m)    TST_SAFE_PT_(pthread_mutex_unlock(m), "pthread_mutex_unlock()")
#define SAFE_PTHREAD_MUTEX_TRYLOCK(m) ({ int tst_w_ = pthread_mutex_trylock(m); \
	if (tst_w_ && tst_w_ != EBUSY) \
		tst_brkm_(__FILE__, __LINE__, TBROK, NULL, "pthread_mutex_trylock() failed: %s", \
			  tst_strerrno(tst_w_)); tst_w_; })
#define SAFE_PTHREAD_MUTEXATTR_INIT(a)  TST_SAFE_PT_(pthread_mutexattr_init(a), "pthread_mutexattr_init()")
#define SAFE_PTHREAD_MUTEXATTR_DESTROY(a) TST_SAFE_PT_(pthread_mutexattr_destroy(a), "pthread_mutexattr_destroy()")
#define SAFE_PTHREAD_MUTEXATTR_SETTYPE(a, t) TST_SAFE_PT_(pthread_mutexattr_settype(a, t), "pthread_mutexattr_settype()")
#define SAFE_PTHREAD_COND_INIT(c, a)    TST_SAFE_PT_(pthread_cond_init(c, a), "pthread_cond_init()")
#define SAFE_PTHREAD_COND_WAIT(c, m)    TST_SAFE_PT_(pthread_cond_wait(c, m), "pthread_cond_wait()")
#define SAFE_PTHREAD_COND_SIGNAL(c)     TST_SAFE_PT_(pthread_cond_signal(c), "pthread_cond_signal()")
#define SAFE_PTHREAD_COND_BROADCAST(c)  TST_SAFE_PT_(pthread_cond_broadcast(c), "pthread_cond_broadcast()")
#define SAFE_PTHREAD_ATTR_INIT(a)       TST_SAFE_PT_(pthread_attr_init(a), "pthread_attr_init()")
#define SAFE_PTHREAD_ATTR_DESTROY(a)    TST_SAFE_PT_(pthread_attr_destroy(a), "pthread_attr_destroy()")
#define SAFE_PTHREAD_ATTR_SETSTACKSIZE(a, s) TST_SAFE_PT_(pthread_attr_setstacksize(a, s), "pthread_attr_setstacksize()")
#define SAFE_PTHREAD_ATTR_SETDETACHSTATE(a, s) TST_SAFE_PT_(pthread_attr_setdetachstate(a, s), "pthread_attr_setdetachstate()")
#define SAFE_PTHREAD_SIGMASK(h, s, o)   TST_SAFE_PT_(pthread_sigmask(h, s, o), "pthread_sigmask()")

#endif
