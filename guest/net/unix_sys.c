/*
 * unix_sys.c - the socket system calls' AF_UNIX half, which sys_socket.c
 * hands over to for these sockets: socketpair, names (struct sockaddr_un)
 * for bind, connect, accept, getsockname, getpeername, sendto and
 * recvfrom, and sendmsg/recvmsg with their control messages (SCM_RIGHTS,
 * SCM_CREDENTIALS) in Linux's i386 cmsghdr layout.  Data is copied
 * straight between user memory and the queued messages (unix_msg.c).
 */
#include "net/unix.h"
#include "net/unix_sys.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define CMSG_HDR 12                  /* struct cmsghdr: len, level, type */
#define CMSG_ALIGN(n) (((n) + 3u) & ~3u)

struct cmsghdr_k {
	uint32_t len;
	int32_t level, type;
};

static long restartable(long rc)
{
	return rc == -EINTR ? -ERESTARTSYS : rc;
}

/* Two sockets connected to each other, each with the other's creator as
 * SO_PEERCRED: fds in usv[0], usv[1]. */
long unix_socketpair(int type, int proto, uint32_t usv)
{
	int flags = type & ~SOCK_TYPE_MASK, fd[2], rc;
	struct socket *s[2];
	struct file *f[2] = { NULL, NULL };

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if ((rc = unix_create(type & SOCK_TYPE_MASK, proto, &s[0])) < 0)
		return rc;
	if ((rc = unix_create(type & SOCK_TYPE_MASK, proto, &s[1])) < 0) {
		sock_free(s[0]);
		return rc;
	}
	unix_connect_pair(s[0]->un, s[1]->un);
	unix_cred_self(&s[0]->un->peercred);
	unix_cred_self(&s[1]->un->peercred);
	for (int i = 0; i < 2; i++)
		if ((rc = sock_file(s[i], (uint32_t)flags & SOCK_NONBLOCK, &f[i])) < 0) {
			if (f[0])
				file_put(f[0]);
			else
				sock_free(s[0]);
			sock_free(s[1]);
			return rc;
		}
	if ((fd[0] = fd_install(f[0], 0, !!(flags & SOCK_CLOEXEC))) < 0) {
		file_put(f[0]);
		file_put(f[1]);
		return fd[0];
	}
	if ((fd[1] = fd_install(f[1], 0, !!(flags & SOCK_CLOEXEC))) < 0) {
		fd_close(fd[0]);
		file_put(f[1]);
		return fd[1];
	}
	if (copy_to_user((void *)usv, fd, sizeof(fd))) {
		fd_close(fd[0]);
		fd_close(fd[1]);
		return -EFAULT;
	}
	return 0;
}

long unix_sys_bind(struct socket *s, uint32_t uaddr, int len)
{
	struct unix_addr a;
	int rc;

	if ((rc = unix_addr_in(uaddr, len, &a)) < 0)
		return rc;
	return unix_bind(s->un, &a);
}

long unix_sys_connect(struct socket *s, uint32_t uaddr, int len, int nonblock)
{
	struct unix_addr a;
	uint16_t family;
	int rc;

	if (len >= 2 && !copy_from_user(&family, (void *)uaddr, sizeof(family)) &&
	    family == 0 && s->type == SOCK_DGRAM)
		return unix_connect(s->un, NULL, nonblock);      /* AF_UNSPEC */
	if ((rc = unix_addr_in(uaddr, len, &a)) < 0)
		return rc;
	if (!a.len)
		return -EINVAL;
	return restartable(unix_connect(s->un, &a, nonblock));
}

/* A name to user memory: getsockname of an unbound socket gives just
 * the family; a received message from one gives no name at all. */
static int name_out(const struct unix_addr *a, uint32_t uaddr, uint32_t ulen, int none_ok)
{
	int32_t zero = 0;

	if (!a->len && none_ok)
		return uaddr && copy_to_user((void *)ulen, &zero, sizeof(zero)) ? -EFAULT : 0;
	return unix_addr_out(a, uaddr, ulen);
}

long unix_sys_name(struct socket *s, int peer, uint32_t uaddr, uint32_t ulen)
{
	static const struct unix_addr none;
	struct unix_sock *u = s->un;

	if (peer && !u->peer)            /* accept's peer may have closed already */
		return peer == 2 ? name_out(&none, uaddr, ulen, 0) : -ENOTCONN;
	return name_out(peer ? &u->peer->addr : &u->addr, uaddr, ulen, 0);
}

