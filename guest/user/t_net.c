/*
 * t_net.c - sockets on the loopback interface, as Linux behaves: UDP
 * (bind, ephemeral ports, sendto/recvfrom with addresses, connect, read/
 * write, MSG_PEEK, truncation and MSG_TRUNC, sendmsg/recvmsg with several
 * iovecs, non-blocking and poll, ECONNREFUSED from a closed port,
 * EADDRINUSE, options), TCP (listen, connect, accept, data both ways,
 * shutdown and end of stream, poll, non-blocking connect and accept,
 * getpeername, ECONNREFUSED, a megabyte through a child process) and the
 * socketcall(102) entry glibc may use instead of the direct calls.
 *
 * Run as /usr/bin/t_net [udp|tcp|all] (or udp-echo ADDR PORT, against
 * an echo server: the network system tests' host peer).  Every line is the same on a real
 * Linux kernel (the host runs it under qemu-i386) and on ours: ports are
 * chosen by the kernel or fixed high ones, never printed.
 */
#define _GNU_SOURCE
#include "check.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A socket bound to 127.0.0.1 and a kernel-chosen port; its address. */
static int bound(int type, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int s = socket(AF_INET, type, 0);

	*a = lo_addr(0);
	if (s < 0 || bind(s, (struct sockaddr *)a, sizeof(*a)) < 0 ||
	    getsockname(s, (struct sockaddr *)a, &len) < 0)
		return -1;
	return s;
}

static int readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

static void udp_basic(void)
{
	struct sockaddr_in a, b, from;
	socklen_t flen = sizeof(from);
	char buf[64];
	int s = bound(SOCK_DGRAM, &a), t = bound(SOCK_DGRAM, &b), one = 1, v;
	socklen_t vlen = sizeof(v);

	CHECK(s >= 0 && t >= 0, "udp: two sockets bound to 127.0.0.1");
	CHECK(ntohs(a.sin_port) >= 1024 && a.sin_port != b.sin_port, "udp: distinct ephemeral ports");
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &vlen) == 0 && v == SOCK_DGRAM,
	      "udp: SO_TYPE is SOCK_DGRAM");
	CHECK(readable(s, 0) == 0, "udp: nothing to read yet");
	CHECK(sendto(t, "hello", 5, 0, (struct sockaddr *)&a, sizeof(a)) == 5, "udp: sendto");
	CHECK(readable(s, -1), "udp: poll says readable");
	CHECK(recv(s, buf, sizeof(buf), MSG_PEEK) == 5 && !memcmp(buf, "hello", 5),
	      "udp: MSG_PEEK sees the datagram");
	memset(buf, 0, sizeof(buf));
	CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 5 &&
	      !memcmp(buf, "hello", 5), "udp: recvfrom gets it");
	CHECK(flen == sizeof(from) && from.sin_port == b.sin_port &&
	      from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "udp: with the sender's address");
	CHECK(fcntl(s, F_SETFL, O_NONBLOCK) == 0 && recv(s, buf, sizeof(buf), 0) == -1 &&
	      errno == EAGAIN, "udp: non-blocking recv: EAGAIN");
	CHECK(recv(t, buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN,
	      "udp: MSG_DONTWAIT: EAGAIN");
	CHECK(connect(t, (struct sockaddr *)&a, sizeof(a)) == 0, "udp: connect");
	CHECK(write(t, "0123456789", 10) == 10, "udp: write on a connected socket");
	CHECK(readable(s, -1) && recv(s, buf, 4, 0) == 4 && !memcmp(buf, "0123", 4),
	      "udp: a short read truncates the datagram");
	CHECK(recv(s, buf, 4, 0) == -1 && errno == EAGAIN, "udp: and the rest is gone");
	CHECK(bind(socket(AF_INET, SOCK_DGRAM, 0), (struct sockaddr *)&a, sizeof(a)) == -1 &&
	      errno == EADDRINUSE, "udp: binding a used port: EADDRINUSE");
	CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0,
	      "udp: SO_REUSEADDR");
	close(s);
	close(t);
}

