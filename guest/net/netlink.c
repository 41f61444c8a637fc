/*
 * netlink.c - AF_NETLINK sockets (SOCK_RAW or SOCK_DGRAM, NETLINK_ROUTE
 * only): port ids, and messages to the kernel (port 0), which rtnetlink
 * answers at once onto the sender's receive queue, or to another netlink
 * socket's port.  Receiving, polling and the queue are dgram.c's.
 *
 * Port ids as in Linux: bind with nl_pid 0 (or a first send) picks one -
 * the process id for a process's first socket, else a negative number
 * counting down from -4097; bind may name a free one.  No multicast
 * groups: we send no notifications, so binding to groups is refused.
 * Everyone is root here, so changing state needs no capability check.
 */
#include "net/netlink.h"
#include "proc/proc.h"
#include "lib/klib.h"

static int32_t rover = -4097;
static struct nl_out out;             /* the replies being built (no sleeping meanwhile) */

static int is_netlink(const struct socket *s);

static struct socket *by_port(uint32_t pid)
{
	for (struct socket *s = all_sockets; s; s = s->next)
		if (is_netlink(s) && s->local.addr == pid)
			return s;
	return NULL;
}

static int autobind(struct socket *s)
{
	uint32_t pid = (uint32_t)curproc->tgid;

	if (s->local.addr)
		return 0;
	while (by_port(pid))
		pid = (uint32_t)rover--;
	s->local.addr = pid;
	return 0;
}

static int nl_bind(struct socket *s, const struct sockaddr_k *a)
{
	if (a->port)                                /* groups (see above) */
		return -EOPNOTSUPP;
	if (!a->addr)
		return autobind(s);
	if (s->local.addr)
		return s->local.addr == a->addr ? 0 : -EINVAL;
	if (by_port(a->addr))
		return -EADDRINUSE;
	s->local.addr = a->addr;
	return 0;
}

static int nl_connect(struct socket *s, const struct sockaddr_k *a, int nonblock)
{
	(void)nonblock;
	s->remote.addr = a ? a->addr : 0;
	s->connected = a != NULL;
	return a ? autobind(s) : 0;
}

/* To the kernel: every message handled before the call returns. */
static int nl_send(struct socket *s, const void *buf, uint32_t n, int flags,
		   const struct sockaddr_k *to, int nonblock)
{
	uint32_t dst = to ? to->addr : s->remote.addr;
	struct sockaddr_k from = { 0 };
	struct socket *peer;

	(void)flags, (void)nonblock;
	autobind(s);
	if (dst) {
		if (!(peer = by_port(dst)))
			return -ECONNREFUSED;
		from.addr = s->local.addr;
		return dgram_enqueue(peer, &from, buf, n) < 0 ? -ENOBUFS : (int)n;
	}
	out.s = s;
	out.pid = s->local.addr;
	out.len = 0;
	out.open = 0;
	rtnl_input(&out, buf, n);
	return (int)n;
}

/* Linux: the peer is the connected port, else the kernel (0); no ENOTCONN. */
static int nl_name(struct socket *s, int peer, struct sockaddr_k *a)
{
	*a = (struct sockaddr_k){ .addr = peer ? s->remote.addr : s->local.addr };
	return 0;
}

static int nl_setopt(struct socket *s, int level, int opt, int val)
{
	(void)s, (void)opt, (void)val;
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

static int nl_addr_in(const void *sa, uint32_t len, struct sockaddr_k *a)
{
	struct linux_sockaddr_nl nl;

	if (len < sizeof(nl))
		return -EINVAL;
	memcpy(&nl, sa, sizeof(nl));
	if (nl.family != AF_NETLINK)
		return -EINVAL;
	*a = (struct sockaddr_k){ .addr = nl.pid, .port = nl.groups ? 1 : 0 };
	return 0;
}

static uint32_t nl_addr_out(const struct sockaddr_k *a, void *sa)
{
	struct linux_sockaddr_nl nl = { AF_NETLINK, 0, a->addr, 0 };

	memcpy(sa, &nl, sizeof(nl));
	return sizeof(nl);
}

static const struct sock_ops netlink_ops = {
	.bind = nl_bind,
	.connect = nl_connect,
	.listen = (void *)sock_notsupp,
	.accept = (void *)sock_notsupp,
	.send = nl_send,
	.recv = dgram_recv,
	.shutdown = (void *)sock_notsupp,
	.poll = dgram_poll,
	.setopt = nl_setopt,
	.getopt = dgram_nogetopt,
	.name = nl_name,
	.pending = dgram_pending,
	.close = dgram_close,
	.family = AF_NETLINK,
	.addr_in = nl_addr_in,
	.addr_out = nl_addr_out,
};

static int is_netlink(const struct socket *s)
{
	return s->ops == &netlink_ops;
}

int netlink_create(int type, int proto, struct socket **out_s)
{
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (proto != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	if (!(*out_s = sock_alloc(type, proto, &netlink_ops)))
		return -ENOBUFS;
	return 0;
}
