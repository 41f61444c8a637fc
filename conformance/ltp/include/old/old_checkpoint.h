/* old_checkpoint.h - the old API's checkpoints, both of its generations:
 * TST_CHECKPOINT_INIT(cleanup) (futexes in a file of the temporary
 * directory, numbered like the new API's) and TST_CHECKPOINT_INIT(&cp) with
 * the parent/child SIGNAL and WAIT pairs of LTP's first version. */
#ifndef OLD_CHECKPOINT_H__
#define OLD_CHECKPOINT_H__

#include <stdint.h>
#include "tst_checkpoint_fn.h"

/* The first generation: one rendezvous point per struct. */
struct tst_checkpoint {
	int timeout;              /* milliseconds, 0 = the default 10 s */
	int retval;
	volatile uint32_t *word;  /* a futex in a shared page */
};

/* void *: TST_CHECKPOINT_INIT picks one by its argument's type. */
void tst_checkpoint_init_files_(const char *file, const int lineno,
				void *cleanup_fn);
void tst_checkpoint_init_struct_(const char *file, const int lineno,
				 void *cp);
void tst_checkpoint_wait_struct_(const char *file, const int lineno,
				 void (*cleanup_fn)(void),
				 struct tst_checkpoint *cp);
void tst_checkpoint_signal_struct_(const char *file, const int lineno,
				   void (*cleanup_fn)(void),
				   struct tst_checkpoint *cp);

#define TST_CHECKPOINT_INIT(arg) \
	_Generic((arg), \
		struct tst_checkpoint *: tst_checkpoint_init_struct_, \
		default: tst_checkpoint_init_files_)(__FILE__, __LINE__, (void *)(arg))

#define TST_CHECKPOINT_PARENT_WAIT(cleanup, cp) \
	tst_checkpoint_wait_struct_(__FILE__, __LINE__, (cleanup), (cp))
#define TST_CHECKPOINT_CHILD_WAIT(cp) \
	tst_checkpoint_wait_struct_(__FILE__, __LINE__, NULL, (cp))
#define TST_CHECKPOINT_SIGNAL_PARENT(cp) \
	tst_checkpoint_signal_struct_(__FILE__, __LINE__, NULL, (cp))
#define TST_CHECKPOINT_SIGNAL_CHILD(cleanup, cp) \
	tst_checkpoint_signal_struct_(__FILE__, __LINE__, (cleanup), (cp))

#define TST_SAFE_CHECKPOINT_WAIT(cleanup, id) \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, cleanup, id, 0)
#define TST_SAFE_CHECKPOINT_WAIT2(cleanup, id, msec_timeout) \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, cleanup, id, msec_timeout)
#define TST_SAFE_CHECKPOINT_WAKE(cleanup, id) \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, cleanup, id, 1)
#define TST_SAFE_CHECKPOINT_WAKE2(cleanup, id, nr_wake) \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, cleanup, id, nr_wake)
#define TST_SAFE_CHECKPOINT_WAKE_AND_WAIT(cleanup, id) do { \
	tst_safe_checkpoint_wake(__FILE__, __LINE__, cleanup, id, 1); \
	tst_safe_checkpoint_wait(__FILE__, __LINE__, cleanup, id, 0); \
	} while (0)

#endif