/* ---- control messages ---- */
static int ctl_rights(struct unix_ctl *ctl, uint32_t udata, uint32_t n)
{
	if (!n || n % 4 || ctl->nfds + n / 4 > SCM_MAX_FD)
		return -EINVAL;
	for (uint32_t i = 0; i < n / 4; i++) {
		int32_t fd;
		struct file *f;

		if (copy_from_user(&fd, (void *)(udata + 4 * i), sizeof(fd)))
			return -EFAULT;
		if (!(f = fd_get(fd)))
			return -EBADF;
		ctl->fds[ctl->nfds++] = file_get(f);
	}
	return 0;
}

/* Credentials a sender claims: its own pid, or (root, as everyone is
 * here) any live process's; any uid and gid. */
static int ctl_cred(struct unix_ctl *ctl, uint32_t udata, uint32_t n)
{
	if (n != sizeof(struct ucred_k))
		return -EINVAL;
	if (copy_from_user(&ctl->cred, (void *)udata, n))
		return -EFAULT;
	if (ctl->cred.pid != curproc->tgid && !proc_find(ctl->cred.pid))
		return -ESRCH;
	ctl->has_cred = 1;
	return 0;
}

static int ctl_in(uint32_t ucontrol, uint32_t len, struct unix_ctl *ctl)
{
	uint32_t off = 0;
	int rc;

	while (len - off >= CMSG_HDR) {
		struct cmsghdr_k h;

		if (copy_from_user(&h, (void *)(ucontrol + off), sizeof(h)))
			return -EFAULT;
		if (h.len < CMSG_HDR || h.len > len - off)
			return -EINVAL;
		if (h.level != SOL_SOCKET)
			return -EINVAL;
		if (h.type == SCM_RIGHTS)
			rc = ctl_rights(ctl, ucontrol + off + CMSG_HDR, h.len - CMSG_HDR);
		else if (h.type == SCM_CREDENTIALS)
			rc = ctl_cred(ctl, ucontrol + off + CMSG_HDR, h.len - CMSG_HDR);
		else
			rc = -EINVAL;
		if (rc < 0)
			return rc;
		off += CMSG_ALIGN(h.len);
		if (off > len)
			break;
	}
	return 0;
}

struct ctl_out {
	uint32_t base, room, used;       /* the user's control buffer */
	int flags;                       /* MSG_CTRUNC gathered */
};

/* One cmsg of data bytes; 0 if it did not fit (MSG_CTRUNC). */
static int put_cmsg(struct ctl_out *o, int type, const void *data, uint32_t n)
{
	struct cmsghdr_k h = { CMSG_HDR + n, SOL_SOCKET, type };
	uint32_t left = o->room - o->used;

	if (left < h.len) {
		o->flags |= MSG_CTRUNC;
		return 0;
	}
	if (copy_to_user((void *)(o->base + o->used), &h, sizeof(h)) ||
	    copy_to_user((void *)(o->base + o->used + CMSG_HDR), data, n))
		return -EFAULT;
	o->used += CMSG_ALIGN(h.len) < left ? CMSG_ALIGN(h.len) : left;
	return 1;
}

/* The files received become fds (as many as the buffer has room for;
 * the rest are closed and MSG_CTRUNC set, as Linux does). */
static int put_rights(struct ctl_out *o, struct unix_ctl *ctl, int cloexec)
{
	int32_t fds[SCM_MAX_FD];
	uint32_t left = o->room - o->used, fit, n = 0;
	int rc = 0;

	fit = left > CMSG_HDR ? (left - CMSG_HDR) / 4 : 0;
	for (; n < ctl->nfds && n < fit; n++) {
		if ((fds[n] = fd_install(ctl->fds[n], 0, cloexec)) < 0)
			break;
	}
	if (n < ctl->nfds)
		o->flags |= MSG_CTRUNC;
	for (uint32_t i = n; i < ctl->nfds; i++)
		file_put(ctl->fds[i]);
	ctl->nfds = 0;
	if (n && (rc = put_cmsg(o, SCM_RIGHTS, fds, 4 * n)) <= 0) {
		for (uint32_t i = 0; i < n; i++)
			fd_close(fds[i]);
		return rc ? rc : -EFAULT;
	}
	return 0;
}

