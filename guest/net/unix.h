/*
 * unix.h - AF_UNIX sockets, shared by unix.c (the sockets: pairs, listen,
 * connect, accept, poll, shutdown, close), unix_addr.c (names: paths,
 * abstract names, autobind), unix_msg.c (queued messages and the user
 * memory they are copied from and to), unix_io.c (sending and receiving
 * with SCM_RIGHTS and SCM_CREDENTIALS) and unix_sys.c (the system calls
 * that take AF_UNIX addresses and control messages).
 *
 * An AF_UNIX socket is a struct socket (so read, write, poll, close,
 * fstat and the SOL_SOCKET options are socket.c's) whose un points to a
 * struct unix_sock.  Data written goes straight into the receiving
 * socket's queue as a message; a stream reads across messages, a
 * datagram or seqpacket socket one message per call.  The receiver's
 * SO_RCVBUF bounds its queue (what the messages take in memory), and a
 * sender waits for room.  Everything runs in process context: the kernel
 * is not preemptible, so state only changes across a sleep.
 */
#ifndef GUEST_NET_UNIX_H
#define GUEST_NET_UNIX_H

#include <stdint.h>
#include "net/socket.h"

#define UNIX_PATH_MAX  108           /* sun_path */
#define SCM_MAX_FD     253           /* fds one message may carry */
#define UNIX_QLEN_MAX  512           /* datagrams queued (net.unix.max_dgram_qlen) */
#define SOCK_SEQPACKET 5
#define SO_PASSCRED    16
#define SO_PEERCRED    17
#define SCM_RIGHTS      1
#define SCM_CREDENTIALS 2
#define MSG_CTRUNC     0x08
#define MSG_CMSG_CLOEXEC 0x40000000

struct file;
struct inode;

struct unix_addr {                   /* a name as sockaddr_un carries it */
	uint32_t len;                    /* bytes of name (a path: with its NUL) */
	char name[UNIX_PATH_MAX];        /* abstract: starts with a NUL */
};

struct ucred_k {                     /* struct ucred */
	int32_t pid;
	uint32_t uid, gid;
};

struct unix_seg {                    /* a piece of a message's data */
	struct unix_seg *next;
	uint32_t len;
	uint8_t data[];
};

struct unix_msg {
	struct unix_msg *next;
	uint32_t len, off;               /* data bytes; read so far (streams) */
	uint32_t mem;                    /* what it takes from SO_RCVBUF */
	struct unix_seg *seg, *seg_tail;
	struct ucred_k cred;             /* the sender's */
	struct unix_addr from;           /* datagrams: the sender's name */
	uint32_t nfds;
	struct file *fds[];              /* SCM_RIGHTS in flight, referenced */
};

enum { US_UNCONN, US_LISTEN, US_CONNECTED };

struct unix_sock {
	struct socket *s;
	struct unix_sock *next_all;      /* every AF_UNIX socket */
	int state;
	struct unix_sock *peer;          /* connected: the other end (datagrams: the target) */
	int peer_gone;                   /* a connected datagram peer closed */
	struct unix_addr addr;           /* addr.len 0: unbound */
	int borrowed;                    /* addr is the listener's (accepted) */
	struct inode *node;              /* bound to a path: its socket node */
	struct unix_msg *rq, *rq_tail;
	uint32_t rq_mem, rq_count;
	/* listening: connections made but not yet accepted */
	struct unix_sock *acq, *acq_next;
	uint32_t acq_len, backlog;
	struct unix_sock *listener;      /* an embryo: the listener it waits on */
	struct ucred_k peercred, owncred;  /* SO_PEERCRED; ours at listen/connect */
	int passcred;                    /* SO_PASSCRED */
};

extern const struct sock_ops unix_ops;

static inline struct unix_sock *us_of(struct socket *s) { return s->un; }

/* unix.c */
int unix_create(int type, int proto, struct socket **out);
void unix_connect_pair(struct unix_sock *a, struct unix_sock *b);
int unix_connect(struct unix_sock *u, const struct unix_addr *a, int nonblock);
int unix_accept(struct unix_sock *u, struct unix_sock **out, int nonblock);
void unix_cred_self(struct ucred_k *c);
int unix_stream_like(const struct unix_sock *u);    /* SOCK_STREAM or SEQPACKET */
uint32_t unix_room(const struct unix_sock *u, uint32_t want);  /* may take want bytes? */

/* unix_addr.c */
int unix_addr_in(uint32_t uaddr, int len, struct unix_addr *a);   /* sockaddr_un */
int unix_addr_out(const struct unix_addr *a, uint32_t uaddr, uint32_t ulen);
int unix_bind(struct unix_sock *u, const struct unix_addr *a);     /* len 0: autobind */
int unix_autobind(struct unix_sock *u);
int unix_find(const struct unix_addr *a, int type, struct unix_sock **out);
void unix_unbind(struct unix_sock *u);

/* unix_msg.c: user memory as a list of segments */
struct uio {
	uint32_t iov, niov, i;           /* user iovec array (0: the one below) */
	uint32_t base, len;              /* the current segment: what is left */
	int kernel;                      /* base is a kernel address */
	uint32_t resid;                  /* bytes in all */
};
int uio_user(struct uio *u, uint32_t iov, uint32_t niov);   /* 0, -EINVAL, -EFAULT */
void uio_one(struct uio *u, uint32_t base, uint32_t len, int kernel);
struct unix_msg *umsg_new(struct uio *u, uint32_t len, uint32_t nfds, int *err);
int umsg_copy_out(const struct unix_msg *m, uint32_t off, struct uio *u, uint32_t n);
uint32_t umsg_append(struct unix_msg *m, struct uio *u, uint32_t n, int *err);
void umsg_free(struct unix_msg *m);  /* its fds put, without recursing */
void unix_enqueue(struct unix_sock *u, struct unix_msg *m);
struct unix_msg *unix_dequeue(struct unix_sock *u);
void unix_purge(struct unix_sock *u);

/* unix_io.c */
struct unix_ctl {                    /* control messages, in kernel form */
	struct file *fds[SCM_MAX_FD];
	uint32_t nfds;
	int has_cred;
	struct ucred_k cred;
};
int unix_send(struct unix_sock *u, struct uio *uio, int flags, const struct unix_addr *to,
	      struct unix_ctl *ctl, int nonblock);
/* bytes (a datagram's whole length with MSG_TRUNC in flags); *ctl gets
 * the fds (referenced) and credentials of what was read; *mflags MSG_TRUNC */
int unix_recv(struct unix_sock *u, struct uio *uio, int flags, struct unix_addr *from,
	      struct unix_ctl *ctl, int *mflags, int nonblock);
void unix_ctl_put(struct unix_ctl *ctl);

#endif /* GUEST_NET_UNIX_H */
