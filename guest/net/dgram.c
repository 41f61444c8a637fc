/*
 * dgram.c - what datagram sockets (UDP, ping, raw ICMP) share: a receive queue
 * of whole datagrams bounded by SO_RCVBUF (a datagram that does not fit
 * is dropped, as in Linux), connect, shutdown, names and port choice.
 */
#include "net/socket.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define EPHEMERAL_LO 32768u
#define EPHEMERAL_HI 60999u

static uint16_t next_ephemeral = EPHEMERAL_LO;

void dgram_close(struct socket *s)
{
	while (s->rq) {
		struct dgram *d = s->rq;

		s->rq = d->next;
		kfree(d);
	}
}

int dgram_enqueue(struct socket *s, const struct sockaddr_k *from, const void *data,
		  uint32_t len)
{
	struct dgram *d;

	if (s->shut & 1 || s->rq_bytes + len > s->rcvbuf ||
	    sizeof(*d) + len > 4096 || !(d = kmalloc(sizeof(*d) + len)))
		return -ENOBUFS;
	d->from = *from;
	d->len = len;
	memcpy(d->data, data, len);
	if (s->rq_tail)
		s->rq_tail->next = d;
	else
		s->rq = d;
	s->rq_tail = d;
	s->rq_bytes += len;
	sock_wake(s);
	return 0;
}

int dgram_recv(struct socket *s, void *buf, uint32_t n, int flags,
	       struct sockaddr_k *from, int nonblock)
{
	uint64_t deadline = sock_deadline(s->rcvtimeo_ns);
	struct dgram *d;
	uint32_t len;
	int rc;

	while (!(d = s->rq)) {
		if (s->error) {
			rc = -s->error;
			s->error = 0;
			return rc;
		}
		if (s->shut & 1)
			return 0;
		if (nonblock || (flags & MSG_DONTWAIT))
			return -EAGAIN;
		if ((rc = sock_sleep(s, deadline)) < 0)
			return rc;
	}
	len = d->len < n ? d->len : n;
	memcpy(buf, d->data, len);
	*from = d->from;
	if (!(flags & MSG_PEEK)) {
		if (!(s->rq = d->next))
			s->rq_tail = NULL;
		s->rq_bytes -= d->len;
		n = d->len;
		kfree(d);
	} else {
		n = d->len;
	}
	return (int)(flags & MSG_TRUNC ? n : len);
}

int dgram_poll(struct socket *s)
{
	int ev = POLLOUT | POLLWRNORM;

	if (s->rq || s->shut & 1)
		ev |= POLLIN | POLLRDNORM;
	if (s->error)
		ev |= POLLERR;
	return ev;
}

int dgram_pending(struct socket *s)
{
	return s->rq ? (int)s->rq->len : 0;
}

int dgram_name(struct socket *s, int peer, struct sockaddr_k *a)
{
	if (peer && !s->connected)
		return -ENOTCONN;
	*a = peer ? s->remote : s->local;
	return 0;
}

/* connect: the default destination and the only source we accept from. */
int dgram_connect(struct socket *s, const struct sockaddr_k *a, int nonblock)
{
	(void)nonblock;
	if (!a) {                            /* AF_UNSPEC: dissolve */
		s->connected = 0;
		s->remote = (struct sockaddr_k){ 0 };
		return 0;
	}
	if (!s->local.port && s->type == SOCK_DGRAM) {
		s->local.port = dgram_ephemeral(s->type, s->proto);
		if (!s->local.port)
			return -EAGAIN;
	}
	s->remote = *a;
	s->connected = 1;
	return 0;
}

int dgram_shutdown(struct socket *s, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (!s->connected)
		return -ENOTCONN;
	s->shut |= how + 1;
	sock_wake(s);
	return 0;
}

int dgram_noopt(struct socket *s, int level, int opt, int val)
{
	(void)s, (void)opt, (void)val;
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

int dgram_nogetopt(struct socket *s, int level, int opt, int *val)
{
	(void)s, (void)level, (void)opt, (void)val;
	return -ENOPROTOOPT;
}

int dgram_port_used(int type, int proto, uint32_t addr, uint16_t port)
{
	for (struct socket *s = all_sockets; s; s = s->next)
		if (s->type == type && s->proto == proto && s->local.port == port &&
		    (!s->local.addr || !addr || s->local.addr == addr))
			return 1;
	return 0;
}

uint16_t dgram_ephemeral(int type, int proto)
{
	for (uint32_t i = 0; i <= EPHEMERAL_HI - EPHEMERAL_LO; i++) {
		uint16_t p = next_ephemeral;

		next_ephemeral = (uint16_t)(p >= EPHEMERAL_HI ? EPHEMERAL_LO : p + 1u);
		if (!dgram_port_used(type, proto, 0, p))
			return p;
	}
	return 0;
}
