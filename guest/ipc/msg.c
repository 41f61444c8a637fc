/*
 * msg.c - System V message queues: msgget, msgctl, and a queue's end.
 *
 * A queue holds its messages in arrival order and counts them (msg_qnum)
 * and their bytes (msg_cbytes) against its limit msg_qbytes, MSGMNB at
 * first; only CAP_SYS_RESOURCE raises it above that with IPC_SET, which
 * also sends the waiting receivers back to look again (they may have lost
 * their access) and the waiting senders too (there may be room now).
 * Removal frees the messages and wakes every waiter with EIDRM.
 */
#include "ipc/msg.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

uint32_t msg_total, msg_total_bytes;

static struct msg_queue *queue_of(struct ipc_obj *o)
{
	return (struct msg_queue *)o;
}

void msg_wake_receivers(struct msg_queue *q, int status)
{
	while (q->receivers) {
		struct msg_receiver *r = q->receivers;

		q->receivers = r->next;
		r->status = status;
		wakeup(r);
	}
}

void msg_wake_senders(struct msg_queue *q, int status)
{
	while (q->senders) {
		struct msg_sender *s = q->senders;

		q->senders = s->next;
		s->status = status;
		wakeup(s);
	}
}

static void destroy(struct msg_queue *q)
{
	msg_wake_receivers(q, -EIDRM);
	msg_wake_senders(q, -EIDRM);
	while (q->first) {
		struct kmsg *m = q->first;

		q->first = m->next;
		msg_total--;
		msg_total_bytes -= m->size;
		msg_free(m);
	}
	ipc_remove(&msg_table, &q->o);
	kfree(q);
}

static int make(int32_t key, int flags, uint32_t unused)
{
	struct msg_queue *q = kmalloc(sizeof(*q));
	int id;

	(void)unused;
	if (!q)
		return -ENOMEM;
	id = ipc_insert(&msg_table, &q->o, key, flags);
	if (id < 0) {
		kfree(q);
		return id;
	}
	q->qbytes = MSGMNB;
	q->last = 0;
	return id;
}

long msg_get(int32_t key, int flags)
{
	return ipc_get(&msg_table, key, flags, 0, make, 0);
}

static long info(int cmd, uint32_t ubuf)
{
	struct msginfo mi = {
		.msgpool = MSGPOOL, .msgmap = MSGMNB, .msgmax = MSGMAX, .msgmnb = MSGMNB,
		.msgmni = MSGMNI, .msgssz = MSGSSZ, .msgtql = MSGMNB, .msgseg = MSGSEG,
	};

	if (cmd == MSG_INFO) {               /* what is in use, as Linux */
		mi.msgpool = msg_table.in_use;
		mi.msgmap = msg_total;
		mi.msgtql = msg_total_bytes;
	}
	if (copy_to_user((void *)ubuf, &mi, sizeof(mi)))
		return -EFAULT;
	return ipc_max_idx(&msg_table);
}

static long stat(int id, int cmd, int version, uint32_t ubuf)
{
	struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&msg_table, id)
	                                    : ipc_at(&msg_table, id);
	struct msqid64_ds ds;
	struct msg_queue *q;
	int rc;

	if (!o)
		return -EINVAL;
	if (cmd != MSG_STAT_ANY && (rc = ipc_allowed(o, IPC_R)) != 0)
		return rc;
	q = queue_of(o);
	memset(&ds, 0, sizeof(ds));
	ipc_perm_out(o, &ds.msg_perm);
	ds.msg_stime = q->stime;
	ds.msg_rtime = q->rtime;
	ds.msg_ctime = o->ctime;
	ds.msg_cbytes = q->cbytes;
	ds.msg_qnum = q->qnum;
	ds.msg_qbytes = q->qbytes;
	ds.msg_lspid = q->lspid;
	ds.msg_lrpid = q->lrpid;
	rc = ipc_stat_out('q', version, ubuf, &ds);
	if (rc)
		return rc;
	return cmd == IPC_STAT ? 0 : ipc_id(o);
}

static long set(int id, int version, uint32_t ubuf)
{
	struct msqid64_ds ds;
	struct ipc_obj *o;
	int rc = ipc_set_in('q', version, ubuf, &ds);

	if (rc)
		return rc;
	if (!(o = ipc_lookup(&msg_table, id)))
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	if (ds.msg_qbytes > MSGMNB && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if ((rc = ipc_perm_set(o, &ds.msg_perm)) != 0)
		return rc;
	queue_of(o)->qbytes = ds.msg_qbytes;
	msg_wake_receivers(queue_of(o), MSG_RETRY);
	msg_wake_senders(queue_of(o), MSG_RETRY);
	return 0;
}

static long rmid(int id)
{
	struct ipc_obj *o = ipc_lookup(&msg_table, id);
	int rc;

	if (!o)
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	destroy(queue_of(o));
	return 0;
}

long msg_ctl(int id, int cmd, int version, uint32_t ubuf)
{
	if (cmd < 0 || id < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: case MSG_INFO:
		return info(cmd, ubuf);
	case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
		return stat(id, cmd, version, ubuf);
	case IPC_SET:
		return set(id, version, ubuf);
	case IPC_RMID:
		return rmid(id);
	default:
		return -EINVAL;
	}
}
