/*
 * sys_socket.h - the socket system calls (sys_socket.c), for the table in
 * guest/sys/syscall.c: the direct i386 calls 359..373 and socketcall (102).
 */
#ifndef GUEST_NET_SYS_SOCKET_H
#define GUEST_NET_SYS_SOCKET_H

#include <stdint.h>

long sys_socketcall(int call, uint32_t uargs);
long sys_socket(int domain, int type, int proto);
long sys_socketpair(int domain, int type, int proto, uint32_t usv);
long sys_bind(int fd, uint32_t uaddr, int len);
long sys_connect(int fd, uint32_t uaddr, int len);
long sys_listen(int fd, int backlog);
long sys_accept4(int fd, uint32_t uaddr, uint32_t ulen, int flags);
long sys_getsockopt(int fd, int level, int opt, uint32_t uval, uint32_t ulen);
long sys_setsockopt(int fd, int level, int opt, uint32_t uval, uint32_t len);
long sys_getsockname(int fd, uint32_t uaddr, uint32_t ulen);
long sys_getpeername(int fd, uint32_t uaddr, uint32_t ulen);
long sys_sendto(int fd, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr, int alen);
long sys_recvfrom(int fd, uint32_t ubuf, uint32_t n, int flags, uint32_t uaddr, uint32_t ulen);
long sys_sendmsg(int fd, uint32_t umsg, int flags);
long sys_recvmsg(int fd, uint32_t umsg, int flags);
long sys_shutdown(int fd, int how);

#endif /* GUEST_NET_SYS_SOCKET_H */
