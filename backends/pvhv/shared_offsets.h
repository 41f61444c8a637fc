/*
 * shared_offsets.h - offsets into struct pvhv_shared_info for assembly
 * (iret.S).  Numbers typed here are checked against the C layout by
 * _Static_assert in shared_offsets.c, so they cannot drift.
 */
#ifndef PVHV_SHARED_OFFSETS_H
#define PVHV_SHARED_OFFSETS_H

#define SHARED_UPCALL_PENDING  8
#define SHARED_UPCALL_MASK     9
#define SHARED_EVTCHN_PENDING  72
#define SHARED_EVTCHN_MASK     104
#define SHARED_EVTCHN_WORDS    8

#endif
