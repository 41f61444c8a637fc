/*
 * guest/net/tcp.h - the contract between TCP (guest/net/tcp*.c) and the
 * rest of the guest's network stack (IP below it, sockets above it).
 *
 * TCP is written against nothing else in the kernel than this header,
 * kmalloc.h and vfs.h's proc_wakeup/poll_channel, so it builds and runs in
 * host unit tests too (a test links two stacks back to back through a
 * lossy, reordering "link" of its own).
 *
 * Concurrency: the guest kernel is not preemptible.  tcp_input and
 * tcp_tick run from the stack's receive/timer work, never nested inside
 * another tcp_* call; the socket layer's calls run in process context.
 * None of these functions sleeps: the socket layer sleeps (proc_sleep on
 * the pcb) and TCP wakes it.
 *
 * Wake-ups: whenever a pcb becomes readable, writable, connected,
 * accepted-into, reset or closed, TCP calls proc_wakeup(pcb) and
 * proc_wakeup(poll_channel()).
 *
 * Addresses and ports are in host byte order in this interface; the
 * segments (seg, payload) are in wire order.  Errors are negative Linux
 * errno values.
 */
#ifndef GUEST_NET_TCP_H
#define GUEST_NET_TCP_H

#include <stdint.h>

struct tcp_pcb;                          /* one connection or listener */

/* ---- provided by IP (guest/net/ip*.c), used by TCP ---- */
/* Send one TCP segment (header + data, checksum already filled in by TCP
 * with tcp_checksum below) from src to dst.  0, or -errno (-ENETUNREACH,
 * -ENOBUFS ...); a segment that cannot be sent is simply lost and TCP's
 * retransmission takes over. */
int ip_output(uint32_t src, uint32_t dst, uint8_t proto,
              const void *payload, uint32_t len);
/* The source address IP would use toward dst, or 0 if there is no route. */
uint32_t ip_route_source(uint32_t dst);
/* The largest TCP payload toward dst (route MTU - 40). */
uint32_t ip_route_mss(uint32_t dst);
/* The Internet checksum of a TCP/UDP segment with its pseudo-header
 * (one's complement sum over src, dst, proto, len and the bytes). */
uint16_t inet_pseudo_checksum(uint32_t src, uint32_t dst, uint8_t proto,
                              const void *data, uint32_t len);
/* Milliseconds since boot (monotonic). */
uint64_t net_now_ms(void);

/* ---- provided by TCP, used by IP ---- */
#define TCP_TICK_MS 10                   /* the timers' granularity (RFC 6298's G) */
/* A received segment for us: seg = TCP header + data (len bytes), the
 * checksum not yet verified (TCP verifies it and drops bad ones). */
void tcp_input(uint32_t src, uint32_t dst, const uint8_t *seg, uint32_t len);
void tcp_tick(uint64_t now_ms);          /* retransmission, delayed ACK,
                                            persist, TIME_WAIT, keepalive */
/* When tcp_tick must run next (ms; 0: no timer pending).  A lower bound:
 * running it earlier, or more often, is harmless. */
uint64_t tcp_deadline(void);
int tcp_active(void);                    /* 1: some timer is pending */
void tcp_init(void);

/* ---- provided by TCP, used by the socket layer ---- */
struct tcp_pcb *tcp_new(void);           /* CLOSED, or null (-ENOBUFS) */
int tcp_bind(struct tcp_pcb *p, uint32_t addr, uint16_t port); /* port 0: ephemeral;
                                            -EADDRINUSE unless SO_REUSEADDR */
int tcp_listen(struct tcp_pcb *p, int backlog);
int tcp_connect(struct tcp_pcb *p, uint32_t addr, uint16_t port);
                                         /* sends SYN: 0 (in progress), -errno;
                                            completion: tcp_poll says POLLOUT,
                                            or tcp_error gives the cause */
struct tcp_pcb *tcp_accept(struct tcp_pcb *listener);  /* an established
                                            connection, or null if none yet */
int tcp_send(struct tcp_pcb *p, const void *buf, uint32_t n);
                                         /* bytes queued (may be < n; -EAGAIN if
                                            the send buffer is full), -EPIPE after
                                            shutdown/close, -ENOTCONN, -ECONNRESET */
int tcp_recv(struct tcp_pcb *p, void *buf, uint32_t n, int peek);
                                         /* bytes; 0 at end of stream; -EAGAIN
                                            if none yet; -ECONNRESET, -ENOTCONN */
int tcp_shutdown(struct tcp_pcb *p, int how);  /* SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2 */
void tcp_close(struct tcp_pcb *p);       /* the socket is gone: TCP finishes
                                            (FIN, TIME_WAIT; RST if unread data)
                                            and frees p itself; p must not be
                                            used again by the caller */
void tcp_abort(struct tcp_pcb *p);       /* RST and free (SO_LINGER 0) */
int tcp_poll(struct tcp_pcb *p);         /* POLLIN|POLLOUT|POLLHUP|POLLERR|POLLRDHUP */
int tcp_error(struct tcp_pcb *p);        /* pending error (SO_ERROR), cleared */
void tcp_local(struct tcp_pcb *p, uint32_t *addr, uint16_t *port);
void tcp_remote(struct tcp_pcb *p, uint32_t *addr, uint16_t *port);
/* Options: TCP_NODELAY (1), SO_REUSEADDR, SO_KEEPALIVE, SO_SNDBUF,
 * SO_RCVBUF, SO_LINGER seconds; the Linux option numbers of linux.h with
 * level SOL_SOCKET (1) or IPPROTO_TCP (6). 0, or -ENOPROTOOPT. */
int tcp_setopt(struct tcp_pcb *p, int level, int opt, int val);
int tcp_getopt(struct tcp_pcb *p, int level, int opt, int *val);
/* For /proc/net/tcp and the tests: the state (Linux's TCP_ESTABLISHED 1 ...
 * TCP_CLOSING 11 numbering). */
int tcp_state(struct tcp_pcb *p);

#endif /* GUEST_NET_TCP_H */
