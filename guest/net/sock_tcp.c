/*
 * sock_tcp.c - SOCK_STREAM sockets: the socket calls on TCP's interface
 * (tcp.h).  TCP never sleeps; here a blocking call loops on TCP's answer,
 * sleeping on the pcb (which TCP wakes on every change) until it can go
 * on, a signal comes (-EINTR) or SO_RCVTIMEO/SO_SNDTIMEO passes (-EAGAIN).
 */
#include "net/socket.h"
#include "net/tcp.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define TCP_ESTABLISHED 1
#define TCP_CLOSE 7
#define TCP_LISTEN 10

static int tcp_sbind(struct socket *s, const struct sockaddr_k *a)
{
	if (a->addr && !netif_is_local(a->addr))
		return -EADDRNOTAVAIL;
	return tcp_bind(s->pcb, a->addr, a->port);
}

static int tcp_sconnect(struct socket *s, const struct sockaddr_k *a, int nonblock)
{
	uint64_t deadline = sock_deadline(s->sndtimeo_ns);
	int rc;

	if (!a)
		return -EINVAL;
	if ((rc = tcp_connect(s->pcb, a->addr, a->port)) < 0)
		return rc;
	if (nonblock)
		return -EINPROGRESS;
	for (;;) {
		int ev = tcp_poll(s->pcb);

		if (ev & (POLLERR | POLLHUP)) {
			rc = tcp_error(s->pcb);
			return rc ? rc : -ECONNREFUSED;
		}
		if (ev & POLLOUT)
			return 0;
		if ((rc = sock_sleep(s->pcb, deadline)) < 0)
			return rc == -EAGAIN ? -EINPROGRESS : rc;
	}
}

static int tcp_slisten(struct socket *s, int backlog)
{
	int rc = tcp_listen(s->pcb, backlog);

	if (rc == 0)
		s->listening = 1;
	return rc;
}

static int tcp_saccept(struct socket *s, struct socket **out, int nonblock)
{
	uint64_t deadline = sock_deadline(s->rcvtimeo_ns);
	struct tcp_pcb *p;
	int rc;

	if (!s->listening)
		return -EINVAL;
	while (!(p = tcp_accept(s->pcb))) {
		if (nonblock)
			return -EAGAIN;
		if ((rc = sock_sleep(s->pcb, deadline)) < 0)
			return rc;
	}
	if (!(*out = sock_alloc(SOCK_STREAM, IPPROTO_TCP, &tcp_sock_ops))) {
		tcp_abort(p);
		return -ENOBUFS;
	}
	(*out)->pcb = p;
	return 0;
}

static int tcp_ssend(struct socket *s, const void *buf, uint32_t n, int flags,
		     const struct sockaddr_k *to, int nonblock)
{
	uint64_t deadline = sock_deadline(s->sndtimeo_ns);
	uint32_t done = 0;

	(void)to;                        /* Linux ignores it on a connected stream */
	nonblock |= !!(flags & MSG_DONTWAIT);
	while (done < n) {
		net_tx_batch_begin();        /* the segments this releases: one notify */
		int rc = tcp_send(s->pcb, (const uint8_t *)buf + done, n - done);
		net_tx_batch_end();

		if (rc > 0) {
			done += (uint32_t)rc;
			continue;
		}
		if (rc == 0)
			rc = -EAGAIN;
		if (rc != -EAGAIN || nonblock || (rc = sock_sleep(s->pcb, deadline)) < 0)
			return done ? (int)done : rc;
	}
	return (int)done;
}

static int tcp_srecv(struct socket *s, void *buf, uint32_t n, int flags,
		     struct sockaddr_k *from, int nonblock)
{
	uint64_t deadline = sock_deadline(s->rcvtimeo_ns);
	uint32_t done = 0;
	int rc;

	tcp_remote(s->pcb, &from->addr, &from->port);
	nonblock |= !!(flags & MSG_DONTWAIT);
	if (!n)
		return 0;
	for (;;) {
		rc = tcp_recv(s->pcb, (uint8_t *)buf + done, n - done, !!(flags & MSG_PEEK));
		if (rc > 0) {
			done += (uint32_t)rc;
			if (!(flags & MSG_WAITALL) || done == n || (flags & MSG_PEEK))
				return (int)done;
			continue;
		}
		if (rc == 0)
			return (int)done;            /* end of stream */
		if (rc != -EAGAIN || nonblock || (rc = sock_sleep(s->pcb, deadline)) < 0)
			return done ? (int)done : rc;
	}
}

static int tcp_sshutdown(struct socket *s, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	return tcp_shutdown(s->pcb, how);
}

static int tcp_spoll(struct socket *s)
{
	int ev = tcp_poll(s->pcb);

	if (ev & POLLIN)
		ev |= POLLRDNORM;
	if (ev & POLLOUT)
		ev |= POLLWRNORM;
	return ev;
}

static int tcp_ssetopt(struct socket *s, int level, int opt, int val)
{
	if (level == SOL_SOCKET && opt == SO_LINGER)
		s->linger = val;
	return tcp_setopt(s->pcb, level, opt, val);
}

static int tcp_sgetopt(struct socket *s, int level, int opt, int *val)
{
	if (level == SOL_SOCKET && opt == SO_LINGER) {
		*val = s->linger;
		return 0;
	}
	return tcp_getopt(s->pcb, level, opt, val);
}

static int tcp_sname(struct socket *s, int peer, struct sockaddr_k *a)
{
	int st = tcp_state(s->pcb);

	if (peer && (st == TCP_CLOSE || st == TCP_LISTEN || st == 0))
		return -ENOTCONN;
	if (peer)
		tcp_remote(s->pcb, &a->addr, &a->port);
	else
		tcp_local(s->pcb, &a->addr, &a->port);
	return 0;
}

/* FIONREAD: what a peek of up to a page finds (TCP says no more). */
static int tcp_spending(struct socket *s)
{
	void *page = kpage_alloc();
	int rc;

	if (!page)
		return -ENOMEM;
	rc = tcp_recv(s->pcb, page, 4096, 1);
	kpage_free(page);
	return rc < 0 ? 0 : rc;
}

static void tcp_sclose(struct socket *s)
{
	if (s->linger == 0)
		tcp_abort(s->pcb);
	else
		tcp_close(s->pcb);
}

const struct sock_ops tcp_sock_ops = {
	.bind = tcp_sbind,
	.connect = tcp_sconnect,
	.listen = tcp_slisten,
	.accept = tcp_saccept,
	.send = tcp_ssend,
	.recv = tcp_srecv,
	.shutdown = tcp_sshutdown,
	.poll = tcp_spoll,
	.setopt = tcp_ssetopt,
	.getopt = tcp_sgetopt,
	.name = tcp_sname,
	.pending = tcp_spending,
	.close = tcp_sclose,
};
