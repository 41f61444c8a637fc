/*
 * shm.h - a System V shared memory segment, as shm.c (the segments,
 * shmget, shmctl) and shm_attach.c (shmat, shmdt, the areas that map a
 * segment) share it.
 */
#ifndef GUEST_IPC_SHM_H
#define GUEST_IPC_SHM_H

#include "ipc/ipc.h"

struct shm_seg {
	struct ipc_obj o;
	uint32_t size;              /* bytes, as asked */
	uint32_t npages;
	struct ipc_array frames;    /* pfn + 1 of each page; 0: not touched yet */
	uint32_t nattch;            /* areas mapping it */
	int32_t cpid, lpid;
	uint32_t atime, dtime;
};

/* Page i's frame, made (zeroed) on first use; VMI_INVALID_PFN without
 * memory.  The segment keeps its own reference. */
uint32_t shm_frame(struct shm_seg *s, uint32_t i);
/* Gone if removed (SHM_DEST) and nobody maps it any more. */
void shm_maybe_destroy(struct shm_seg *s);

#endif /* GUEST_IPC_SHM_H */
