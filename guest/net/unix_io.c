/*
 * unix_io.c - sending and receiving on AF_UNIX sockets, as Linux does:
 *
 *  - a stream sends in pieces as room appears in the peer's queue (a
 *    short count if interrupted after some), and reads across messages up
 *    to the request (MSG_WAITALL: until it is full), but never past files
 *    in flight: a read that takes a message's files ends with it (and,
 *    with SO_PASSCRED, one never joins data of other credentials);
 *  - a datagram or seqpacket message is sent whole (EMSGSIZE beyond
 *    SO_SNDBUF) and read whole, truncated to the buffer (MSG_TRUNC);
 *  - the sender's credentials go with every message; files sent with
 *    SCM_RIGHTS are held until received (a MSG_PEEK receives copies).
 */
#include "net/unix.h"
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define STREAM_CHUNK (64u * 1024)    /* one message of a stream at most */

void unix_ctl_put(struct unix_ctl *ctl)
{
	for (uint32_t i = 0; i < ctl->nfds; i++)
		file_put(ctl->fds[i]);
	ctl->nfds = 0;
}

/* The files and credentials of ctl go with m. */
static void attach(struct unix_msg *m, struct unix_sock *u, struct unix_ctl *ctl)
{
	m->from = u->addr;
	if (ctl && ctl->has_cred)
		m->cred = ctl->cred;
	else
		unix_cred_self(&m->cred);
	if (ctl) {
		memcpy(m->fds, ctl->fds, ctl->nfds * sizeof(struct file *));
		m->nfds = ctl->nfds;
		ctl->nfds = 0;
	}
}

static int wait_room(struct unix_sock *peer, uint64_t deadline, int nonblock)
{
	if (nonblock)
		return -EAGAIN;
	return sock_sleep(peer->s, deadline);
}

static int stream_send(struct unix_sock *u, struct uio *uio, struct unix_ctl *ctl, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->sndtimeo_ns);
	uint32_t total = uio->resid, sent = 0;
	int rc;

	if (u->state != US_CONNECTED && !(u->s->shut & 2))
		return -ENOTCONN;
	if (u->s->type == SOCK_SEQPACKET && total > u->s->sndbuf - 32)
		return -EMSGSIZE;
	if (u->s->shut & 2)
		return -EPIPE;
	if (!total && u->s->type == SOCK_STREAM)
		return 0;                    /* nothing to queue (a record may be empty) */
	do {
		struct unix_sock *peer = u->peer;
		struct unix_msg *m;
		uint32_t chunk, room;

		if ((u->s->shut & 2) || !peer)
			return sent ? (int)sent : -EPIPE;
		if (!unix_room(peer, 1)) {
			if ((rc = wait_room(peer, deadline, nonblock)) < 0)
				return sent ? (int)sent : rc;
			continue;
		}
		room = peer->rq ? peer->s->rcvbuf - peer->rq_mem : STREAM_CHUNK;
		chunk = total - sent;
		if (u->s->type == SOCK_STREAM) {
			chunk = chunk < room ? chunk : room;
			chunk = chunk < STREAM_CHUNK ? chunk : STREAM_CHUNK;
		}
		m = umsg_new(uio, chunk, ctl ? ctl->nfds : 0, &rc);
		if (!m)
			return sent ? (int)sent : rc;
		if (u->peer != peer || (u->s->shut & 2)) {   /* gone while copying */
			umsg_free(m);
			return sent ? (int)sent : -EPIPE;
		}
		if (u->s->type == SOCK_SEQPACKET && m->len < chunk) {
			umsg_free(m);
			return -EFAULT;
		}
		attach(m, u, ctl);
		unix_enqueue(peer, m);
		sent += m->len;
		if (m->len < chunk)
			return sent ? (int)sent : -EFAULT;
	} while (sent < total);
	return (int)sent;
}

/* The target of a datagram: the named socket, or the connected one. */
static int dgram_target(struct unix_sock *u, const struct unix_addr *to, struct unix_sock **out)
{
	struct unix_sock *v;
	int rc;

	if (to) {
		if ((rc = unix_find(to, SOCK_DGRAM, &v)) < 0)
			return rc;
	} else if (!(v = u->peer)) {
		if (u->peer_gone) {
			u->peer_gone = 0;
			u->state = US_UNCONN;
			return -ECONNREFUSED;
		}
		return -ENOTCONN;
	}
	if (v->peer && v->peer != u)
		return -EPERM;               /* it only hears from its own peer */
	if (v->s->shut & 1)
		return -EPIPE;
	*out = v;
	return 0;
}

static int dgram_send(struct unix_sock *u, struct uio *uio, const struct unix_addr *to,
		      struct unix_ctl *ctl, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->sndtimeo_ns);
	uint32_t len = uio->resid;
	struct unix_sock *v;
	struct unix_msg *m;
	int rc;

	if (len > u->s->sndbuf - 32)
		return -EMSGSIZE;
	if ((rc = dgram_target(u, to, &v)) < 0)
		return rc;
	if (u->passcred && !u->addr.len && (rc = unix_autobind(u)) < 0)
		return rc;
	if (!(m = umsg_new(uio, len, ctl ? ctl->nfds : 0, &rc)))
		return rc;
	if (m->len < len) {
		umsg_free(m);
		return -EFAULT;
	}
	attach(m, u, ctl);
	/* The target may go while we copy or wait: find it again each time. */
	while ((rc = dgram_target(u, to, &v)) == 0 && !unix_room(v, m->mem))
		if ((rc = wait_room(v, deadline, nonblock)) < 0)
			break;
	if (rc < 0) {
		umsg_free(m);
		return rc;
	}
	unix_enqueue(v, m);
	return (int)len;
}

