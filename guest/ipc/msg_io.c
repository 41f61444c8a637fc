/*
 * msg_io.c - msgsnd and msgrcv, and how a message is kept.
 *
 * A message is copied in whole before its queue is looked up (the copy
 * may sleep on a page fault) into a header of up to a page and chunks of
 * a page, charged to the IPC memory quota.  msgsnd waits while the queue
 * has no room (its bytes and its message count both stay within
 * msg_qbytes); a message for which a receiver is already waiting goes to
 * the oldest such receiver directly, as in Linux, which also hands E2BIG
 * to a waiting receiver whose buffer is too small.  msgrcv chooses by
 * type: 0 the first message, > 0 the first of that type (with MSG_EXCEPT
 * the first of any other), < 0 the lowest type up to its absolute value;
 * MSG_COPY (with IPC_NOWAIT) copies the message at that position without
 * taking it.  A message longer than the buffer is E2BIG and stays, unless
 * MSG_NOERROR cuts it.  Waits end with EIDRM when the queue goes, and on
 * signals: -ERESTARTNOHAND, so that only a handler makes them EINTR.
 */
#include "ipc/msg.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define FIRST_TEXT (PAGE_SIZE - sizeof(struct kmsg))
#define CHUNK_TEXT (PAGE_SIZE - sizeof(struct msg_chunk))

enum { SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

void msg_free(struct kmsg *m)
{
	while (m->more) {
		struct msg_chunk *c = m->more;

		m->more = c->next;
		kfree(c);
	}
	ipc_mem_give(m->charged);
	kfree(m);
}

static uint32_t charge_for(uint32_t size)
{
	uint32_t first = size < FIRST_TEXT ? size : FIRST_TEXT;
	uint32_t chunks = (size - first + CHUNK_TEXT - 1) / CHUNK_TEXT;

	return sizeof(struct kmsg) + first + chunks * PAGE_SIZE;
}

/* The text copied in; null and *err (ENOMEM, EFAULT) if not. */
static struct kmsg *load(uint32_t utext, uint32_t size, int *err)
{
	uint32_t first = size < FIRST_TEXT ? size : FIRST_TEXT, done = first;
	struct msg_chunk **tail;
	struct kmsg *m;

	*err = -ENOMEM;
	if (ipc_mem_take(charge_for(size)))
		return 0;
	m = kmalloc(sizeof(*m) + first);
	if (!m) {
		ipc_mem_give(charge_for(size));
		return 0;
	}
	m->size = size;
	m->charged = charge_for(size);
	tail = &m->more;
	if (copy_from_user(m->text, (void *)utext, first))
		goto fault;
	while (done < size) {
		uint32_t n = size - done < CHUNK_TEXT ? size - done : CHUNK_TEXT;
		struct msg_chunk *c = kmalloc(sizeof(*c) + n);

		if (!c)
			goto fail;
		*tail = c;
		tail = &c->next;
		if (copy_from_user(c->text, (void *)(utext + done), n))
			goto fault;
		done += n;
	}
	return m;
fault:
	*err = -EFAULT;
fail:
	msg_free(m);
	return 0;
}

/* The first n bytes of the text out to user memory: 0 or -EFAULT. */
static int store(const struct kmsg *m, uint32_t utext, uint32_t n)
{
	uint32_t chunk = n < FIRST_TEXT ? n : FIRST_TEXT, done = chunk;

	if (copy_to_user((void *)utext, m->text, chunk))
		return -EFAULT;
	for (const struct msg_chunk *c = m->more; done < n; c = c->next) {
		chunk = n - done < CHUNK_TEXT ? n - done : CHUNK_TEXT;
		if (copy_to_user((void *)(utext + done), c->text, chunk))
			return -EFAULT;
		done += chunk;
	}
	return 0;
}

/* A copy of m for MSG_COPY (m stays queued and may go while we copy out). */
static struct kmsg *dup(const struct kmsg *m, int *err)
{
	uint32_t first = m->size < FIRST_TEXT ? m->size : FIRST_TEXT, done = first;
	struct msg_chunk **tail;
	struct kmsg *d;

