/* tst_safe_net.h - socket SAFE_* macros: the call or TBROK. */
#ifndef TST_SAFE_NET_H__
#define TST_SAFE_NET_H__

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "tst_safe_call.h"

#define SAFE_SOCKET(d, t, p)        TST_SAFE_M1_(NULL, socket(d, t, p), "socket(%d, %d, %d) failed", d, t, p)
#define SAFE_SOCKETPAIR(d, t, p, sv) TST_SAFE_M1_(NULL, socketpair(d, t, p, sv), "socketpair(%d, %d, %d) failed", d, t, p)
#define SAFE_BIND(s, a, l)          TST_SAFE_M1_(NULL, bind(s, (const struct sockaddr *)(a), l), "bind(%d) failed", s)
#define SAFE_LISTEN(s, b)           TST_SAFE_M1_(NULL, listen(s, b), "listen(%d, %d) failed", s, b)
#define SAFE_ACCEPT(s, a, l)        TST_SAFE_M1_(NULL, accept(s, (struct sockaddr *)(a), l), "accept(%d) failed", s)
#define SAFE_CONNECT(s, a, l)       TST_SAFE_M1_(NULL, connect(s, (const struct sockaddr *)(a), l), "connect(%d) failed", s)
#define SAFE_GETSOCKNAME(s, a, l)   TST_SAFE_M1_(NULL, getsockname(s, (struct sockaddr *)(a), l), "getsockname(%d) failed", s)
#define SAFE_SETSOCKOPT(s, lv, o, v, l) TST_SAFE_M1_(NULL, setsockopt(s, lv, o, v, l), "setsockopt(%d, %d, %d) failed", s, lv, o)
#define SAFE_SETSOCKOPT_INT(s, lv, o, v) ({ int tst_v_ = (v); \
	SAFE_SETSOCKOPT(s, lv, o, &tst_v_, sizeof(tst_v_)); })
#define SAFE_GETSOCKOPT(s, lv, o, v, l) TST_SAFE_M1_(NULL, getsockopt(s, lv, o, v, l), "getsockopt(%d, %d, %d) failed", s, lv, o)
#define SAFE_SEND(strict, s, b, n, f) ({ ssize_t tst_n_ = send(s, b, n, f); \
	if (tst_n_ < 0 || ((strict) && (size_t)tst_n_ != (size_t)(n))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "send(%d) returned %zd", s, tst_n_); \
	tst_n_; })
#define SAFE_SENDTO(strict, s, b, n, f, a, l) ({ ssize_t tst_n_ = sendto(s, b, n, f, (const struct sockaddr *)(a), l); \
	if (tst_n_ < 0 || ((strict) && (size_t)tst_n_ != (size_t)(n))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "sendto(%d) returned %zd", s, tst_n_); \
	tst_n_; })
#define SAFE_SENDMSG(len, s, m, f) ({ ssize_t tst_n_ = sendmsg(s, m, f); \
	if (tst_n_ < 0 || ((len) && (size_t)tst_n_ != (size_t)(len))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "sendmsg(%d) returned %zd", s, tst_n_); \
	tst_n_; })
#define SAFE_RECV(len, s, b, n, f) ({ ssize_t tst_n_ = recv(s, b, n, f); \
	if (tst_n_ < 0 || ((len) && (size_t)tst_n_ != (size_t)(len))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "recv(%d) returned %zd", s, tst_n_); \
	tst_n_; })
#define SAFE_RECVFROM(len, s, b, n, f, a, l) ({ ssize_t tst_n_ = recvfrom(s, b, n, f, (struct sockaddr *)(a), l); \
	if (tst_n_ < 0 || ((len) && (size_t)tst_n_ != (size_t)(len))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "recvfrom(%d) returned %zd", s, tst_n_); \
	tst_n_; })
#define SAFE_RECVMSG(len, s, m, f) ({ ssize_t tst_n_ = recvmsg(s, m, f); \
	if (tst_n_ < 0 || ((len) && (size_t)tst_n_ != (size_t)(len))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, "recvmsg(%d) returned %zd", s, tst_n_); \
	tst_n_; })

unsigned short tst_get_unused_port(void (*cleanup_fn)(void),
				   unsigned short family, int type);
#define TST_GET_UNUSED_PORT(family, type) tst_get_unused_port(NULL, (family), (type))

char *tst_sock_addr(const struct sockaddr *sa, socklen_t salen, char *res,
		    size_t len);
void tst_init_sockaddr_inet(struct sockaddr_in *sa, const char *ip_str,
			    uint16_t port);
void tst_init_sockaddr_inet_bin(struct sockaddr_in *sa, uint32_t ip_val,
				uint16_t port);
void tst_init_sockaddr_inet6(struct sockaddr_in6 *sa, const char *ip_str,
			     uint16_t port);
void tst_init_sockaddr_inet6_bin(struct sockaddr_in6 *sa,
				 const struct in6_addr *ip_val, uint16_t port);

#endif
