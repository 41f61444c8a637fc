/*
 * ipc_ids.c - what shared memory, semaphores and message queues have in
 * common: ids and keys, the get calls' rules, permissions, and the quota
 * on the kernel memory IPC objects hold.
 *
 * An id is seq << 15 | slot, as Linux makes them: the slot is the lowest
 * free one, the sequence number a per-kind counter, so an id kept after
 * its object was removed names nothing (EINVAL) even once the slot is
 * reused.  Slots live in pages of 1024 pointers, made as the table grows
 * and kept (at most 32 pages a kind).
 *
 * Access follows Linux's ipcperms: the owner triplet for the creator or
 * owner uid (effective id), the group triplet for the creator's or
 * owner's group, else the other triplet; root (CAP_IPC_OWNER) passes.
 * IPC_SET and IPC_RMID need the creator or owner, or CAP_SYS_ADMIN.
 */
#include "ipc/ipc.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

struct ipc_table shm_table = { .max = SHMMNI };
struct ipc_table sem_table = { .max = SEMMNI };
struct ipc_table msg_table = { .max = MSGMNI };

static struct ipc_obj **slot(struct ipc_table *t, int idx, int make)
{
	struct ipc_obj ***page = &t->dir[idx / IPC_SLOTS_PER_PAGE];

	if (!*page && make)
		*page = kpage_alloc();
	return *page ? &(*page)[idx % IPC_SLOTS_PER_PAGE] : 0;
}

struct ipc_obj *ipc_at(struct ipc_table *t, int idx)
{
	struct ipc_obj **s;

	if (idx < 0 || idx >= t->top)
		return 0;
	s = slot(t, idx, 0);
	return s ? *s : 0;
}

struct ipc_obj *ipc_lookup(struct ipc_table *t, int id)
{
	struct ipc_obj *o;

	if (id < 0)
		return 0;
	o = ipc_at(t, id & ((1 << IPC_SEQ_SHIFT) - 1));
	return o && o->seq == (uint32_t)id >> IPC_SEQ_SHIFT ? o : 0;
}

int ipc_id(const struct ipc_obj *o)
{
	return (int)o->seq << IPC_SEQ_SHIFT | o->idx;
}

int ipc_max_idx(struct ipc_table *t)
{
	for (int idx = t->top - 1; idx > 0; idx--)
		if (ipc_at(t, idx))
			return idx;
	return 0;
}

uint32_t ipc_now(void)
{
	return (uint32_t)(clock_now_ns(CLOCK_REALTIME) / 1000000000);
}

int ipc_tgid(void)
{
	return curproc ? curproc->tgid : 0;
}

int ipc_insert(struct ipc_table *t, struct ipc_obj *o, int32_t key, int flags)
{
	const struct cred *c = proc_cred(curproc);
	struct ipc_obj **s = 0;
	int idx;

	if (t->in_use >= t->max)
		return -ENOSPC;
	for (idx = t->low_free; idx < t->max; idx++) {
		s = slot(t, idx, 1);
		if (!s)
			return -ENOMEM;
		if (!*s)
			break;
	}
	o->key = key;
	o->uid = o->cuid = c->uid[ID_EFF];
	o->gid = o->cgid = c->gid[ID_EFF];
	o->mode = flags & 0777;
	o->seq = t->next_seq++;            /* 16 bits: the id stays positive */
	o->idx = idx;
	o->ctime = ipc_now();
	*s = o;
	t->in_use++;
	t->low_free = idx + 1;
	if (idx >= t->top)
		t->top = idx + 1;
	return ipc_id(o);
}

void ipc_remove(struct ipc_table *t, struct ipc_obj *o)
{
	*slot(t, o->idx, 0) = 0;
	t->in_use--;
	if (o->idx < t->low_free)
		t->low_free = o->idx;
	while (t->top > 0 && !ipc_at(t, t->top - 1))
		t->top--;
}

static struct ipc_obj *find_key(struct ipc_table *t, int32_t key)
{
	for (int idx = 0; idx < t->top; idx++) {
		struct ipc_obj *o = ipc_at(t, idx);

		if (o && o->key == key)
			return o;
	}
	return 0;
}

int ipc_allowed(const struct ipc_obj *o, int access)
{
	const struct cred *c = proc_cred(curproc);
	uint32_t euid = c->uid[ID_EFF], granted = o->mode;

	if (euid == o->cuid || euid == o->uid)
		granted >>= 6;
	else if (proc_in_group(o->cgid) || proc_in_group(o->gid))
		granted >>= 3;
	if ((access & ~granted & 7) && !capable(CAP_IPC_OWNER))
		return -EACCES;
	return 0;
}

int ipc_owner(const struct ipc_obj *o)
{
	uint32_t euid = proc_cred(curproc)->uid[ID_EFF];

	if (euid == o->cuid || euid == o->uid || capable(CAP_SYS_ADMIN))
		return 0;
	return -EPERM;
}

int ipc_get(struct ipc_table *t, int32_t key, int flags, uint32_t arg,
            ipc_make_fn make, ipc_check_fn check)
{
	struct ipc_obj *o;
	int rc;

	if (key == IPC_PRIVATE)
		return make(key, flags, arg);
	o = find_key(t, key);
	if (!o)
		return flags & IPC_CREAT ? make(key, flags, arg) : -ENOENT;
	if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		return -EEXIST;
	if (check && (rc = check(o, arg)) != 0)
		return rc;
	/* Every triplet of the requested mode counts, as in Linux. */
	rc = ipc_allowed(o, (flags >> 6 | flags >> 3 | flags) & 7);
	return rc ? rc : ipc_id(o);
}

void ipc_perm_out(const struct ipc_obj *o, struct ipc64_perm *p)
{
	memset(p, 0, sizeof(*p));
	p->key = o->key;
	p->uid = o->uid;
	p->gid = o->gid;
	p->cuid = o->cuid;
	p->cgid = o->cgid;
	p->mode = o->mode;
	p->seq = o->seq;
}

int ipc_perm_set(struct ipc_obj *o, const struct ipc64_perm *p)
{
	if (p->uid == 0xFFFFFFFFu || p->gid == 0xFFFFFFFFu)
		return -EINVAL;                  /* no such id */
	o->uid = p->uid;
	o->gid = p->gid;
	o->mode = (o->mode & ~0777u) | (p->mode & 0777u);
	o->ctime = ipc_now();
	return 0;
}

/* ---- the quota: a quarter of what IPC holds and the free frames
 * together, recomputed when reached (free memory changes) ---- */

static uint32_t mem_used, mem_max;

int ipc_mem_take(uint32_t bytes)
{
	if (mem_used + bytes > mem_max || mem_used + bytes < mem_used)
		mem_max = (mem_used / VMI_PAGE_SIZE + frames_free()) / 4 * VMI_PAGE_SIZE;
	if (mem_used + bytes > mem_max || mem_used + bytes < mem_used)
		return -ENOMEM;
	mem_used += bytes;
	return 0;
}

void ipc_mem_give(uint32_t bytes)
{
	mem_used -= bytes;
}
