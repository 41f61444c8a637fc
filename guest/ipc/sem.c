/*
 * sem.c - System V semaphore sets: semget and semctl.
 *
 * A set is its values (with the pid of each one's last changer), the
 * queue of processes waiting in semop (sem_op.c) and the SEM_UNDO records
 * of the processes that used it (sem_undo.c).  Setting values (SETVAL,
 * SETALL) clears the matching undo adjustments, as Linux does, and may
 * let waiting operations complete; removing the set wakes its waiters with
 * EIDRM.  Limits are Linux's defaults: SEMMSL values a set, SEMMNS in
 * all, SEMVMX the largest value.
 */
#include "ipc/sem.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

static uint32_t used_sems;          /* values in all sets */

static struct sem_set *set_of(struct ipc_obj *o)
{
	return (struct sem_set *)o;
}

static void destroy(struct sem_set *s)
{
	sem_wake_all(s, -EIDRM);
	sem_undo_free_all(s);
	ipc_mem_give(ipc_array_bytes(&s->sems));
	ipc_array_free(&s->sems);
	used_sems -= s->nsems;
	ipc_remove(&sem_table, &s->o);
	kfree(s);
}

static int make(int32_t key, int flags, uint32_t nsems)
{
	struct sem_set *s;
	int id;

	if (nsems == 0)
		return -EINVAL;
	if (used_sems + nsems > SEMMNS)
		return -ENOSPC;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (ipc_array_init(&s->sems, nsems, sizeof(struct sem), 1)) {
		kfree(s);
		return -ENOMEM;
	}
	if (ipc_mem_take(ipc_array_bytes(&s->sems))) {
		ipc_array_free(&s->sems);
		kfree(s);
		return -ENOMEM;
	}
	id = ipc_insert(&sem_table, &s->o, key, flags);
	if (id < 0) {
		ipc_mem_give(ipc_array_bytes(&s->sems));
		ipc_array_free(&s->sems);
		kfree(s);
		return id;
	}
	s->nsems = nsems;
	used_sems += nsems;
	return id;
}

static int check_fn(struct ipc_obj *o, uint32_t nsems)
{
	return nsems > set_of(o)->nsems ? -EINVAL : 0;
}

long sem_get(int32_t key, int nsems, int flags)
{
	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	return ipc_get(&sem_table, key, flags, nsems, make, check_fn);
}

static long info(int cmd, uint32_t ubuf)
{
	struct seminfo si = {
		.semmni = SEMMNI, .semmns = SEMMNS, .semmsl = SEMMSL, .semopm = SEMOPM,
		.semvmx = SEMVMX, .semmnu = SEMMNS, .semmap = SEMMNS, .semume = SEMOPM,
		.semusz = SEMUSZ, .semaem = SEMAEM,
	};

	if (cmd == SEM_INFO) {
		si.semusz = sem_table.in_use;
		si.semaem = used_sems;
	}
	if (copy_to_user((void *)ubuf, &si, sizeof(si)))
		return -EFAULT;
	return ipc_max_idx(&sem_table);
}

static long stat(int id, int cmd, int version, uint32_t ubuf)
{
	struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&sem_table, id)
	                                    : ipc_at(&sem_table, id);
	struct semid64_ds ds;
	int rc;

	if (!o)
		return -EINVAL;
	if (cmd != SEM_STAT_ANY && (rc = ipc_allowed(o, IPC_R)) != 0)
		return rc;
	memset(&ds, 0, sizeof(ds));
	ipc_perm_out(o, &ds.sem_perm);
	ds.sem_otime = set_of(o)->otime;
	ds.sem_ctime = o->ctime;
	ds.sem_nsems = set_of(o)->nsems;
	rc = ipc_stat_out('s', version, ubuf, &ds);
	if (rc)
		return rc;
	return cmd == IPC_STAT ? 0 : ipc_id(o);
}

/* The set an id names, if the caller has `access` to it: *err otherwise. */
static struct sem_set *find(int id, int access, int *err)
{
	struct ipc_obj *o = ipc_lookup(&sem_table, id);

	*err = -EINVAL;
	if (!o)
		return 0;
	*err = ipc_allowed(o, access);
	return *err ? 0 : set_of(o);
}

/* GETALL: the values copied out a page of them at a time, from a
 * snapshot (the copy may sleep). */