static void udp_msgs(void)
{
	struct sockaddr_in a, b, from;
	char x[4] = "abcd", y[6] = "efghij", r1[3], r2[16];
	struct iovec out[2] = { { x, 4 }, { y, 6 } }, in[2] = { { r1, 3 }, { r2, 16 } };
	struct msghdr m = { .msg_iov = out, .msg_iovlen = 2 };
	int s = bound(SOCK_DGRAM, &a), t = bound(SOCK_DGRAM, &b);

	m.msg_name = &a;
	m.msg_namelen = sizeof(a);
	CHECK(sendmsg(t, &m, 0) == 10, "udp: sendmsg gathers two iovecs");
	memset(&m, 0, sizeof(m));
	m.msg_iov = in;
	m.msg_iovlen = 2;
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	CHECK(recvmsg(s, &m, 0) == 10 && !memcmp(r1, "abc", 3) && !memcmp(r2, "defghij", 7),
	      "udp: recvmsg scatters it");
	CHECK(m.msg_namelen == sizeof(from) && from.sin_port == b.sin_port && m.msg_flags == 0,
	      "udp: with the address and no flags");
	sendto(t, "0123456789", 10, 0, (struct sockaddr *)&a, sizeof(a));
	in[0].iov_len = 2;
	m.msg_iovlen = 1;
	m.msg_namelen = sizeof(from);
	CHECK(recvmsg(s, &m, 0) == 2 && (m.msg_flags & MSG_TRUNC), "udp: recvmsg sets MSG_TRUNC");
	sendto(t, "0123456789", 10, 0, (struct sockaddr *)&a, sizeof(a));
	CHECK(recv(s, r2, 3, MSG_TRUNC) == 10, "udp: recv with MSG_TRUNC gives the real length");
	close(s);
	close(t);
}

/* A datagram to a port nobody has: the ICMP error reaches the connected
 * sender as ECONNREFUSED. */
static void udp_refused(void)
{
	struct sockaddr_in a, b;
	int s = bound(SOCK_DGRAM, &a), t = bound(SOCK_DGRAM, &b);
	char c;

	close(s);                                   /* a's port is now free */
	CHECK(connect(t, (struct sockaddr *)&a, sizeof(a)) == 0, "udp: connect to a closed port");
	CHECK(send(t, "x", 1, 0) == 1, "udp: the send itself succeeds");
	CHECK(recv(t, &c, 1, 0) == -1 && errno == ECONNREFUSED, "udp: then ECONNREFUSED");
	close(t);
}

static void udp_flags(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	char c;

	CHECK(s >= 0 && (fcntl(s, F_GETFL) & O_NONBLOCK), "socket: SOCK_NONBLOCK");
	CHECK((fcntl(s, F_GETFD) & FD_CLOEXEC), "socket: SOCK_CLOEXEC");
	CHECK(recv(s, &c, 1, 0) == -1 && errno == EAGAIN, "socket: unbound non-blocking recv");
	CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) == -1 && errno == EPROTONOSUPPORT,
	      "socket: UDP with IPPROTO_TCP: EPROTONOSUPPORT");
	CHECK(listen(s, 1) == -1 && errno == EOPNOTSUPP, "socket: listen on UDP: EOPNOTSUPP");
	CHECK(getsockopt(0, SOL_SOCKET, SO_TYPE, &c, &(socklen_t){ 1 }) == -1 &&
	      errno == ENOTSOCK, "socket: an option of a non-socket: ENOTSOCK");
	close(s);
}

/* socketcall(SYS_SOCKET ...) directly: the multiplexer. */
static void socketcall_entry(void)
{
	unsigned long args[3] = { AF_INET, SOCK_DGRAM, 0 };
	long s = syscall(SYS_socketcall, 1, args);
	struct sockaddr_in a = lo_addr(0);
	unsigned long bargs[3] = { (unsigned long)s, (unsigned long)&a, sizeof(a) };

	CHECK(s >= 0, "socketcall: SYS_SOCKET");
	CHECK(syscall(SYS_socketcall, 2, bargs) == 0, "socketcall: SYS_BIND");
	CHECK(syscall(SYS_socketcall, 99, bargs) == -1 && errno == EINVAL,
	      "socketcall: an unknown call: EINVAL");
	close((int)s);
}

/* ---- TCP ---- */

static void tcp_basic(void)
{
	struct sockaddr_in a, peer;
	socklen_t plen = sizeof(peer);
	int l = bound(SOCK_STREAM, &a), c, s, one = 1;
	char buf[64];

	CHECK(l >= 0 && listen(l, 4) == 0, "tcp: listen on 127.0.0.1");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0, "tcp: TCP_NODELAY");
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0, "tcp: connect");
	CHECK(readable(l, -1), "tcp: the listener is readable");
	s = accept(l, (struct sockaddr *)&peer, &plen);
	CHECK(s >= 0 && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "tcp: accept, from 127.0.0.1");
	plen = sizeof(a);
	CHECK(getpeername(c, (struct sockaddr *)&peer, &plen) == 0 && peer.sin_port == a.sin_port,
	      "tcp: getpeername names the listener's port");
	CHECK(write(c, "ping", 4) == 4 && read(s, buf, sizeof(buf)) == 4 && !memcmp(buf, "ping", 4),
	      "tcp: client to server");
	CHECK(send(s, "pong!", 5, 0) == 5 && recv(c, buf, 5, MSG_WAITALL) == 5,
	      "tcp: server to client");
	CHECK(shutdown(c, SHUT_WR) == 0 && read(s, buf, sizeof(buf)) == 0,
	      "tcp: shutdown(SHUT_WR) is the server's end of stream");
	CHECK(write(s, "bye", 3) == 3 && read(c, buf, 3) == 3, "tcp: the other way still works");
	close(s);
	CHECK(read(c, buf, sizeof(buf)) == 0, "tcp: close is the client's end of stream");
	close(c);
	close(l);
}

