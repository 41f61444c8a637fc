/* tst_checkpoint_fn.h - checkpoint primitives shared by both APIs: numbered
 * futex words in a shared page. wait sleeps until woken (or times out);
 * wake wakes until exactly nr_wake waiters were woken, retrying each
 * millisecond because the waiters may not be asleep yet. */
#ifndef TST_CHECKPOINT_FN_H__
#define TST_CHECKPOINT_FN_H__

#include <stdint.h>

extern volatile uint32_t *tst_futexes;
extern unsigned int tst_max_futexes;

int tst_checkpoint_wait(unsigned int id, unsigned int msec_timeout);
int tst_checkpoint_wake(unsigned int id, unsigned int nr_wake,
			unsigned int msec_timeout);
void tst_safe_checkpoint_wait(const char *file, const int lineno,
			      void (*cleanup_fn)(void), unsigned int id,
			      unsigned int msec_timeout);
void tst_safe_checkpoint_wake(const char *file, const int lineno,
			      void (*cleanup_fn)(void), unsigned int id,
			      unsigned int nr_wake);

#endif
