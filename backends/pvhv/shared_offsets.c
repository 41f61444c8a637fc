/*
 * shared_offsets.c - build-time proof that shared_offsets.h matches the C
 * layout of struct pvhv_shared_info (the asm-offsets idea, without a
 * generator: a mismatch fails the compile).
 */
#include <stddef.h>
#include <vmi/pvhv.h>
#include "shared_offsets.h"

_Static_assert(offsetof(struct pvhv_shared_info, upcall_pending) == SHARED_UPCALL_PENDING,
	       "upcall_pending offset");
_Static_assert(offsetof(struct pvhv_shared_info, upcall_mask) == SHARED_UPCALL_MASK,
	       "upcall_mask offset");
_Static_assert(SHARED_UPCALL_MASK == SHARED_UPCALL_PENDING + 1,
	       "upcall.S reads both flags as one 16-bit word");
_Static_assert(offsetof(struct pvhv_shared_info, evtchn_pending) == SHARED_EVTCHN_PENDING,
	       "evtchn_pending offset");
_Static_assert(offsetof(struct pvhv_shared_info, evtchn_mask) == SHARED_EVTCHN_MASK,
	       "evtchn_mask offset");
_Static_assert(sizeof(((struct pvhv_shared_info *)0)->evtchn_pending) == 4 * SHARED_EVTCHN_WORDS,
	       "bitmap size");
