/*
 * ipc_abi.h - the Linux i386 System V IPC ABI: system-call numbers, the
 * ipc(2) multiplexer's call numbers, flags and commands, the default
 * limits, and the structures that cross the boundary in both the IPC_64
 * layouts glibc uses and the old ones (no IPC_64 in cmd) the multiplexer
 * still accepts.
 *
 * Numbers and offsets are Linux's (include/uapi/linux/ipc.h, sem.h,
 * shm.h, msg.h, asm-generic/ipcbuf.h, shmbuf.h, msgbuf.h, x86 sembuf.h),
 * written out here; the sizes are pinned with _Static_assert.
 */
#ifndef GUEST_IPC_ABI_H
#define GUEST_IPC_ABI_H

#include <stdint.h>

/* ---- system calls (arch/x86/entry/syscalls/syscall_32.tbl) ---- */
#define NR_ipc                117
#define NR_semget             393
#define NR_semctl             394
#define NR_shmget             395
#define NR_shmctl             396
#define NR_shmat              397
#define NR_shmdt              398
#define NR_msgget             399
#define NR_msgsnd             400
#define NR_msgrcv             401
#define NR_msgctl             402
#define NR_semtimedop_time64  420

/* ipc(call, first, second, third, ptr, fifth): the low 16 bits of call */
#define IPCOP_SEMOP       1
#define IPCOP_SEMGET      2
#define IPCOP_SEMCTL      3
#define IPCOP_SEMTIMEDOP  4
#define IPCOP_MSGSND     11
#define IPCOP_MSGRCV     12
#define IPCOP_MSGGET     13
#define IPCOP_MSGCTL     14
#define IPCOP_SHMAT      21
#define IPCOP_SHMDT      22
#define IPCOP_SHMGET     23
#define IPCOP_SHMCTL     24

/* ---- common ---- */
#define IPC_PRIVATE  0
#define IPC_CREAT    01000
#define IPC_EXCL     02000
#define IPC_NOWAIT   04000
#define IPC_RMID     0
#define IPC_SET      1
#define IPC_STAT     2
#define IPC_INFO     3
#define IPC_OLD      0          /* the layout version of a *ctl command */
#define IPC_64       0x0100

/* ---- shared memory ---- */
#define SHM_RDONLY    010000    /* shmat flags */
#define SHM_RND       020000
#define SHM_REMAP     040000
#define SHM_EXEC      0100000
#define SHM_DEST      01000     /* in the mode: removed, gone at the last detach */
#define SHM_LOCKED    02000
#define SHM_LOCK      11        /* shmctl commands */
#define SHM_UNLOCK    12
#define SHM_STAT      13
#define SHM_INFO      14
#define SHM_STAT_ANY  15
#define SHMLBA        4096
#define SHMMIN        1
#define SHMMAX        0xFEFFFFFFu   /* ULONG_MAX - 2^24 on a 32-bit kernel */
#define SHMALL        0xFEFFFFFFu   /* pages */
#define SHMMNI        4096

/* ---- semaphores ---- */
#define SEM_UNDO      0x1000
#define GETPID        11
#define GETVAL        12
#define GETALL        13
#define GETNCNT       14
#define GETZCNT       15
#define SETVAL        16
#define SETALL        17
#define SEM_STAT      18
#define SEM_INFO      19
#define SEM_STAT_ANY  20
#define SEMMNI        32000
#define SEMMSL        32000
#define SEMMNS        (SEMMNI * SEMMSL)
#define SEMOPM        500
#define SEMVMX        32767
#define SEMAEM        SEMVMX
#define SEMUSZ        20        /* what IPC_INFO reports as semusz */

/* ---- message queues ---- */
#define MSG_NOERROR   010000
#define MSG_EXCEPT    020000
#define MSG_COPY      040000
#define MSG_STAT      11
#define MSG_INFO      12
#define MSG_STAT_ANY  13
#define MSGMNI        32000
#define MSGMAX        8192
#define MSGMNB        16384
#define MSGSSZ        16
#define MSGSEG        0xFFFF
#define MSGPOOL       (MSGMNI * MSGMNB / 1024)

/* ---- structures, IPC_64 layouts ---- */
struct ipc64_perm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid;
	uint16_t mode, pad1;
	uint16_t seq, pad2;
	uint32_t unused1, unused2;
};

