/*
 * ipc.h - what the System V IPC files share: the kernel's view of an IPC
 * object's identity and permissions, the id tables (one each for shared
 * memory, semaphores and message queues), large arrays kept in pages, the
 * memory quota, and the entry points each kind offers the system-call
 * decoding (sys_ipc.c).
 *
 * Objects are found by id on every call and never held across a sleep:
 * anything that can sleep (a user copy may fault in a file page, a wait)
 * happens before the lookup or is followed by a fresh one, and an id
 * whose object went away meanwhile no longer matches (its sequence
 * number), so a removed object is never touched.
 */
#ifndef GUEST_IPC_H
#define GUEST_IPC_H

#include <stdint.h>
#include "ipc/ipc_abi.h"

/* ---- objects and id tables (ipc_ids.c) ---- */

/* The identity and permissions every IPC object starts with. */
struct ipc_obj {
	int32_t key;                /* IPC_PRIVATE once removed */
	uint32_t uid, gid;          /* owner (IPC_SET changes them) */
	uint32_t cuid, cgid;        /* creator */
	uint32_t mode;              /* 0777 bits, plus SHM_DEST / SHM_LOCKED */
	uint16_t seq;               /* the id's upper bits: stale ids miss */
	uint16_t idx;               /* slot in the table */
	uint32_t ctime;             /* last change (seconds since the epoch) */
};

#define IPC_SLOTS_PER_PAGE 1024
#define IPC_DIR_MAX ((SEMMNI + IPC_SLOTS_PER_PAGE - 1) / IPC_SLOTS_PER_PAGE)
#define IPC_SEQ_SHIFT 15            /* id = seq << 15 | idx, as Linux */

struct ipc_table {
	int max;                    /* SHMMNI, SEMMNI or MSGMNI */
	int in_use;
	int top;                    /* no slot at or above is in use */
	int low_free;               /* no slot below is free */
	uint16_t next_seq;
	struct ipc_obj **dir[IPC_DIR_MAX];  /* pages of slots, made on demand */
};

extern struct ipc_table shm_table, sem_table, msg_table;

/* The object an id names, or null (bad or stale id: EINVAL). */
struct ipc_obj *ipc_lookup(struct ipc_table *t, int id);
/* The object in slot idx (the *_STAT commands), or null. */
struct ipc_obj *ipc_at(struct ipc_table *t, int idx);
int ipc_id(const struct ipc_obj *o);
/* The highest slot in use, 0 if none (what the *_INFO commands return). */
int ipc_max_idx(struct ipc_table *t);

/* A new object of a kind: its id or -errno (EINVAL, ENOSPC, ENOMEM). */
typedef int (*ipc_make_fn)(int32_t key, int flags, uint32_t arg);
/* More checks on an existing object found by key (sizes): 0 or -errno. */
typedef int (*ipc_check_fn)(struct ipc_obj *o, uint32_t arg);
/* shmget/semget/msgget's common part: key, IPC_CREAT, IPC_EXCL, access. */
int ipc_get(struct ipc_table *t, int32_t key, int flags, uint32_t arg,
            ipc_make_fn make, ipc_check_fn check);
/* Enter o (zeroed but for the kind's fields) in t: id or -ENOSPC/-ENOMEM. */
int ipc_insert(struct ipc_table *t, struct ipc_obj *o, int32_t key, int flags);
void ipc_remove(struct ipc_table *t, struct ipc_obj *o);

#define IPC_R 4                     /* access wanted, one rwx triplet */
#define IPC_W 2
#define IPC_X 1
int ipc_allowed(const struct ipc_obj *o, int access);   /* 0 or -EACCES */
int ipc_owner(const struct ipc_obj *o);                  /* 0 or -EPERM */
void ipc_perm_out(const struct ipc_obj *o, struct ipc64_perm *p);
int ipc_perm_set(struct ipc_obj *o, const struct ipc64_perm *p); /* IPC_SET */
uint32_t ipc_now(void);             /* wall-clock seconds */
int ipc_tgid(void);                 /* the caller's process id */

/* ---- the quota on kernel memory (ipc_ids.c): messages, semaphore
 * arrays, undo records, segment page tables ---- */
int ipc_mem_take(uint32_t bytes);   /* 0 or -ENOMEM */
void ipc_mem_give(uint32_t bytes);

/* ---- arrays larger than kmalloc gives, in pages (ipc_array.c) ---- */
struct ipc_array {
	uint32_t n, size;           /* elements, bytes each (a power of 2) */
	void *small;                /* the whole array, when it fits in a page */
	void **pages;               /* else: an index of pages, made on demand */
};
/* 0 or -ENOMEM; eager: every page now, else on first ipc_array_at. */
int ipc_array_init(struct ipc_array *a, uint32_t n, uint32_t size, int eager);
/* Element i; null if its page is not there (make: allocate it; null
 * then means no memory). */
void *ipc_array_at(struct ipc_array *a, uint32_t i, int make);
void ipc_array_free(struct ipc_array *a);
uint32_t ipc_array_bytes(const struct ipc_array *a);  /* charged to the quota */

/* ---- layouts: IPC_64 is the kernel's own; the old ones converted
 * (ipc_old.c).  kind: 's' semaphores, 'm' shared memory, 'q' queues ---- */
int ipc_stat_out(int kind, int version, uint32_t ubuf, const void *ds64);
int ipc_set_in(int kind, int version, uint32_t ubuf, void *ds64);
int shm_info_out(int version, uint32_t ubuf, const struct shminfo64 *in);

/* ---- the kinds' entry points (shm*.c, sem*.c, msg*.c) ---- */
long shm_get(int32_t key, uint32_t size, int flags);
long shm_ctl(int id, int cmd, int version, uint32_t ubuf);
long shm_at(int id, uint32_t addr, int flags, uint32_t *raddr);
long shm_dt(uint32_t addr);
long sem_get(int32_t key, int nsems, int flags);
long sem_ctl(int id, int num, int cmd, int version, uint32_t arg);
long sem_timedop(int id, uint32_t usops, uint32_t nsops, uint32_t utimeout, int time64);
void sem_exit(int tgid);            /* undo the group's SEM_UNDO adjustments */
long msg_get(int32_t key, int flags);
long msg_ctl(int id, int cmd, int version, uint32_t ubuf);
long msg_snd(int id, uint32_t umsg, uint32_t size, int flags);
long msg_rcv(int id, uint32_t umsg, uint32_t size, int32_t type, int flags);

#endif /* GUEST_IPC_H */
