/*
 * socket.c - sockets as files: creation by (type, protocol), the file
 * operations (read, write, poll, ioctl, close) that let read/write/poll/
 * select work on them, waiting, and the options every socket has.
 *
 * Which protocol: SOCK_STREAM -> TCP, SOCK_DGRAM -> UDP (or, with
 * IPPROTO_ICMP, a ping socket), SOCK_RAW with IPPROTO_ICMP -> raw ICMP,
 * with IPPROTO_RAW -> send-only raw IP (raw.c).
 */
#include "net/socket.h"
#include "net/tcp.h"
#include "net/unix.h"
#include "net/unix_sys.h"
#include "fs/fs.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define SOCK_BUF_DEFAULT (128u * 1024)
#define SOCK_BUF_MAX     (1024u * 1024)

static const struct file_ops socket_file_ops;
struct socket *all_sockets;                /* every socket: demux, /proc/net */
static uint32_t next_ino = 1;

struct socket *sock_of(struct file *f)
{
	return f && f->ops == &socket_file_ops ? f->priv : NULL;
}

int sock_notsupp(void)
{
	return -EOPNOTSUPP;
}

struct socket *sock_alloc(int type, int proto, const struct sock_ops *ops)
{
	struct socket *s = kmalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->family = ops->family ? ops->family : AF_INET;
	s->ino = next_ino++;
	s->type = type;
	s->proto = proto;
	s->ops = ops;
	s->rcvbuf = s->sndbuf = SOCK_BUF_DEFAULT;
	s->ttl = 64;
	s->linger = -1;
	s->next = all_sockets;
	all_sockets = s;
	return s;
}

