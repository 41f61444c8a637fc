/*
 * unix_sys.h - the AF_UNIX half of the socket system calls (unix_sys.c),
 * which sys_socket.c calls for sockets whose family is AF_UNIX: user
 * addresses are struct sockaddr_un, user pointers are passed through.
 */
#ifndef GUEST_NET_UNIX_SYS_H
#define GUEST_NET_UNIX_SYS_H

#include <stdint.h>

struct socket;

int unix_create(int type, int proto, struct socket **out);     /* unix.c */
int sock_peercred(struct socket *s, void *val, uint32_t *len); /* unix.c: SO_PEERCRED */
long unix_socketpair(int type, int proto, uint32_t usv);
long unix_sys_bind(struct socket *s, uint32_t uaddr, int len);
long unix_sys_connect(struct socket *s, uint32_t uaddr, int len, int nonblock);
/* peer 0: getsockname, 1: getpeername, 2: accept's (unnamed if gone) */
long unix_sys_name(struct socket *s, int peer, uint32_t uaddr, uint32_t ulen);
long unix_sys_sendto(struct socket *s, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr,
		     int alen, int nonblock);
long unix_sys_recvfrom(struct socket *s, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr,
		       uint32_t ulen, int nonblock);
long unix_sys_sendmsg(struct socket *s, uint32_t umsg, int flags, int nonblock);
long unix_sys_recvmsg(struct socket *s, uint32_t umsg, int flags, int nonblock);

#endif /* GUEST_NET_UNIX_SYS_H */
