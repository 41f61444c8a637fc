/*
 * socket.h - the socket layer: one struct socket behind each socket file,
 * its protocol's operations (UDP, raw ICMP, ping, TCP), and the helpers
 * they share (the datagram receive queue, waiting, the list of sockets).
 *
 * Operations work on kernel buffers (the system-call layer copies) and
 * run in process context; blocking ones sleep on a channel the protocol
 * wakes (the socket for datagrams, the tcp_pcb for TCP) and end with
 * -EINTR on a signal.  Errors are negative Linux errno values.
 */
#ifndef GUEST_NET_SOCKET_H
#define GUEST_NET_SOCKET_H

#include <stdint.h>
#include "net/net.h"

struct file;
struct socket;

struct sockaddr_k {                  /* an address, host order */
	uint32_t addr;                   /* IPv4; netlink: port id; packet: ifindex */
	uint16_t port;                   /* port; packet: the ETH_P_ protocol */
	uint8_t pkttype, halen;          /* packet: PACKET_*, hardware address length */
	uint8_t hw[8];                   /* packet: the hardware address */
};

struct sock_ops {
	int (*bind)(struct socket *s, const struct sockaddr_k *a);
	int (*connect)(struct socket *s, const struct sockaddr_k *a, int nonblock);
	int (*listen)(struct socket *s, int backlog);
	int (*accept)(struct socket *s, struct socket **out, int nonblock);
	/* to: null for the connected peer; bytes sent or -errno */
	int (*send)(struct socket *s, const void *buf, uint32_t n, int flags,
		    const struct sockaddr_k *to, int nonblock);
	/* bytes (for a datagram: its whole length if MSG_TRUNC), *from filled */
	int (*recv)(struct socket *s, void *buf, uint32_t n, int flags,
		    struct sockaddr_k *from, int nonblock);
	int (*shutdown)(struct socket *s, int how);
	int (*poll)(struct socket *s);
	int (*setopt)(struct socket *s, int level, int opt, int val);
	int (*getopt)(struct socket *s, int level, int opt, int *val);
	int (*name)(struct socket *s, int peer, struct sockaddr_k *a);
	int (*pending)(struct socket *s);        /* FIONREAD */
	void (*close)(struct socket *s);
	/* Families other than AF_INET (family 0 here): the user's sockaddr
	 * of len bytes into a (0 or -errno), and a back (its length). */
	int family;
	int (*addr_in)(const void *sa, uint32_t len, struct sockaddr_k *a);
	uint32_t (*addr_out)(const struct sockaddr_k *a, void *sa);
};

struct dgram {                        /* one received datagram */
	struct dgram *next;
	struct sockaddr_k from;
	uint32_t len;
	uint8_t data[];
};

struct socket {
	struct socket *next;               /* all_sockets: demux, /proc/net */
	int family, type, proto;           /* family: AF_INET unless set */
	uint32_t ino;                      /* fstat, /proc/<pid>/fd: socket:[ino] */
	struct unix_sock *un;              /* AF_UNIX: its state (unix.h) */
	const struct sock_ops *ops;
	struct sockaddr_k local, remote;   /* datagram sockets */
	int connected;
	struct dgram *rq, *rq_tail;
	uint32_t rq_bytes, rcvbuf, sndbuf;
	int error;                         /* pending (SO_ERROR), from ICMP */
	int shut;                          /* 1 read, 2 write: shut down */
	int reuseaddr, broadcast, ttl, tos;
	uint64_t rcvtimeo_ns, sndtimeo_ns; /* 0: wait forever */
	struct tcp_pcb *pcb;               /* TCP */
	int listening;
	int linger;                        /* SO_LINGER seconds, -1: off */
};

extern const struct sock_ops udp_ops, raw_ops, tcp_sock_ops;   /* raw: both ICMP kinds */
/* netlink.c, packet.c: AF_NETLINK and AF_PACKET sockets of (type, proto) */
int netlink_create(int type, int proto, struct socket **out);
int packet_create(int type, int proto, struct socket **out);
extern struct socket *all_sockets;

/* socket.c */
struct socket *sock_of(struct file *f);         /* null if f is no socket */
/* A sockaddr in user format out to (uaddr, *ulen), truncated as Linux does
 * (sys_socket.c). */
int sockaddr_copy_out(const void *sa, uint32_t salen, uint32_t uaddr, uint32_t ulen);
struct socket *sock_alloc(int type, int proto, const struct sock_ops *ops);  /* defaults, or null */
int sock_create(int type, int proto, struct socket **out);  /* the protocol's socket */
int sock_file(struct socket *s, uint32_t flags, struct file **out);  /* O_NONBLOCK ... */
void sock_free(struct socket *s);
/* Sleep until woken on chan: 0, -EINTR, or -EAGAIN once timeout_ns
 * (an absolute deadline, 0: none) has passed. */
int sock_sleep(void *chan, uint64_t deadline_ns);
uint64_t sock_deadline(uint64_t timeo_ns);      /* now + timeo, or 0 */
void sock_wake(void *chan);                     /* sleepers and pollers */
int sock_setopt(struct socket *s, int level, int opt, const void *val, uint32_t len);
int sock_getopt(struct socket *s, int level, int opt, void *val, uint32_t *len);

/* dgram.c: the receive queue of datagram sockets and their other calls */
int dgram_enqueue(struct socket *s, const struct sockaddr_k *from, const void *d,
		  uint32_t len);
int dgram_recv(struct socket *s, void *buf, uint32_t n, int flags,
	       struct sockaddr_k *from, int nonblock);
int dgram_poll(struct socket *s);
int dgram_pending(struct socket *s);
void dgram_close(struct socket *s);             /* free the queue */
int dgram_name(struct socket *s, int peer, struct sockaddr_k *a);
int dgram_connect(struct socket *s, const struct sockaddr_k *a, int nonblock);
int dgram_shutdown(struct socket *s, int how);
int dgram_noopt(struct socket *s, int level, int opt, int val);
int dgram_nogetopt(struct socket *s, int level, int opt, int *val);
int sock_notsupp(void);                         /* -EOPNOTSUPP */
/* A free port for proto (1..65535 for ping ids) bound to nobody, or 0. */
uint16_t dgram_ephemeral(int type, int proto);
int dgram_port_used(int type, int proto, uint32_t addr, uint16_t port);

#endif /* GUEST_NET_SOCKET_H */
