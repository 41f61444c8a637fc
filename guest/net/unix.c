/*
 * unix.c - AF_UNIX sockets (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET):
 * creation, socketpair, listen, connect, accept, shutdown, poll, close,
 * SO_PASSCRED and SO_PEERCRED, as Linux's af_unix behaves.
 *
 * Connecting to a listener makes the listener's end at once (an embryo
 * socket with no file yet, queued until accept takes it), so a client
 * may write before the server accepts; a full accept queue makes the
 * client wait (or EAGAIN).  Closing a connected socket shuts its peer
 * down both ways (the peer reads EOF - ECONNRESET first if we left data
 * unread - and writes get EPIPE); a datagram socket connected to one that
 * closes gets ECONNREFUSED on its next send.
 */
#include "net/unix.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

struct unix_sock *unix_all;          /* every AF_UNIX socket: names, peers */

int unix_stream_like(const struct unix_sock *u)
{
	return u->s->type == SOCK_STREAM || u->s->type == SOCK_SEQPACKET;
}

void unix_cred_self(struct ucred_k *c)
{
	c->pid = curproc->tgid;
	c->uid = c->gid = 0;             /* every process is root */
}

int unix_create(int type, int proto, struct socket **out)
{
	struct socket *s;
	struct unix_sock *u;

	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	if (proto && proto != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (!(u = kmalloc(sizeof(*u))))
		return -ENOBUFS;
	if (!(s = sock_alloc(type, 0, &unix_ops))) {
		kfree(u);
		return -ENOBUFS;
	}
	s->family = AF_UNIX;
	s->un = u;
	u->s = s;
	u->next_all = unix_all;
	unix_all = u;
	*out = s;
	return 0;
}

void unix_connect_pair(struct unix_sock *a, struct unix_sock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = US_CONNECTED;
}

/* May u's queue take a message of mem bytes now?  An empty queue takes
 * anything (a big datagram is bounded by the sender's SO_SNDBUF). */
uint32_t unix_room(const struct unix_sock *u, uint32_t mem)
{
	if (u->s->type == SOCK_DGRAM && u->rq_count >= UNIX_QLEN_MAX)
		return 0;
	return !u->rq || u->rq_mem + mem <= u->s->rcvbuf;
}

/* ---- connecting ---- */
static int dgram_connect_to(struct unix_sock *u, const struct unix_addr *a)
{
	struct unix_sock *v;
	int rc;

	if (!a) {                            /* AF_UNSPEC: disconnect */
		u->peer = NULL;
		u->state = US_UNCONN;
		return 0;
	}
	if (u->passcred && !u->addr.len && (rc = unix_autobind(u)) < 0)
		return rc;
	if ((rc = unix_find(a, SOCK_DGRAM, &v)) < 0)
		return rc;
	u->peer = v;
	u->peer_gone = 0;
	u->state = US_CONNECTED;
	return 0;
}

/* The listener's end of a new connection, queued for accept. */
static int make_embryo(struct unix_sock *u, struct unix_sock *l)
{
	struct socket *es;
	struct unix_sock *e;
	int rc;

	if ((rc = unix_create(u->s->type, 0, &es)) < 0)
		return rc;
	e = es->un;
	e->addr = l->addr;
	e->borrowed = 1;
	e->listener = l;
	e->passcred = l->passcred;
	es->rcvbuf = l->s->rcvbuf;
	es->sndbuf = l->s->sndbuf;
	unix_cred_self(&e->peercred);
	u->peercred = l->owncred;
	unix_connect_pair(u, e);
	if (!l->acq) {
		l->acq = e;
	} else {
		struct unix_sock *t = l->acq;

		while (t->acq_next)
			t = t->acq_next;
		t->acq_next = e;
	}
	l->acq_len++;
	sock_wake(l->s);
	return 0;
}

int unix_connect(struct unix_sock *u, const struct unix_addr *a, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->sndtimeo_ns);
	struct unix_sock *l;
	int rc;

	if (!unix_stream_like(u))
		return dgram_connect_to(u, a);
	if (!a)
		return -EINVAL;
	if (u->state == US_CONNECTED)
		return -EISCONN;
	if (u->state == US_LISTEN)
		return -EINVAL;
	if (u->passcred && !u->addr.len && (rc = unix_autobind(u)) < 0)
		return rc;
	for (;;) {
		if ((rc = unix_find(a, u->s->type, &l)) < 0)
			return rc;
		if (l->state != US_LISTEN)
			return -ECONNREFUSED;
		if (l->acq_len < l->backlog)
			break;
		if (nonblock)
			return -EAGAIN;
		if ((rc = sock_sleep(l->s, deadline)) < 0)
			return rc;
		if (u->state != US_UNCONN)
			return -EISCONN;         /* another thread connected it */
	}
	return make_embryo(u, l);
}