static void tcp_nonblocking(void)
{
	struct sockaddr_in a;
	int l = bound(SOCK_STREAM, &a), c, s = -1, err = -1;
	socklen_t elen = sizeof(err);
	struct pollfd p;

	listen(l, 4);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK(accept(l, NULL, NULL) == -1 && errno == EAGAIN, "tcp: non-blocking accept: EAGAIN");
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int rc = connect(c, (struct sockaddr *)&a, sizeof(a));
	CHECK(rc == 0 || errno == EINPROGRESS, "tcp: non-blocking connect: 0 or EINPROGRESS");
	p = (struct pollfd){ .fd = c, .events = POLLOUT };
	CHECK(poll(&p, 1, -1) == 1 && (p.revents & POLLOUT), "tcp: poll says connected");
	CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0, "tcp: SO_ERROR 0");
	CHECK(readable(l, -1) && (s = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0,
	      "tcp: accept4 once it is readable");
	char c1;
	CHECK(read(s, &c1, 1) == -1 && errno == EAGAIN, "tcp: non-blocking read: EAGAIN");
	close(s);
	close(c);
	close(l);
}

static void tcp_refused(void)
{
	struct sockaddr_in a;
	int l = bound(SOCK_STREAM, &a), c = socket(AF_INET, SOCK_STREAM, 0);

	close(l);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == ECONNREFUSED,
	      "tcp: connect to a closed port: ECONNREFUSED");
	close(c);
}

/* A megabyte from a child through TCP, its checksum checked. */
static void tcp_bulk(void)
{
	struct sockaddr_in a;
	int l = bound(SOCK_STREAM, &a), s;
	static char buf[65536];
	unsigned long sum = 0, want = 0, got = 0;
	pid_t pid;
	int st;

	listen(l, 1);
	pid = fork();
	if (pid == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);

		if (connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
			_exit(1);
		for (int i = 0; i < 16; i++) {
			for (unsigned j = 0; j < sizeof(buf); j++)
				buf[j] = (char)(j * 7 + i);
			for (unsigned off = 0; off < sizeof(buf); ) {
				ssize_t n = write(c, buf + off, sizeof(buf) - off);

				if (n <= 0)
					_exit(2);
				off += (unsigned)n;
			}
		}
		close(c);
		_exit(0);
	}
	for (int i = 0; i < 16; i++)
		for (unsigned j = 0; j < sizeof(buf); j++)
			want += (unsigned char)(j * 7 + i);
	s = accept(l, NULL, NULL);
	for (;;) {
		ssize_t n = read(s, buf, sizeof(buf));

		if (n <= 0)
			break;
		got += (unsigned long)n;
		for (ssize_t i = 0; i < n; i++)
			sum += (unsigned char)buf[i];
	}
	CHECK(got == 16 * sizeof(buf) && sum == want, "tcp: 1 MiB from a child, intact");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "tcp: the sender ended well");
	close(s);
	close(l);
}

/* t_net udp-echo A.B.C.D PORT: datagrams of several sizes to an echo
 * server (the conformance runner's, on the host), each back intact.  A
 * lost datagram fails after SO_RCVTIMEO (a bound, not a measurement). */
static int udp_echo(const char *host, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)) };
	struct timeval tv = { 20, 0 };
	static char out[1400], in[1500];
	int s = socket(AF_INET, SOCK_DGRAM, 0), ok = 1;

	inet_pton(AF_INET, host, &a.sin_addr);
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CHECK(connect(s, (struct sockaddr *)&a, sizeof(a)) == 0, "udp echo: connect");
	for (int i = 0; i < 10; i++) {
		size_t n = 1 + (size_t)i * 150;

		for (size_t j = 0; j < n; j++)
			out[j] = (char)(i + j * 13);
		ok &= send(s, out, n, 0) == (ssize_t)n && recv(s, in, sizeof(in), 0) == (ssize_t)n &&
		      !memcmp(in, out, n);
	}
	CHECK(ok, "udp echo: 10 datagrams of 1..1351 bytes came back intact");
	close(s);
	return check_summary("t_net");
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";

	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(what, "udp-echo") && argc == 4)
		return udp_echo(argv[2], argv[3]);
	if (!strcmp(what, "udp") || !strcmp(what, "all")) {
		udp_basic();
		udp_msgs();
		udp_refused();
		udp_flags();
		socketcall_entry();
	}
	if (!strcmp(what, "tcp") || !strcmp(what, "all")) {
		tcp_basic();
		tcp_nonblocking();
		tcp_refused();
		tcp_bulk();
	}
	return check_summary("t_net");
}