static int ctl_out(struct unix_sock *u, struct unix_ctl *ctl, struct linux_msghdr *m, int flags)
{
	struct ctl_out o = { m->control, m->control ? m->controllen : 0, 0, 0 };
	int rc;

	if (u->passcred && ctl->has_cred && (rc = put_cmsg(&o, SCM_CREDENTIALS, &ctl->cred,
							    sizeof(ctl->cred))) < 0)
		return rc;
	if (ctl->nfds && (rc = put_rights(&o, ctl, !!(flags & MSG_CMSG_CLOEXEC))) < 0)
		return rc;
	m->controllen = o.used;
	m->flags |= (uint32_t)o.flags;
	return 0;
}

/* ---- data ---- */
static void epipe(long rc, int flags)
{
	if (rc == -EPIPE && !(flags & MSG_NOSIGNAL))
		signal_send(curproc, SIGPIPE, 0);
}

static long send_common(struct socket *s, struct uio *uio, int flags, uint32_t uname,
			uint32_t namelen, uint32_t ucontrol, uint32_t controllen, int nonblock)
{
	struct unix_addr to;
	struct unix_ctl *ctl = kmalloc(sizeof(*ctl));
	long rc;

	if (!ctl)
		return -ENOBUFS;
	if (uname && namelen && (rc = unix_addr_in(uname, (int)namelen, &to)) < 0)
		goto out;
	if (ucontrol && controllen && (rc = ctl_in(ucontrol, controllen, ctl)) < 0)
		goto out;
	rc = unix_send(s->un, uio, flags, uname && namelen ? &to : NULL, ctl, nonblock);
	epipe(rc, flags);
	rc = restartable(rc);
out:
	unix_ctl_put(ctl);
	kfree(ctl);
	return rc;
}

long unix_sys_sendto(struct socket *s, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr,
		     int alen, int nonblock)
{
	struct uio u;

	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	uio_one(&u, ubuf, n, 0);
	return send_common(s, &u, flags, uaddr, uaddr ? (uint32_t)alen : 0, 0, 0, nonblock);
}

long unix_sys_sendmsg(struct socket *s, uint32_t umsg, int flags, int nonblock)
{
	struct linux_msghdr m;
	struct uio u;
	int rc;

	if (copy_from_user(&m, (void *)umsg, sizeof(m)))
		return -EFAULT;
	if ((rc = uio_user(&u, m.iov, m.iovlen)) < 0)
		return rc;
	return send_common(s, &u, flags, m.name, m.namelen, m.control, m.controllen, nonblock);
}

long unix_sys_recvfrom(struct socket *s, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr,
		       uint32_t ulen, int nonblock)
{
	struct unix_addr from = { 0 };
	struct uio u;
	int mflags = 0;
	long rc;

	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	uio_one(&u, ubuf, n, 0);
	rc = unix_recv(s->un, &u, flags, &from, NULL, &mflags, nonblock);
	if (rc < 0)
		return restartable(rc);
	if (uaddr && name_out(&from, uaddr, ulen, 1) < 0)
		return -EFAULT;
	return rc;
}

/* The sender's name into the msghdr (none from an unbound sender). */
static int msg_name_out(struct linux_msghdr *m, const struct unix_addr *from)
{
	char buf[2 + UNIX_PATH_MAX];
	uint16_t family = AF_UNIX;
	uint32_t full = from->len ? 2 + from->len : 0;

	if (!m->name)
		return 0;
	memcpy(buf, &family, 2);
	memcpy(buf + 2, from->name, from->len);
	if (full && copy_to_user((void *)m->name, buf, m->namelen < full ? m->namelen : full))
		return -EFAULT;
	m->namelen = full;
	return 0;
}

long unix_sys_recvmsg(struct socket *s, uint32_t umsg, int flags, int nonblock)
{
	struct linux_msghdr m;
	struct unix_addr from = { 0 };
	struct unix_ctl *ctl;
	struct uio u;
	int mflags = 0;
	long rc;

	if (copy_from_user(&m, (void *)umsg, sizeof(m)))
		return -EFAULT;
	if ((rc = uio_user(&u, m.iov, m.iovlen)) < 0)
		return rc;
	if (!(ctl = kmalloc(sizeof(*ctl))))
		return -ENOBUFS;
	rc = unix_recv(s->un, &u, flags, &from, ctl, &mflags, nonblock);
	if (rc >= 0) {
		m.flags = (uint32_t)mflags;
		if (msg_name_out(&m, &from) < 0 || ctl_out(s->un, ctl, &m, flags) < 0 ||
		    copy_to_user((void *)umsg, &m, sizeof(m)))
			rc = -EFAULT;
	}
	unix_ctl_put(ctl);
	kfree(ctl);
	return restartable(rc);
}