static int unix_listen(struct socket *s, int backlog)
{
	struct unix_sock *u = s->un;

	if (s->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (u->state == US_CONNECTED || !u->addr.len)
		return -EINVAL;
	u->state = US_LISTEN;
	s->listening = 1;
	u->backlog = (uint32_t)backlog;
	unix_cred_self(&u->owncred);
	sock_wake(s);                        /* connecters waiting for room */
	return 0;
}

int unix_accept(struct unix_sock *u, struct unix_sock **out, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->rcvtimeo_ns);
	struct unix_sock *e;
	int rc;

	if (u->state != US_LISTEN)
		return -EINVAL;
	while (!(e = u->acq)) {
		if (nonblock)
			return -EAGAIN;
		if ((rc = sock_sleep(u->s, deadline)) < 0)
			return rc;
		if (u->state != US_LISTEN)
			return -EINVAL;
	}
	u->acq = e->acq_next;
	u->acq_len--;
	e->acq_next = NULL;
	e->listener = NULL;
	sock_wake(u->s);                     /* connecters waiting for room */
	*out = e;
	return 0;
}

static int accept_op(struct socket *s, struct socket **out, int nonblock)
{
	struct unix_sock *e;
	int rc = unix_accept(s->un, &e, nonblock);

	if (rc == 0)
		*out = e->s;
	return rc;
}

/* ---- shutdown, poll ---- */
static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = s->un;
	int mask;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mask = how + 1;                      /* 1: no more reading, 2: writing */
	s->shut |= mask;
	if (u->peer && unix_stream_like(u)) {
		u->peer->s->shut |= ((mask & 1) << 1) | ((mask & 2) >> 1);
		sock_wake(u->peer->s);
	}
	sock_wake(s);
	return 0;
}

static int unix_poll(struct socket *s)
{
	struct unix_sock *u = s->un;
	int ev = 0;

	if (u->state == US_LISTEN)
		return u->acq ? POLLIN | POLLRDNORM : 0;
	if (u->rq)
		ev |= POLLIN | POLLRDNORM;
	if (s->error)
		ev |= POLLERR;
	if (s->shut & 1)
		ev |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (s->shut == 3 || (unix_stream_like(u) && u->state == US_UNCONN))
		ev |= POLLHUP;
	if (unix_stream_like(u) ? (u->peer && unix_room(u->peer, 1)) || (s->shut & 2)
				: !u->peer || unix_room(u->peer, 1))
		ev |= POLLOUT | POLLWRNORM;
	return ev;
}

/* FIONREAD: a stream's unread bytes, the next datagram's length. */
static int unix_pending(struct socket *s)
{
	struct unix_sock *u = s->un;
	uint32_t n = 0;

	if (u->state == US_LISTEN)
		return -EINVAL;
	if (!unix_stream_like(u) || s->type == SOCK_SEQPACKET)
		return u->rq ? (int)u->rq->len : 0;
	for (struct unix_msg *m = u->rq; m; m = m->next)
		n += m->len - m->off;
	return (int)n;
}