	*err = -ENOMEM;
	if (ipc_mem_take(m->charged))
		return 0;
	d = kmalloc(sizeof(*d) + first);
	if (!d) {
		ipc_mem_give(m->charged);
		return 0;
	}
	*d = *m;
	d->more = 0;
	memcpy(d->text, m->text, first);
	tail = &d->more;
	for (const struct msg_chunk *c = m->more; c; c = c->next) {
		uint32_t n = m->size - done < CHUNK_TEXT ? m->size - done : CHUNK_TEXT;
		struct msg_chunk *k = kmalloc(sizeof(*k) + n);

		if (!k) {
			msg_free(d);
			return 0;
		}
		memcpy(k->text, c->text, n);
		*tail = k;
		tail = &k->next;
		done += n;
	}
	return d;
}

static int matches(const struct kmsg *m, int32_t type, int mode)
{
	switch (mode) {
	case SEARCH_EQUAL:     return m->type == type;
	case SEARCH_NOTEQUAL:  return m->type != type;
	case SEARCH_LESSEQUAL: return m->type <= type;
	default:               return 1;
	}
}

/* The message msgrcv wants, with the link that points to it in *link. */
static struct kmsg *find(struct msg_queue *q, int32_t type, int mode, struct kmsg ***link)
{
	struct kmsg **best = 0;
	int32_t count = 0;