static long get_all(int id, uint32_t uarr)
{
	struct ipc_array buf;
	struct sem_set *s;
	uint32_t per = PAGE_SIZE / sizeof(uint16_t);
	int rc;

	if (!(s = find(id, IPC_R, &rc)))
		return rc;
	if (ipc_array_init(&buf, s->nsems, sizeof(uint16_t), 1))
		return -ENOMEM;
	for (uint32_t i = 0; i < s->nsems; i++)
		*(uint16_t *)ipc_array_at(&buf, i, 0) = sem_at(s, i)->val;
	for (uint32_t i = 0; i < buf.n && rc == 0; i += per) {
		uint32_t n = buf.n - i < per ? buf.n - i : per;

		if (copy_to_user((void *)(uarr + 2 * i), ipc_array_at(&buf, i, 0), 2 * n))
			rc = -EFAULT;
	}
	ipc_array_free(&buf);
	return rc;
}

static void set_values(struct sem_set *s, struct ipc_array *buf)
{
	for (uint32_t i = 0; i < s->nsems; i++) {
		sem_at(s, i)->val = *(uint16_t *)ipc_array_at(buf, i, 0);
		sem_at(s, i)->pid = ipc_tgid();
	}
	sem_undo_clear(s, (uint32_t)-1);
	s->o.ctime = ipc_now();
	sem_update(s);
}

/* SETALL: the values copied in first; the set looked up again after. */
static long set_all(int id, uint32_t uarr)
{
	struct ipc_array buf;
	struct sem_set *s;
	uint32_t per = PAGE_SIZE / sizeof(uint16_t), nsems;
	int rc;

	if (!(s = find(id, IPC_W, &rc)))
		return rc;
	nsems = s->nsems;
	if (ipc_array_init(&buf, nsems, sizeof(uint16_t), 1))
		return -ENOMEM;
	for (uint32_t i = 0; i < nsems && rc == 0; i += per) {
		uint32_t n = nsems - i < per ? nsems - i : per;

		if (copy_from_user(ipc_array_at(&buf, i, 0), (void *)(uarr + 2 * i), 2 * n))
			rc = -EFAULT;
	}
	for (uint32_t i = 0; i < nsems && rc == 0; i++)
		if (*(uint16_t *)ipc_array_at(&buf, i, 0) > SEMVMX)
			rc = -ERANGE;
	if (rc == 0 && ipc_lookup(&sem_table, id) != &s->o)
		rc = -EIDRM;                 /* removed while we copied */
	if (rc == 0)
		set_values(s, &buf);
	ipc_array_free(&buf);
	return rc;
}

static long get_one(int id, uint32_t num, int cmd)
{
	struct sem_set *s;
	int rc;

	if (!(s = find(id, IPC_R, &rc)))
		return rc;
	if (num >= s->nsems)
		return -EINVAL;
	switch (cmd) {
	case GETVAL:  return sem_at(s, num)->val;
	case GETPID:  return sem_at(s, num)->pid;
	case GETNCNT: return sem_count_waiting(s, num, 0);
	default:      return sem_count_waiting(s, num, 1);
	}
}

static long set_val(int id, uint32_t num, int32_t val)
{
	struct ipc_obj *o;
	struct sem_set *s;
	int rc;

	if (val < 0 || val > SEMVMX)
		return -ERANGE;
	if (!(o = ipc_lookup(&sem_table, id)))
		return -EINVAL;
	s = set_of(o);
	if (num >= s->nsems)
		return -EINVAL;
	if ((rc = ipc_allowed(o, IPC_W)) != 0)
		return rc;
	sem_at(s, num)->val = val;
	sem_at(s, num)->pid = ipc_tgid();
	sem_undo_clear(s, num);
	o->ctime = ipc_now();
	sem_update(s);
	return 0;
}

static long set(int id, int version, uint32_t ubuf)
{
	struct semid64_ds ds;
	struct ipc_obj *o;
	int rc = ipc_set_in('s', version, ubuf, &ds);

	if (rc)
		return rc;
	if (!(o = ipc_lookup(&sem_table, id)))
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	return ipc_perm_set(o, &ds.sem_perm);
}

static long rmid(int id)
{
	struct ipc_obj *o = ipc_lookup(&sem_table, id);
	int rc;

	if (!o)
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	destroy(set_of(o));
	return 0;
}

long sem_ctl(int id, int num, int cmd, int version, uint32_t arg)
{
	if (id < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: case SEM_INFO:
		return info(cmd, arg);
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY:
		return stat(id, cmd, version, arg);
	case GETALL:
		return get_all(id, arg);
	case SETALL:
		return set_all(id, arg);
	case GETVAL: case GETPID: case GETNCNT: case GETZCNT:
		return get_one(id, (uint32_t)num, cmd);
	case SETVAL:
		return set_val(id, (uint32_t)num, (int32_t)arg);
	case IPC_SET:
		return set(id, version, arg);
	case IPC_RMID:
		return rmid(id);
	default:
		return -EINVAL;
	}
}
