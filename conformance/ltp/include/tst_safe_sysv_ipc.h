/* tst_safe_sysv_ipc.h - System V message queue, shared memory and
 * semaphore SAFE_* macros. */
#ifndef TST_SAFE_SYSV_IPC_H__
#define TST_SAFE_SYSV_IPC_H__

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include "tst_safe_call.h"

#define SAFE_MSGGET(k, f)       TST_SAFE_M1_(NULL, msgget(k, f), "msgget(%i, %x) failed", (int)(k), f)
#define SAFE_MSGSND(id, p, s, f) TST_SAFE_M1_(NULL, msgsnd(id, p, s, f), "msgsnd(%i, %p, %zu, %x) failed", id, (void *)(p), (size_t)(s), f)
#define SAFE_MSGRCV(id, p, s, t, f) TST_SAFE_M1_(NULL, msgrcv(id, p, s, t, f), "msgrcv(%i, %p, %zu, %ld, %x) failed", id, (void *)(p), (size_t)(s), (long)(t), f)
#define SAFE_MSGCTL(id, c, b) ({ int tst_r_ = msgctl(id, c, b); \
	if (tst_r_ == -1 || ((c) != IPC_STAT && (c) != IPC_SET && (c) != IPC_RMID && tst_r_ < 0)) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "msgctl(%i, %i) failed", id, c); \
	if ((c) == IPC_RMID && !tst_r_) (id) = -1; tst_r_; })
#define SAFE_SHMGET(k, s, f)    TST_SAFE_M1_(NULL, shmget(k, s, f), "shmget(%i, %zu, %x) failed", (int)(k), (size_t)(s), f)
#define SAFE_SHMAT(id, a, f)    TST_SAFE_(NULL, shmat(id, a, f), TST_FAILS_MAP_, "shmat(%i, %p, %x) failed", id, (const void *)(a), f)
#define SAFE_SHMDT(a)           TST_SAFE_M1_(NULL, shmdt(a), "shmdt(%p) failed", (const void *)(a))
#define SAFE_SHMCTL(id, c, b) ({ int tst_r_ = shmctl(id, c, b); \
	if (tst_r_ == -1) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "shmctl(%i, %i) failed", id, c); \
	if ((c) == IPC_RMID && !tst_r_) (id) = -1; tst_r_; })
#define SAFE_SEMGET(k, n, f)    TST_SAFE_M1_(NULL, semget(k, n, f), "semget(%i, %i, %x) failed", (int)(k), n, f)
#define SAFE_SEMCTL(id, n, c, ...) ({ int tst_r_ = semctl(id, n, c, ##__VA_ARGS__); \
	if (tst_r_ == -1) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "semctl(%i, %i, %i) failed", id, n, c); \
	if ((c) == IPC_RMID && !tst_r_) (id) = -1; tst_r_; })
#define SAFE_SEMOP(id, s, n)    TST_SAFE_M1_(NULL, semop(id, s, n), "semop(%i) failed", id)

#endif