int unix_send(struct unix_sock *u, struct uio *uio, int flags, const struct unix_addr *to,
	      struct unix_ctl *ctl, int nonblock)
{
	nonblock |= !!(flags & MSG_DONTWAIT);
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (u->s->type == SOCK_STREAM && to)
		return u->state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (unix_stream_like(u))
		return stream_send(u, uio, ctl, nonblock);
	return dgram_send(u, uio, to, ctl, nonblock);
}

/* ---- receiving ---- */
/* Hand m's files and credentials to ctl (copies if peeking). */
static void take_ctl(struct unix_msg *m, struct unix_ctl *ctl, int peek)
{
	ctl->cred = m->cred;
	ctl->has_cred = 1;
	for (uint32_t i = 0; i < m->nfds; i++)
		ctl->fds[ctl->nfds++] = peek ? file_get(m->fds[i]) : m->fds[i];
	if (!peek)
		m->nfds = 0;
}

/* Nothing to read: 1 to return what there is (end of file, or an error
 * in *rc), 0 after waiting. */
static int recv_wait(struct unix_sock *u, uint64_t deadline, int nonblock, int *rc)
{
	if (u->s->error) {
		*rc = -u->s->error;
		u->s->error = 0;
		return 1;
	}
	if (u->s->shut & 1) {
		*rc = 0;
		return 1;
	}
	if (nonblock) {
		*rc = -EAGAIN;
		return 1;
	}
	*rc = sock_sleep(u->s, deadline);
	return *rc < 0;
}

static int stream_recv(struct unix_sock *u, struct uio *uio, int flags, struct unix_addr *from,
		       struct unix_ctl *ctl, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->rcvtimeo_ns);
	uint32_t want = uio->resid, target = (flags & MSG_WAITALL) ? want : 1, copied = 0;
	int peek = !!(flags & MSG_PEEK), rc;
	struct unix_msg *m = u->rq;
	uint32_t off = m ? m->off : 0;
	struct ucred_k cred;

	if (u->state == US_LISTEN)
		return -EINVAL;
	while (copied < want) {
		uint32_t n;
		int r, had_fds;

		if (!m) {
			if (copied >= target || (peek && copied))
				break;
			if (recv_wait(u, deadline, nonblock, &rc))
				return copied ? (int)copied : rc;
			m = u->rq;
			off = m ? m->off : 0;
			continue;
		}
		if (copied && u->passcred && memcmp(&cred, &m->cred, sizeof(cred)))
			break;
		cred = m->cred;
		if (from && !copied)
			*from = m->from;
		n = m->len - off < want - copied ? m->len - off : want - copied;
		if ((r = umsg_copy_out(m, off, uio, n)) < 0)
			return copied ? (int)copied : r;
		copied += (uint32_t)r;
		off += (uint32_t)r;
		had_fds = m->nfds != 0;
		if (ctl)
			take_ctl(m, ctl, peek);
		if (!peek)
			m->off = off;
		if ((uint32_t)r < n)
			break;
		if (off == m->len) {
			struct unix_msg *next = m->next;

			if (!peek)
				umsg_free(unix_dequeue(u));
			m = next;
			off = m ? m->off : 0;
		}
		if (had_fds)
			break;
	}
	return (int)copied;
}

static int msg_recv(struct unix_sock *u, struct uio *uio, int flags, struct unix_addr *from,
		    struct unix_ctl *ctl, int *mflags, int nonblock)
{
	uint64_t deadline = sock_deadline(u->s->rcvtimeo_ns);
	uint32_t want = uio->resid, len;
	struct unix_msg *m;
	int rc;

	if (u->s->type == SOCK_SEQPACKET && u->state != US_CONNECTED && !u->rq)
		return -ENOTCONN;
	while (!(m = u->rq))
		if (recv_wait(u, deadline, nonblock, &rc))
			return rc;
	len = m->len;
	if ((rc = umsg_copy_out(m, 0, uio, len < want ? len : want)) < 0)
		return rc;
	if (len > want)
		*mflags |= MSG_TRUNC;
	if (from)
		*from = m->from;
	if (ctl)
		take_ctl(m, ctl, flags & MSG_PEEK);
	if (!(flags & MSG_PEEK))
		umsg_free(unix_dequeue(u));
	return (flags & MSG_TRUNC) ? (int)len : rc;
}

int unix_recv(struct unix_sock *u, struct uio *uio, int flags, struct unix_addr *from,
	      struct unix_ctl *ctl, int *mflags, int nonblock)
{
	nonblock |= !!(flags & MSG_DONTWAIT);
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (u->s->type == SOCK_STREAM)
		return stream_recv(u, uio, flags, from, ctl, nonblock);
	return msg_recv(u, uio, flags, from, ctl, mflags, nonblock);
}