int sock_create(int type, int proto, struct socket **out)
{
	const struct sock_ops *ops;
	struct socket *s;

	switch (type) {
	case SOCK_STREAM:
		if (proto && proto != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		ops = &tcp_sock_ops, proto = IPPROTO_TCP;
		break;
	case SOCK_DGRAM:
		if (proto && proto != IPPROTO_UDP && proto != IPPROTO_ICMP)
			return -EPROTONOSUPPORT;
		ops = proto == IPPROTO_ICMP ? &raw_ops : &udp_ops;
		proto = proto ? proto : IPPROTO_UDP;
		break;
	case SOCK_RAW:
		if (proto != IPPROTO_ICMP && proto != IPPROTO_RAW)
			return -EPROTONOSUPPORT;
		if (!capable(CAP_NET_RAW))
			return -EPERM;
		ops = &raw_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (!(s = sock_alloc(type, proto, ops)))
		return -ENOBUFS;
	if (type == SOCK_STREAM) {
		if (!(s->pcb = tcp_new())) {
			all_sockets = s->next;      /* just linked at the head */
			kfree(s);
			return -ENOBUFS;
		}
	}
	*out = s;
	return 0;
}

void sock_free(struct socket *s)
{
	struct socket **pp;

	for (pp = &all_sockets; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	s->ops->close(s);
	kfree(s);
}

int sock_file(struct socket *s, uint32_t flags, struct file **out)
{
	struct file *f = file_alloc(&socket_file_ops, NULL, O_RDWR | (flags & O_NONBLOCK));

	if (!f)
		return -ENFILE;
	f->priv = s;
	*out = f;
	return 0;
}

uint64_t sock_deadline(uint64_t timeo_ns)
{
	return timeo_ns ? vmi_time_ns() + timeo_ns : 0;
}

int sock_sleep(void *chan, uint64_t deadline_ns)
{
	if (proc_signal_pending())
		return -EINTR;
	if (deadline_ns && vmi_time_ns() >= deadline_ns)
		return -EAGAIN;
	sleep_on(chan, deadline_ns);
	return proc_signal_pending() ? -EINTR : 0;
}

void sock_wake(void *chan)
{
	proc_wakeup(chan);
	proc_wakeup(poll_channel());
}

/* ---- options every socket has (SOL_SOCKET), and IP's ---- */

static int opt_int(const void *val, uint32_t len, int *out)
{
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof(int));
	return 0;
}

/* struct timeval (seconds, microseconds) into nanoseconds. */
static int opt_timeval(const void *val, uint32_t len, uint64_t *ns)
{
	int32_t tv[2];

	if (len < sizeof(tv))
		return -EINVAL;
	memcpy(tv, val, sizeof(tv));
	if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
		return -EINVAL;
	*ns = (uint64_t)tv[0] * 1000000000ull + (uint64_t)tv[1] * 1000ull;
	return 0;
}

static uint32_t clamp_buf(int v)
{
	return v < 2048 ? 2048 : (uint32_t)v > SOCK_BUF_MAX / 2 ? SOCK_BUF_MAX : 2u * (uint32_t)v;
}

int sock_setopt(struct socket *s, int level, int opt, const void *val, uint32_t len)
{
	int v, rc;

	if (level == SOL_SOCKET && opt == SO_LINGER) {
		struct linux_linger l;

		if (len < sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		return s->ops->setopt(s, level, opt, l.onoff ? l.seconds : -1);
	}
	if (level == SOL_SOCKET && (opt == SO_RCVTIMEO || opt == SO_SNDTIMEO))
		return opt_timeval(val, len, opt == SO_RCVTIMEO ? &s->rcvtimeo_ns : &s->sndtimeo_ns);
	if ((rc = opt_int(val, len, &v)) < 0)
		return rc;
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_REUSEADDR: s->reuseaddr = !!v; break;
		case SO_BROADCAST: s->broadcast = !!v; return 0;
		case SO_RCVBUF: s->rcvbuf = clamp_buf(v); break;
		case SO_SNDBUF: s->sndbuf = clamp_buf(v); break;
		case SO_KEEPALIVE: case SO_REUSEPORT: case SO_PASSCRED: break;
		default: return -ENOPROTOOPT;
		}
		rc = s->ops->setopt(s, level, opt, v);
		return rc == -ENOPROTOOPT ? 0 : rc;
	}
	if (level == IPPROTO_IP) {
		if (opt == IP_TTL && v >= 1 && v <= 255)
			s->ttl = v;
		else if (opt == IP_TOS)
			s->tos = v & 0xFF;
		else
			return opt == IP_TTL ? -EINVAL : -ENOPROTOOPT;
		return 0;
	}
	return s->ops->setopt(s, level, opt, v);
}

static int put_int(void *val, uint32_t *len, int v)
{
	if (*len < sizeof(int))
		return -EINVAL;
	memcpy(val, &v, sizeof(int));
	*len = sizeof(int);
	return 0;
}

static int put_timeval(void *val, uint32_t *len, uint64_t ns)
{
	int32_t tv[2] = { (int32_t)(ns / 1000000000ull), (int32_t)(ns % 1000000000ull / 1000) };

	if (*len < sizeof(tv))
		return -EINVAL;
	memcpy(val, tv, sizeof(tv));
	*len = sizeof(tv);
	return 0;
}

int sock_getopt(struct socket *s, int level, int opt, void *val, uint32_t *len)
{
	int v = 0, rc;

	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_TYPE: return put_int(val, len, s->type);
		case SO_PROTOCOL: return put_int(val, len, s->proto);
		case SO_DOMAIN: return put_int(val, len, s->family);
		case SO_REUSEADDR: return put_int(val, len, s->reuseaddr);
		case SO_BROADCAST: return put_int(val, len, s->broadcast);
		case SO_RCVBUF: return put_int(val, len, (int)s->rcvbuf);
		case SO_SNDBUF: return put_int(val, len, (int)s->sndbuf);
		case SO_ACCEPTCONN: return put_int(val, len, s->listening);
		case SO_PEERCRED: return sock_peercred(s, val, len);
		case SO_RCVTIMEO: return put_timeval(val, len, s->rcvtimeo_ns);
		case SO_SNDTIMEO: return put_timeval(val, len, s->sndtimeo_ns);
		case SO_ERROR:
			if (s->pcb)
				v = -tcp_error(s->pcb);
			else
				v = s->error, s->error = 0;
			return put_int(val, len, v);
		case SO_LINGER: {
			struct linux_linger l = { 0, 0 };

			if (s->ops->getopt(s, level, opt, &v) == 0 && v >= 0)
				l = (struct linux_linger){ 1, v };
			if (*len < sizeof(l))
				return -EINVAL;
			memcpy(val, &l, sizeof(l));
			*len = sizeof(l);
			return 0;
		}
		default:
			break;
		}
	}
	if (level == IPPROTO_IP && opt == IP_TTL)
		return put_int(val, len, s->ttl);
	if (level == IPPROTO_IP && opt == IP_TOS)
		return put_int(val, len, s->tos);
	if ((rc = s->ops->getopt(s, level, opt, &v)) < 0)
		return rc;
	return put_int(val, len, v);
}

/* ---- the file operations ---- */

static int sock_read(struct file *f, char *buf, uint32_t n)
{
	struct socket *s = f->priv;
	struct sockaddr_k from;

	return s->ops->recv(s, buf, n, 0, &from, !!(f->flags & O_NONBLOCK));
}

static int sock_write(struct file *f, const char *buf, uint32_t n)
{
	struct socket *s = f->priv;

	return s->ops->send(s, buf, n, 0, NULL, !!(f->flags & O_NONBLOCK));
}

static int sock_poll(struct file *f)
{
	struct socket *s = f->priv;

	return s->ops->poll(s);
}

static int sock_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct socket *s = f->priv;

	if (cmd == FIONREAD) {
		int n = s->ops->pending(s);

		return n < 0 ? n : copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
	}
	return net_ifioctl(cmd, arg);
}

/* fstat: Linux's sockfs inode - S_IFSOCK, mode 0777, an inode number per
 * socket, on an anonymous device. */
int sock_stat(struct file *f, struct kstat *st)
{
	struct socket *s = sock_of(f);

	if (!s)
		return -EBADF;
	memset(st, 0, sizeof(*st));
	st->dev = SOCKFS_DEV;
	st->ino = s->ino;
	st->mode = S_IFSOCK | 0777;
	st->nlink = 1;
	st->blksize = PAGE_SIZE;
	return 0;
}

static void sock_release(struct file *f)
{
	sock_free(f->priv);
}

static const struct file_ops socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.ioctl = sock_ioctl,
	.poll = sock_poll,
	.getdents64 = file_no_getdents,
	.release = sock_release,
};
