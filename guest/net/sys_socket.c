/*
 * sys_socket.c - the BSD socket system calls of the Linux i386 ABI: the
 * direct calls (socket 359 ... shutdown 373) and the older multiplexer
 * socketcall(102, call, args[]) that glibc and BusyBox still use, which
 * only unpacks its argument array and calls the same functions.
 *
 * Here user memory is copied: addresses (struct sockaddr_in), option
 * values, message headers and data.  Data moves through the process's
 * bounce page (iobuf): a stream moves a page at a time; a datagram must
 * fit in one (our MTU is 1500, so it always does, or it is -EMSGSIZE).
 * Interrupted blocking calls restart under SA_RESTART (-ERESTARTSYS).
 * AF_UNIX sockets take their names and control messages in unix_sys.c.
 */
#include "net/socket.h"
#include "net/sys_socket.h"
#include "net/unix_sys.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define SOCKADDR_IN_LEN 16
#define IOV_MAX 1024

static long restartable(long rc)
{
	return rc == -EINTR ? -ERESTARTSYS : rc;
}

static struct socket *fd_sock(int fd, int *err)
{
	struct file *f = fd_get(fd);
	struct socket *s = sock_of(f);

	*err = !f ? -EBADF : -ENOTSOCK;
	return s;
}

static int fd_nonblock(int fd)
{
	return !!(fd_get(fd)->flags & O_NONBLOCK);
}

/* A user sockaddr_in, or another family's (converted by its socket's
 * operations): 0, 1 for AF_UNSPEC (when allowed), or -errno. */
static int addr_in(const struct socket *s, uint32_t uaddr, int len, struct sockaddr_k *a,
		   int unspec_ok)
{
	uint8_t sa[128] = { 0 };
	struct linux_sockaddr_in sin;

	if (len < 2 || len > 128)
		return -EINVAL;
	if (copy_from_user(sa, (void *)uaddr, (uint32_t)len))
		return -EFAULT;
	memcpy(&sin, sa, sizeof(sin));
	if (sin.family == 0 && unspec_ok)
		return 1;
	if (s->ops->addr_in)
		return s->ops->addr_in(sa, (uint32_t)len, a);
	if (sin.family != AF_INET)
		return -EAFNOSUPPORT;
	if (len < SOCKADDR_IN_LEN)
		return -EINVAL;
	a->addr = bswap32(sin.addr);
	a->port = bswap16(sin.port);
	return 0;
}

/* The user's form of a: a sockaddr_in, or the socket family's; its length. */
static uint32_t addr_user(const struct socket *s, const struct sockaddr_k *a, uint8_t *sa)
{
	struct linux_sockaddr_in sin = { AF_INET, bswap16(a->port), bswap32(a->addr), { 0 } };

	if (s->ops->addr_out)
		return s->ops->addr_out(a, sa);
	memcpy(sa, &sin, sizeof(sin));
	return SOCKADDR_IN_LEN;
}

/* Write the user-format sockaddr (sa, salen) to (uaddr, *ulen) as Linux
 * does: truncated to the room given, the full length stored back.  Every
 * family's names leave through here. */