struct semid64_ds {
	struct ipc64_perm sem_perm;
	uint32_t sem_otime, sem_otime_high;
	uint32_t sem_ctime, sem_ctime_high;
	uint32_t sem_nsems;
	uint32_t unused3, unused4;
};

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	uint32_t shm_segsz;
	uint32_t shm_atime, shm_atime_high;
	uint32_t shm_dtime, shm_dtime_high;
	uint32_t shm_ctime, shm_ctime_high;
	int32_t shm_cpid, shm_lpid;
	uint32_t shm_nattch;
	uint32_t unused4, unused5;
};

struct msqid64_ds {
	struct ipc64_perm msg_perm;
	uint32_t msg_stime, msg_stime_high;
	uint32_t msg_rtime, msg_rtime_high;
	uint32_t msg_ctime, msg_ctime_high;
	uint32_t msg_cbytes, msg_qnum, msg_qbytes;
	int32_t msg_lspid, msg_lrpid;
	uint32_t unused4, unused5;
};

struct shminfo64 {
	uint32_t shmmax, shmmin, shmmni, shmseg, shmall;
	uint32_t unused1, unused2, unused3, unused4;
};

struct shm_info {
	int32_t used_ids;
	uint32_t shm_tot, shm_rss, shm_swp;
	uint32_t swap_attempts, swap_successes;
};

struct seminfo {
	int32_t semmap, semmni, semmns, semmnu, semmsl;
	int32_t semopm, semume, semusz, semvmx, semaem;
};

struct msginfo {
	int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	uint16_t msgseg;
};

struct sembuf {
	uint16_t sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

/* msgrcv through ipc(MSGRCV) version 0: where the buffer and type are */
struct ipc_kludge {
	uint32_t msgp;
	int32_t msgtyp;
};

/* ---- the old layouts (16-bit ids, 32-bit times) ---- */
struct ipc_perm_old {
	int32_t key;
	uint16_t uid, gid, cuid, cgid;
	uint16_t mode, seq;
};

struct semid_ds_old {
	struct ipc_perm_old sem_perm;
	uint32_t sem_otime, sem_ctime;
	uint32_t sem_base, sem_pending, sem_pending_last, undo;
	uint16_t sem_nsems, pad;
};

struct shmid_ds_old {
	struct ipc_perm_old shm_perm;
	int32_t shm_segsz;
	uint32_t shm_atime, shm_dtime, shm_ctime;
	uint16_t shm_cpid, shm_lpid;
	uint16_t shm_nattch, shm_unused;
	uint32_t shm_unused2, shm_unused3;
};

struct msqid_ds_old {
	struct ipc_perm_old msg_perm;
	uint32_t msg_first, msg_last;
	uint32_t msg_stime, msg_rtime, msg_ctime;
	uint32_t msg_lcbytes, msg_lqbytes;
	uint16_t msg_cbytes, msg_qnum, msg_qbytes;
	uint16_t msg_lspid, msg_lrpid, pad;
};

struct shminfo_old {
	int32_t shmmax, shmmin, shmmni, shmseg, shmall;
};

_Static_assert(sizeof(struct ipc64_perm) == 36, "ipc64_perm");
_Static_assert(sizeof(struct semid64_ds) == 64, "semid64_ds");
_Static_assert(sizeof(struct shmid64_ds) == 84, "shmid64_ds");
_Static_assert(sizeof(struct msqid64_ds) == 88, "msqid64_ds");
_Static_assert(sizeof(struct shminfo64) == 36, "shminfo64");
_Static_assert(sizeof(struct shm_info) == 24, "shm_info");
_Static_assert(sizeof(struct seminfo) == 40, "seminfo");
_Static_assert(sizeof(struct msginfo) == 32, "msginfo");
_Static_assert(sizeof(struct sembuf) == 6, "sembuf");
_Static_assert(sizeof(struct ipc_perm_old) == 16, "ipc_perm");
_Static_assert(sizeof(struct semid_ds_old) == 44, "semid_ds");
_Static_assert(sizeof(struct shmid_ds_old) == 48, "shmid_ds");
_Static_assert(sizeof(struct msqid_ds_old) == 56, "msqid_ds");

#endif /* GUEST_IPC_ABI_H */