	for (struct kmsg **pp = &q->first; *pp; pp = &(*pp)->next) {
		struct kmsg *m = *pp;

		if (!matches(m, type, mode))
			continue;
		if (mode == SEARCH_NUMBER) {     /* the type is a position */
			if (count++ != type)
				continue;
		} else if (mode == SEARCH_LESSEQUAL) {
			if (!best || m->type < (*best)->type)   /* the lowest, first of equals */
				best = pp;
			continue;
		}
		best = pp;
		break;
	}
	*link = best;
	return best ? *best : 0;
}

static void unlink_msg(struct msg_queue *q, struct kmsg **link)
{
	struct kmsg *m = *link;

	*link = m->next;
	if (q->last == m) {
		q->last = 0;
		for (struct kmsg *k = q->first; k; k = k->next)
			q->last = k;
	}
	q->qnum--;
	q->cbytes -= m->size;
	msg_total--;
	msg_total_bytes -= m->size;
}

static void append(struct msg_queue *q, struct kmsg *m)
{
	m->next = 0;
	if (q->last)
		q->last->next = m;
	else
		q->first = m;
	q->last = m;
	q->qnum++;
	q->cbytes += m->size;
	msg_total++;
	msg_total_bytes += m->size;
}

/* Hand m to the oldest receiver waiting for it: 1 if one took it. */
static int hand_over(struct msg_queue *q, struct kmsg *m)
{
	for (struct msg_receiver **pp = &q->receivers; *pp;) {
		struct msg_receiver *r = *pp;

		if (!matches(m, r->type, r->mode)) {
			pp = &r->next;
			continue;
		}
		*pp = r->next;
		wakeup(r);
		if (r->maxsize < m->size) {
			r->status = -E2BIG;
			continue;
		}
		r->msg = m;
		r->status = 0;
		q->lrpid = r->tgid;
		q->rtime = ipc_now();
		return 1;
	}
	return 0;
}

static int fits(const struct msg_queue *q, uint32_t size)
{
	return size + q->cbytes <= q->qbytes && q->qnum + 1 <= q->qbytes;
}

/* Sleep as a queued sender or receiver (chan) until *status changes;
 * -ERESTARTNOHAND on a signal (the caller unlinks). */
static int sleep_while(void *chan, volatile int *status)
{
	while (*status == 1) {
		if (proc_signal_pending())
			return -ERESTARTNOHAND;
		sleep_on(chan, 0);
	}
	return 0;
}

static void leave_senders(struct msg_queue *q, struct msg_sender *s)
{
	struct msg_sender **pp = &q->senders;

	while (*pp && *pp != s)
		pp = &(*pp)->next;
	if (*pp)
		*pp = s->next;
}

static void leave_receivers(struct msg_queue *q, struct msg_receiver *r)
{
	struct msg_receiver **pp = &q->receivers;

	while (*pp && *pp != r)
		pp = &(*pp)->next;
	if (*pp)
		*pp = r->next;
}

/* Until the queue has room for m: the queue, or null and *err. */
static struct msg_queue *wait_room(int id, struct kmsg *m, int flags, int *err)
{
	for (int first = 1;; first = 0) {
		struct ipc_obj *o = ipc_lookup(&msg_table, id);
		struct msg_sender s = { .status = 1 };
		struct msg_queue *q;

		*err = first ? -EINVAL : -EIDRM;
		if (!o)
			return 0;
		if ((*err = ipc_allowed(o, IPC_W)) != 0)
			return 0;
		q = (struct msg_queue *)o;
		if (fits(q, m->size))
			return q;
		*err = -EAGAIN;
		if (flags & IPC_NOWAIT)
			return 0;
		s.next = q->senders;         /* order does not matter: all wake */
		q->senders = &s;
		*err = sleep_while(&s, &s.status);
		if (*err) {
			leave_senders(q, &s);    /* still waiting, so q is still there */
			return 0;
		}
		if ((*err = s.status) < 0)
			return 0;
	}
}

long msg_snd(int id, uint32_t umsg, uint32_t size, int flags)
{
	struct msg_queue *q;
	struct kmsg *m;
	int32_t type;
	int err;

	if (copy_from_user(&type, (void *)umsg, 4))
		return -EFAULT;
	if (size > MSGMAX || id < 0 || type < 1)
		return -EINVAL;
	m = load(umsg + 4, size, &err);
	if (!m)
		return err;
	m->type = type;
	q = wait_room(id, m, flags, &err);
	if (!q) {
		msg_free(m);
		return err;
	}
	q->lspid = ipc_tgid();
	q->stime = ipc_now();
	if (!hand_over(q, m))
		append(q, m);
	return 0;
}

/* The message for a receiver: taken off the queue, handed over while it
 * waited, or (MSG_COPY) a copy; null and *err if none. */
static struct kmsg *take(int id, uint32_t size, int32_t type, int mode, int flags, int *err)
{
	for (int first = 1;; first = 0) {
		struct ipc_obj *o = ipc_lookup(&msg_table, id);
		struct msg_receiver r = { .type = type, .mode = mode, .tgid = ipc_tgid(),
		                          .maxsize = flags & MSG_NOERROR ? 0x7FFFFFFF : size,
		                          .status = 1 };
		struct msg_queue *q;
		struct kmsg *m, **link;

		*err = first ? -EINVAL : -EIDRM;
		if (!o)
			return 0;
		if ((*err = ipc_allowed(o, IPC_R)) != 0)
			return 0;
		q = (struct msg_queue *)o;
		if ((m = find(q, type, mode, &link)) != 0) {
			*err = -E2BIG;
			if (size < m->size && !(flags & MSG_NOERROR))
				return 0;
			if (flags & MSG_COPY) {
				*err = -EINVAL;          /* Linux's copy is at most the buffer */
				return m->size > (size < MSGMAX ? size : MSGMAX) ? 0 : dup(m, err);
			}
			unlink_msg(q, link);
			q->rtime = ipc_now();
			q->lrpid = r.tgid;
			msg_wake_senders(q, MSG_RETRY);
			return m;
		}
		*err = -ENOMSG;
		if (flags & IPC_NOWAIT)
			return 0;
		for (struct msg_receiver **pp = &q->receivers;; pp = &(*pp)->next)
			if (!*pp) {
				*pp = &r;
				break;
			}
		*err = sleep_while(&r, &r.status);
		if (*err) {
			leave_receivers(q, &r);
			return 0;
		}
		if (r.status == 0)
			return r.msg;
		if ((*err = r.status) < 0)
			return 0;
	}
}

long msg_rcv(int id, uint32_t umsg, uint32_t size, int32_t type, int flags)
{
	int mode = SEARCH_ANY, err;
	struct kmsg *m;

	if (id < 0 || (int32_t)size < 0)
		return -EINVAL;
	if (flags & MSG_COPY) {
		if ((flags & MSG_EXCEPT) || !(flags & IPC_NOWAIT))
			return -EINVAL;
		mode = SEARCH_NUMBER;
	} else if (type < 0) {
		type = type == INT32_MIN ? INT32_MAX : -type;
		mode = SEARCH_LESSEQUAL;
	} else if (type > 0) {
		mode = flags & MSG_EXCEPT ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
	}
	m = take(id, size, type, mode, flags, &err);
	if (!m)
		return err;
	if (size > m->size)
		size = m->size;
	if (copy_to_user((void *)umsg, &m->type, 4) || store(m, umsg + 4, size))
		err = -EFAULT;
	else
		err = (int)size;
	msg_free(m);
	return err;
}