int sockaddr_copy_out(const void *sa, uint32_t salen, uint32_t uaddr, uint32_t ulen)
{
	int32_t len;

	if (!uaddr)
		return 0;
	if (copy_from_user(&len, (void *)ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (copy_to_user((void *)uaddr, sa, (uint32_t)len < salen ? (uint32_t)len : salen))
		return -EFAULT;
	len = (int32_t)salen;
	return copy_to_user((void *)ulen, &len, sizeof(len)) ? -EFAULT : 0;
}

static int addr_out(const struct socket *s, const struct sockaddr_k *a, uint32_t uaddr,
		    uint32_t ulen)
{
	uint8_t sa[128];

	return sockaddr_copy_out(sa, addr_user(s, a, sa), uaddr, ulen);
}

long sys_socket(int domain, int type, int proto)
{
	struct socket *s;
	struct file *f;
	int rc, fd;

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	switch (domain) {
	case AF_INET: rc = sock_create(type & SOCK_TYPE_MASK, proto, &s); break;
	case AF_UNIX: rc = unix_create(type & SOCK_TYPE_MASK, proto, &s); break;
	case AF_NETLINK: rc = netlink_create(type & SOCK_TYPE_MASK, proto, &s); break;
	case AF_PACKET: rc = packet_create(type & SOCK_TYPE_MASK, proto, &s); break;
	default: return -EAFNOSUPPORT;
	}
	if (rc < 0)
		return rc;
	if ((rc = sock_file(s, type & SOCK_NONBLOCK, &f)) < 0) {
		sock_free(s);
		return rc;
	}
	if ((fd = fd_install(f, 0, !!(type & SOCK_CLOEXEC))) < 0)
		file_put(f);
	return fd;
}

/* Only AF_UNIX makes pairs. */
long sys_socketpair(int domain, int type, int proto, uint32_t usv)
{
	if (domain == AF_UNIX)
		return unix_socketpair(type, proto, usv);
	return domain == AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
}

long sys_bind(int fd, uint32_t uaddr, int len)
{
	struct sockaddr_k a;
	int err, rc;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_bind(s, uaddr, len);
	if ((rc = addr_in(s, uaddr, len, &a, 0)) < 0)
		return rc;
	/* Linux's inet_bind: the ports below 1024 are privileged */
	if (s->family == AF_INET && a.port && a.port < 1024 && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	return s->ops->bind(s, &a);
}

long sys_connect(int fd, uint32_t uaddr, int len)
{
	struct sockaddr_k a;
	int err, rc;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_connect(s, uaddr, len, fd_nonblock(fd));
	if ((rc = addr_in(s, uaddr, len, &a, 1)) < 0)
		return rc;
	return s->ops->connect(s, rc == 1 ? NULL : &a, fd_nonblock(fd));
}

long sys_listen(int fd, int backlog)
{
	int err;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	return s->ops->listen(s, backlog < 1 ? 1 : backlog > 128 ? 128 : backlog);
}

long sys_accept4(int fd, uint32_t uaddr, uint32_t ulen, int flags)
{
	struct socket *s, *ns;
	struct sockaddr_k peer;
	struct file *f;
	int err, rc, nfd;

	if (!(s = fd_sock(fd, &err)))
		return err;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if ((rc = s->ops->accept(s, &ns, fd_nonblock(fd))) < 0)
		return restartable(rc);
	if ((rc = sock_file(ns, (uint32_t)flags & SOCK_NONBLOCK, &f)) < 0) {
		sock_free(ns);
		return rc;
	}
	if ((nfd = fd_install(f, 0, !!(flags & SOCK_CLOEXEC))) < 0) {
		file_put(f);
		return nfd;
	}
	if (uaddr && ns->family == AF_UNIX)
		rc = unix_sys_name(ns, 2, uaddr, ulen);
	else if (uaddr)
		rc = ns->ops->name(ns, 1, &peer) < 0 ? -EFAULT : addr_out(ns, &peer, uaddr, ulen);
	if (rc < 0) {
		fd_close(nfd);
		return -EFAULT;
	}
	return nfd;
}

static long sockname(int fd, uint32_t uaddr, uint32_t ulen, int peer)
{
	struct sockaddr_k a = { 0 };
	int err, rc;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_name(s, peer, uaddr, ulen);
	if ((rc = s->ops->name(s, peer, &a)) < 0)
		return rc;
	return addr_out(s, &a, uaddr, ulen);
}

long sys_getsockname(int fd, uint32_t uaddr, uint32_t ulen)
{
	return sockname(fd, uaddr, ulen, 0);
}

long sys_getpeername(int fd, uint32_t uaddr, uint32_t ulen)
{
	return sockname(fd, uaddr, ulen, 1);
}

long sys_setsockopt(int fd, int level, int opt, uint32_t uval, uint32_t len)
{
	uint8_t val[16];
	int err;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (len > sizeof(val))
		len = sizeof(val);                 /* every option we know fits */
	if (copy_from_user(val, (void *)uval, len))
		return -EFAULT;
	return sock_setopt(s, level, opt, val, len);
}

long sys_getsockopt(int fd, int level, int opt, uint32_t uval, uint32_t ulen)
{
	uint8_t val[16];
	int32_t len;
	uint32_t n;
	int err, rc;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (copy_from_user(&len, (void *)ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	n = (uint32_t)len < sizeof(val) ? (uint32_t)len : sizeof(val);
	if ((rc = sock_getopt(s, level, opt, val, &n)) < 0)
		return rc;
	len = (int32_t)n;
	if (copy_to_user((void *)uval, val, n) || copy_to_user((void *)ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

/* ---- data ---- */

static void epipe_signal(long rc, int flags)
{
	if (rc == -EPIPE && !(flags & MSG_NOSIGNAL))
		signal_send(curproc, SIGPIPE, 0);
}

/* A stream: page by page, until a short send; a datagram: whole. */
static long send_user(struct socket *s, uint32_t ubuf, uint32_t n, int flags,
		      const struct sockaddr_k *to, int nonblock)
{
	char *buf = curproc->iobuf;
	long total = 0;

	if (s->type != SOCK_STREAM && n > PAGE_SIZE)
		return -EMSGSIZE;
	do {
		uint32_t chunk = n < PAGE_SIZE ? n : PAGE_SIZE;
		int put;

		if (copy_from_user(buf, (void *)ubuf, chunk))
			return total ? total : -EFAULT;
		put = s->ops->send(s, buf, chunk, flags, to, nonblock);
		if (put < 0) {
			epipe_signal(put, flags);
			return total ? total : restartable(put);
		}
		total += put;
		ubuf += (uint32_t)put;
		n -= (uint32_t)put;
		if ((uint32_t)put < chunk)
			break;
	} while (n);
	return total;
}

long sys_sendto(int fd, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr, int alen)
{
	struct sockaddr_k to;
	int err, rc;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_sendto(s, ubuf, n, flags, uaddr, alen, fd_nonblock(fd));
	if (uaddr && s->type != SOCK_STREAM && (rc = addr_in(s, uaddr, alen, &to, 0)) < 0)
		return rc;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	return send_user(s, ubuf, n, flags, uaddr && s->type != SOCK_STREAM ? &to : NULL,
			 fd_nonblock(fd));
}

/* One receive into the bounce page: bytes (a datagram's whole length with
 * MSG_TRUNC), *copied what is in buf. */
static long recv_kernel(struct socket *s, uint32_t n, int flags, struct sockaddr_k *from,
			int nonblock, uint32_t *copied)
{
	uint32_t chunk = n < PAGE_SIZE ? n : PAGE_SIZE;
	int got = s->ops->recv(s, curproc->iobuf, chunk, flags, from, nonblock);

	*copied = got < 0 ? 0 : (uint32_t)got < chunk ? (uint32_t)got : chunk;
	return got;
}

long sys_recvfrom(int fd, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr, uint32_t ulen)
{
	struct sockaddr_k from = { 0 };
	uint32_t copied;
	int err;
	long got;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_recvfrom(s, ubuf, n, flags, uaddr, ulen, fd_nonblock(fd));
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	got = recv_kernel(s, n, flags, &from, fd_nonblock(fd), &copied);
	if (got < 0)
		return restartable(got);
	if (copy_to_user((void *)ubuf, curproc->iobuf, copied))
		return -EFAULT;
	if (uaddr && s->type != SOCK_STREAM && addr_out(s, &from, uaddr, ulen) < 0)
		return -EFAULT;
	return got;
}

/* The msghdr's data one iovec at a time (a page's worth of iovecs at
 * most): a stream sends each in turn; a datagram is gathered first. */
long sys_sendmsg(int fd, uint32_t umsg, int flags)
{
	struct linux_msghdr m;
	struct sockaddr_k to;
	struct socket *s;
	long total = 0;
	int err, rc;

	if (!(s = fd_sock(fd, &err)))
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_sendmsg(s, umsg, flags, fd_nonblock(fd));
	if (copy_from_user(&m, (void *)umsg, sizeof(m)))
		return -EFAULT;
	if (m.iovlen > IOV_MAX)
		return -EMSGSIZE;
	if (m.name && s->type != SOCK_STREAM && (rc = addr_in(s, m.name, (int)m.namelen, &to, 0)) < 0)
		return rc;
	if (s->type != SOCK_STREAM) {
		char *buf = curproc->iobuf;
		uint32_t len = 0;

		for (uint32_t i = 0; i < m.iovlen; i++) {
			struct linux_iovec v;

			if (copy_from_user(&v, (void *)(m.iov + 8 * i), sizeof(v)))
				return -EFAULT;
			if (v.len > PAGE_SIZE - len)
				return -EMSGSIZE;
			if (copy_from_user(buf + len, (void *)v.base, v.len))
				return -EFAULT;
			len += v.len;
		}
		rc = s->ops->send(s, buf, len, flags, m.name ? &to : NULL, fd_nonblock(fd));
		epipe_signal(rc, flags);
		return restartable(rc);
	}
	for (uint32_t i = 0; i < m.iovlen; i++) {
		struct linux_iovec v;
		long put;

		if (copy_from_user(&v, (void *)(m.iov + 8 * i), sizeof(v)))
			return total ? total : -EFAULT;
		if (!v.len)
			continue;
		put = send_user(s, v.base, v.len, flags, NULL, fd_nonblock(fd));
		if (put < 0)
			return total ? total : put;
		total += put;
		if ((uint32_t)put < v.len)
			break;
	}
	return total;
}

/* One receive (a page at most), scattered over the iovecs. */
long sys_recvmsg(int fd, uint32_t umsg, int flags)
{
	struct linux_msghdr m;
	struct sockaddr_k from = { 0 };
	struct socket *s;
	uint32_t copied, off = 0, want = 0;
	long got;
	int err;

	if (!(s = fd_sock(fd, &err)))
		return err;
	if (s->family == AF_UNIX)
		return unix_sys_recvmsg(s, umsg, flags, fd_nonblock(fd));
	if (copy_from_user(&m, (void *)umsg, sizeof(m)))
		return -EFAULT;
	if (m.iovlen > IOV_MAX)
		return -EMSGSIZE;
	for (uint32_t i = 0; i < m.iovlen; i++) {
		struct linux_iovec v;

		if (copy_from_user(&v, (void *)(m.iov + 8 * i), sizeof(v)))
			return -EFAULT;
		want += v.len;
	}
	/* A datagram's whole length, to flag a truncated one. */
	got = recv_kernel(s, want, flags | (s->type != SOCK_STREAM ? MSG_TRUNC : 0), &from,
			  fd_nonblock(fd), &copied);
	if (got < 0)
		return restartable(got);
	for (uint32_t i = 0; i < m.iovlen && off < copied; i++) {
		struct linux_iovec v;
		uint32_t n;

		if (copy_from_user(&v, (void *)(m.iov + 8 * i), sizeof(v)))
			return -EFAULT;
		n = v.len < copied - off ? v.len : copied - off;
		if (copy_to_user((void *)v.base, curproc->iobuf + off, n))
			return -EFAULT;
		off += n;
	}
	m.flags = (s->type != SOCK_STREAM && (uint32_t)got > copied) ? MSG_TRUNC : 0;
	m.controllen = 0;
	if (m.name && s->type != SOCK_STREAM) {
		uint8_t sa[128];
		uint32_t salen = addr_user(s, &from, sa);

		if (copy_to_user((void *)m.name, sa, m.namelen < salen ? m.namelen : salen))
			return -EFAULT;
		m.namelen = salen;
	} else {
		m.namelen = 0;
	}
	if (copy_to_user((void *)umsg, &m, sizeof(m)))
		return -EFAULT;
	return (flags & MSG_TRUNC) ? got : (long)copied;
}

long sys_shutdown(int fd, int how)
{
	int err;
	struct socket *s = fd_sock(fd, &err);

	if (!s)
		return err;
	return s->ops->shutdown(s, how);
}

/* ---- socketcall(call, args): the arguments are a user array of longs ---- */

static const uint8_t nargs[SC_MAX + 1] = {
	0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4,
};

long sys_socketcall(int call, uint32_t uargs)
{
	uint32_t a[6];

	if (call < 1 || call > SC_MAX)
		return -EINVAL;
	if (copy_from_user(a, (void *)uargs, nargs[call] * 4u))
		return -EFAULT;
	switch (call) {
	case SC_SOCKET: return sys_socket((int)a[0], (int)a[1], (int)a[2]);
	case SC_BIND: return sys_bind((int)a[0], a[1], (int)a[2]);
	case SC_CONNECT: return sys_connect((int)a[0], a[1], (int)a[2]);
	case SC_LISTEN: return sys_listen((int)a[0], (int)a[1]);
	case SC_ACCEPT: return sys_accept4((int)a[0], a[1], a[2], 0);
	case SC_GETSOCKNAME: return sys_getsockname((int)a[0], a[1], a[2]);
	case SC_GETPEERNAME: return sys_getpeername((int)a[0], a[1], a[2]);
	case SC_SOCKETPAIR: return sys_socketpair((int)a[0], (int)a[1], (int)a[2], a[3]);
	case SC_SEND: return sys_sendto((int)a[0], a[1], a[2], (int)a[3], 0, 0);
	case SC_RECV: return sys_recvfrom((int)a[0], a[1], a[2], (int)a[3], 0, 0);
	case SC_SENDTO: return sys_sendto((int)a[0], a[1], a[2], (int)a[3], a[4], (int)a[5]);
	case SC_RECVFROM: return sys_recvfrom((int)a[0], a[1], a[2], (int)a[3], a[4], a[5]);
	case SC_SHUTDOWN: return sys_shutdown((int)a[0], (int)a[1]);
	case SC_SETSOCKOPT: return sys_setsockopt((int)a[0], (int)a[1], (int)a[2], a[3], a[4]);
	case SC_GETSOCKOPT: return sys_getsockopt((int)a[0], (int)a[1], (int)a[2], a[3], a[4]);
	case SC_SENDMSG: return sys_sendmsg((int)a[0], a[1], (int)a[2]);
	case SC_RECVMSG: return sys_recvmsg((int)a[0], a[1], (int)a[2]);
	case SC_ACCEPT4: return sys_accept4((int)a[0], a[1], a[2], (int)a[3]);
	default: return -EINVAL;
	}
}
