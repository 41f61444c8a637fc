/* tst_checkpoint.h - the new API's checkpoints (test.needs_checkpoints):
 * TST_CHECKPOINT_WAIT(id) sleeps until another process wakes id; WAKE(id)
 * returns once one waiter was woken, WAKE2(id, n) once n were. */
#ifndef TST_CHECKPOINT_H__
#define TST_CHECKPOINT_H__

#include "tst_checkpoint_fn.h"

#define TST_CHECKPOINT_WAIT(id) \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, NULL, id, 0)
#define TST_CHECKPOINT_WAIT2(id, msec_timeout) \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, NULL, id, msec_timeout)
#define TST_CHECKPOINT_WAKE(id) \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, NULL, id, 1)
#define TST_CHECKPOINT_WAKE2(id, nr_wake) \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, NULL, id, nr_wake)
#define TST_CHECKPOINT_WAKE_AND_WAIT(id) do { \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, NULL, id, 1); \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, NULL, id, 0); \
	} while (0)

#endif
