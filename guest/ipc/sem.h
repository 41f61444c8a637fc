/*
 * sem.h - a System V semaphore set, as sem.c (semget, semctl), sem_op.c
 * (semop and its waiters) and sem_undo.c (SEM_UNDO adjustments) share it.
 */
#ifndef GUEST_IPC_SEM_H
#define GUEST_IPC_SEM_H

#include "ipc/ipc.h"

struct sem {
	int32_t val;                /* 0 .. SEMVMX */
	int32_t pid;                /* the last process to change it (GETPID) */
};

/* One operation of a semop call, as the kernel keeps it. */
struct sem_kop {
	uint16_t num;
	int16_t op;
	int16_t flg;
};

/* A process sleeping in semop, on its kernel stack, in the set's FIFO of
 * pending operations until they are done for it, fail, or it leaves. */
struct sem_waiter {
	struct sem_waiter *next;
	int tgid;                   /* sempid, and whose undo records count */
	const struct sem_kop *ops;
	uint32_t nops;
	int alter;                  /* some op changes a value */
	uint32_t blocking;          /* the op it waits on (GETNCNT, GETZCNT) */
	int status;                 /* 1 waiting; 0 done; -errno */
};

/* A process's adjustment of one semaphore, undone when it exits. */
struct sem_undo {
	struct sem_undo *next;
	int tgid;
	uint16_t num;
	int16_t adj;                /* -SEMAEM-1 .. SEMAEM */
};

struct sem_set {
	struct ipc_obj o;
	uint32_t nsems;
	uint32_t otime;             /* last semop */
	struct ipc_array sems;      /* struct sem [nsems] */
	struct sem_waiter *pending; /* oldest first */
	struct sem_undo *undo;
};

static inline struct sem *sem_at(struct sem_set *s, uint32_t i)
{
	return ipc_array_at(&s->sems, i, 0);
}

/* sem_op.c: done whatever pending operations can now complete (after
 * values rose or fell); wake every waiter with EIDRM (the set goes). */
void sem_update(struct sem_set *s);
void sem_wake_all(struct sem_set *s, int status);
uint32_t sem_count_waiting(struct sem_set *s, uint32_t num, int zero);
/* sem_undo.c */
struct sem_undo *sem_undo_find(struct sem_set *s, int tgid, uint32_t num, int make);
void sem_undo_clear(struct sem_set *s, uint32_t num);   /* SETVAL; num -1: SETALL */
void sem_undo_free_all(struct sem_set *s);

#endif /* GUEST_IPC_SEM_H */
