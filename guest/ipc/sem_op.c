/*
 * sem_op.c - semop and semtimedop: a list of operations done all at once
 * or not at all, and the processes waiting until they can be.
 *
 * The operations are tried in order on the live values and undone if one
 * of them would block (a decrement below 0, a wait for 0 on a non-zero
 * value) or goes out of range (ERANGE: above SEMVMX, or a SEM_UNDO
 * adjustment beyond SEMAEM).  A caller that must wait joins the set's
 * FIFO of pending operations; whoever changes the values afterwards
 * (semop, SETVAL, SETALL, an exit's undo) completes every pending list
 * that now can, in order, on the waiter's behalf - as Linux does, so a
 * value handed to a waiter cannot be taken by someone who came later -
 * and wakes it with the result.  A waiter also leaves on a signal (EINTR:
 * never restarted, as in Linux), at its timeout (EAGAIN) or when the set
 * is removed (EIDRM).  Undo records are made before the first try, so
 * completing a waiter's operations never needs memory.
 */
#include "ipc/sem.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

_Static_assert(sizeof(struct sem_kop) == sizeof(struct sembuf), "sembuf as it comes");

#define MAX_WAIT_NS (1000000000ll * 86400 * 365 * 100)   /* a century: forever */

/* 0 done, 1 would block at *blocking, -ERANGE or -ENOMEM: nothing done. */
static int try_ops(struct sem_set *s, const struct sem_kop *ops, uint32_t n, int tgid,
                   uint32_t *blocking)
{
	uint32_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		struct sem *sem = sem_at(s, ops[i].num);
		int32_t v = sem->val + ops[i].op;

		if (ops[i].op == 0 ? sem->val != 0 : v < 0) {
			*blocking = i;
			rc = 1;
		} else if (v > SEMVMX) {
			rc = -ERANGE;
		} else if (ops[i].flg & SEM_UNDO) {
			struct sem_undo *u = sem_undo_find(s, tgid, ops[i].num, 0);
			int32_t adj = u ? u->adj - ops[i].op : 0;

			if (!u)
				rc = -ENOMEM;
			else if (adj < -SEMAEM - 1 || adj > SEMAEM)
				rc = -ERANGE;
			else
				u->adj = adj;
		}
		if (rc == 0)
			sem->val = v;
	}
	if (rc == 0)
		return 0;
	for (i--; i-- > 0;) {                /* back out what the loop applied */
		sem_at(s, ops[i].num)->val -= ops[i].op;
		if (ops[i].flg & SEM_UNDO)
			sem_undo_find(s, tgid, ops[i].num, 0)->adj += ops[i].op;
	}
	return rc;
}

static void done(struct sem_set *s, const struct sem_kop *ops, uint32_t n, int tgid)
{
	for (uint32_t i = 0; i < n; i++)
		sem_at(s, ops[i].num)->pid = tgid;
	s->otime = ipc_now();
}

void sem_update(struct sem_set *s)
{
	struct sem_waiter **pp = &s->pending;

	while (*pp) {
		struct sem_waiter *w = *pp;
		int rc = try_ops(s, w->ops, w->nops, w->tgid, &w->blocking);

		if (rc == 1) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		if (rc == 0)
			done(s, w->ops, w->nops, w->tgid);
		w->status = rc;
		wakeup(w);
		if (rc == 0 && w->alter)
			pp = &s->pending;        /* values changed: the older ones again */
	}
}

void sem_wake_all(struct sem_set *s, int status)
{
	while (s->pending) {
		struct sem_waiter *w = s->pending;

		s->pending = w->next;
		w->status = status;
		wakeup(w);
	}
}

uint32_t sem_count_waiting(struct sem_set *s, uint32_t num, int zero)
{
	uint32_t n = 0;

	for (struct sem_waiter *w = s->pending; w; w = w->next) {
		const struct sem_kop *op = &w->ops[w->blocking];

		if (op->num == num && (zero ? op->op == 0 : op->op < 0))
			n++;
	}
	return n;
}

static void leave(struct sem_set *s, struct sem_waiter *w)
{
	struct sem_waiter **pp = &s->pending;

	while (*pp && *pp != w)
		pp = &(*pp)->next;
	if (*pp)
		*pp = w->next;
}

/* Queue up and sleep until the operations are done for us or we leave. */
static long wait_for(struct sem_set *s, struct sem_waiter *w, int timed, uint64_t deadline)
{
	struct sem_waiter **pp = &s->pending;

	while (*pp)
		pp = &(*pp)->next;
	*pp = w;
	for (;;) {
		if (w->status != 1)
			return w->status;        /* done, failed, or the set is gone */
		if (proc_signal_pending()) {
			leave(s, w);
			return -EINTR;
		}
		if (timed && vmi_time_ns() >= deadline) {
			leave(s, w);
			return -EAGAIN;
		}
		sleep_on(w, timed ? deadline : 0);
	}
}

/* The checks in Linux's order, then one try, then the wait. */
static long do_semop(int id, const struct sem_kop *ops, uint32_t n, int timed, uint64_t deadline)
{
	struct sem_waiter w = { .tgid = ipc_tgid(), .ops = ops, .nops = n, .status = 1 };
	uint32_t max = 0;
	struct ipc_obj *o;
	struct sem_set *s;
	int rc;

	for (uint32_t i = 0; i < n; i++) {
		if (ops[i].num > max)
			max = ops[i].num;
		if (ops[i].op != 0)
			w.alter = 1;
	}
	if (!(o = ipc_lookup(&sem_table, id)))
		return -EINVAL;
	s = (struct sem_set *)o;
	if (max >= s->nsems)
		return -EFBIG;
	if ((rc = ipc_allowed(o, w.alter ? IPC_W : IPC_R)) != 0)
		return rc;
	for (uint32_t i = 0; i < n; i++)
		if ((ops[i].flg & SEM_UNDO) && !sem_undo_find(s, w.tgid, ops[i].num, 1))
			return -ENOMEM;
	rc = try_ops(s, ops, n, w.tgid, &w.blocking);
	if (rc == 0) {
		done(s, ops, n, w.tgid);
		if (w.alter)
			sem_update(s);
		return 0;
	}
	if (rc < 0)
		return rc;
	if ((ops[w.blocking].flg & IPC_NOWAIT) || (timed && vmi_time_ns() >= deadline))
		return -EAGAIN;
	return wait_for(s, &w, timed, deadline);
}

long sem_timedop(int id, uint32_t usops, uint32_t nsops, uint32_t utimeout, int time64)
{
	struct sem_kop *ops;
	uint64_t deadline = 0;
	long rc;

	if (nsops < 1 || id < 0)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	ops = kmalloc(nsops * sizeof(*ops));
	if (!ops)
		return -ENOMEM;
	rc = copy_from_user(ops, (void *)usops, nsops * sizeof(*ops)) ? -EFAULT : 0;
	if (rc == 0 && utimeout) {
		int64_t ns;

		rc = time_from_user(utimeout, &ns, time64);
		if (rc == 0 && (ns < 0 || ns > MAX_WAIT_NS))
			ns = MAX_WAIT_NS;           /* (a wrapped deadline would be past) */
		if (rc == 0)
			deadline = vmi_time_ns() + ns;
	}
	if (rc == 0)
		rc = do_semop(id, ops, nsops, utimeout != 0, deadline);
	kfree(ops);
	return rc;
}