/* ---- options ---- */
static int unix_setopt(struct socket *s, int level, int opt, int val)
{
	if (level == SOL_SOCKET && opt == SO_PASSCRED) {
		s->un->passcred = !!val;
		return 0;
	}
	return -ENOPROTOOPT;
}

static int unix_getopt(struct socket *s, int level, int opt, int *val)
{
	if (level == SOL_SOCKET && opt == SO_PASSCRED) {
		*val = s->un->passcred;
		return 0;
	}
	return -ENOPROTOOPT;
}

/* SO_PEERCRED of any socket: an AF_UNIX peer's pid, uid, gid at connect
 * (socketpair: creation) time; others have none (Linux: 0, -1, -1). */
int sock_peercred(struct socket *s, void *val, uint32_t *len)
{
	struct ucred_k c = { 0, 0xFFFFFFFFu, 0xFFFFFFFFu };

	if (s->un && s->un->peercred.pid)
		c = s->un->peercred;
	if (*len > sizeof(c))
		*len = sizeof(c);
	memcpy(val, &c, *len);
	return 0;
}

/* ---- data through read and write (kernel buffers) ---- */
static int send_op(struct socket *s, const void *buf, uint32_t n, int flags,
		   const struct sockaddr_k *to, int nonblock)
{
	struct uio u;

	(void)to;                            /* write(): the connected peer */
	uio_one(&u, (uint32_t)buf, n, 1);
	return unix_send(s->un, &u, flags, NULL, NULL, nonblock);
}

static int recv_op(struct socket *s, void *buf, uint32_t n, int flags,
		   struct sockaddr_k *from, int nonblock)
{
	struct uio u;
	int mflags = 0;

	(void)from;
	uio_one(&u, (uint32_t)buf, n, 1);
	return unix_recv(s->un, &u, flags, NULL, NULL, &mflags, nonblock);
}

/* ---- close ---- */
static void unlink_all(struct unix_sock *u)
{
	struct unix_sock **pp;

	for (pp = &unix_all; *pp != u; pp = &(*pp)->next_all)
		;
	*pp = u->next_all;
}

/* An embryo closing before accept leaves its listener's queue. */
static void leave_listener(struct unix_sock *e)
{
	struct unix_sock **pp, *l = e->listener;

	for (pp = &l->acq; *pp && *pp != e; pp = &(*pp)->acq_next)
		;
	if (*pp) {
		*pp = e->acq_next;
		l->acq_len--;
	}
}

static void unix_close(struct socket *s)
{
	struct unix_sock *u = s->un, *e;

	unlink_all(u);
	unix_unbind(u);
	if (u->listener)
		leave_listener(u);
	while ((e = u->acq)) {               /* connections never accepted */
		u->acq = e->acq_next;
		e->listener = NULL;
		sock_free(e->s);
	}
	if (u->peer && unix_stream_like(u)) {
		struct unix_sock *p = u->peer;

		p->s->shut = 3;
		if (u->rq)
			p->s->error = ECONNRESET;
		p->peer = NULL;
		sock_wake(p->s);
	}
	for (struct unix_sock *v = unix_all; v; v = v->next_all)
		if (v->peer == u) {          /* datagram sockets connected to us */
			v->peer = NULL;
			v->peer_gone = 1;
			sock_wake(v->s);
		}
	unix_purge(u);
	sock_wake(s);
	kfree(u);
}

/* Names and peer addresses go through unix_sys.c (sockaddr_un), not these
 * sockaddr_in operations, which sys_socket.c never calls for AF_UNIX. */
const struct sock_ops unix_ops = {
	.bind = (void *)sock_notsupp,
	.connect = (void *)sock_notsupp,
	.listen = unix_listen,
	.accept = accept_op,
	.send = send_op,
	.recv = recv_op,
	.shutdown = unix_shutdown,
	.poll = unix_poll,
	.setopt = unix_setopt,
	.getopt = unix_getopt,
	.name = (void *)sock_notsupp,
	.pending = unix_pending,
	.close = unix_close,
};
