/*
 * t_unix.c - AF_UNIX sockets, as Linux behaves: socketpair (stream,
 * datagram, seqpacket), bind to a path (a socket node: stat S_IFSOCK,
 * EADDRINUSE, open ENXIO, unlink), abstract names and autobind, listen/
 * connect/accept with getsockname/getpeername, data both ways through a
 * child process, datagrams with sender addresses and truncation,
 * shutdown and end of stream, EPIPE/SIGPIPE, ECONNREFUSED, ENOENT,
 * EPROTOTYPE, non-blocking calls and poll, fstat of a socket, fd passing
 * (SCM_RIGHTS), SO_PEERCRED and SCM_CREDENTIALS, and a megabyte through
 * a stream.
 *
 * Run as /usr/bin/t_unix in a writable directory (it binds under /tmp).
 * Every line is the same on a real Linux kernel (the host runs it under
 * qemu-i386) and on ours: no pids, inode numbers or addresses printed.
 */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#define PATH1 "/tmp/t_unix.sock"
#define PATH2 "/tmp/t_unix.dgram"

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void pairs(void)
{
	int sv[2], n, v;
	char buf[64];
	socklen_t len = sizeof(v);
	struct stat st;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair stream");
	CHECK(write(sv[0], "", 0) == 0 && !readable(sv[1]), "a zero-length write sends nothing");
	CHECK(write(sv[0], "hello", 5) == 5, "write to one end");
	CHECK(readable(sv[1]) && !readable(sv[0]), "poll: only the other end readable");
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 5, "FIONREAD 5");
	CHECK(read(sv[1], buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5), "read it at the other");
	CHECK(write(sv[1], "ab", 2) == 2 && write(sv[1], "cd", 2) == 2, "two writes back");
	CHECK(recv(sv[0], buf, sizeof buf, MSG_PEEK) == 4 && !memcmp(buf, "abcd", 4),
	      "a stream peeks across writes");
	CHECK(recv(sv[0], buf, 3, 0) == 3 && recv(sv[0], buf + 3, 10, 0) == 1 &&
	      !memcmp(buf, "abcd", 4), "and reads them in any pieces");
	CHECK(recv(sv[0], buf, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN, "MSG_DONTWAIT: EAGAIN");
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM,
	      "SO_TYPE stream");
	len = sizeof(v);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_UNIX,
	      "SO_DOMAIN AF_UNIX");
	CHECK(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode), "fstat: S_IFSOCK");
	CHECK(shutdown(sv[0], SHUT_WR) == 0, "shutdown SHUT_WR");
	CHECK(read(sv[1], buf, sizeof buf) == 0, "the peer reads end of stream");
	CHECK(write(sv[1], "x", 1) == 1 && read(sv[0], buf, 1) == 1, "the other way still works");
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(sv[0], "x", 1) < 0 && errno == EPIPE, "write after SHUT_WR: EPIPE");
	close(sv[1]);
	CHECK(read(sv[0], buf, 1) == 0, "peer closed: end of stream");
	close(sv[0]);

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair dgram");
	CHECK(send(sv[0], "one", 3, 0) == 3 && send(sv[0], "second", 6, 0) == 6,
	      "two datagrams");
	CHECK(recv(sv[1], buf, 2, 0) == 2, "a short read takes 2 bytes");
	CHECK(recv(sv[1], buf, sizeof buf, MSG_TRUNC) == 6, "MSG_TRUNC gives the whole length");
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) < 0 && errno == EAGAIN,
	      "the truncated rest was dropped");
	close(sv[0]);
	close(sv[1]);

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0, "socketpair seqpacket");
	CHECK(write(sv[0], "abc", 3) == 3 && write(sv[0], "de", 2) == 2, "two records");
	CHECK(read(sv[1], buf, sizeof buf) == 3 && read(sv[1], buf, sizeof buf) == 2,
	      "read one record at a time");
	close(sv[0]);
	CHECK(read(sv[1], buf, sizeof buf) == 0, "seqpacket: peer closed, end of file");
	close(sv[1]);

	CHECK(socketpair(AF_INET, SOCK_STREAM, 0, sv) < 0 && errno == EOPNOTSUPP,
	      "socketpair AF_INET: EOPNOTSUPP");
	CHECK(socket(AF_UNIX, SOCK_STREAM, 7) < 0 && errno == EPROTONOSUPPORT,
	      "protocol 7: EPROTONOSUPPORT");
}

static void sigpipe(void)
{
	int sv[2], st;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair for SIGPIPE");
	close(sv[1]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(sv[0], "x", 1);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	      "write to a closed peer: SIGPIPE");
	CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE, "MSG_NOSIGNAL: EPIPE");
	close(sv[0]);
}

static void names(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = path_addr(&a, PATH1), blen;
	int s, t, c, fd;
	struct stat st;
	char buf[64];

	unlink(PATH1);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(s >= 0 && bind(s, (struct sockaddr *)&a, alen) == 0, "bind to a path");
	CHECK(stat(PATH1, &st) == 0 && S_ISSOCK(st.st_mode), "the path is a socket node");
	CHECK(open(PATH1, O_RDWR) < 0 && errno == ENXIO, "open of it: ENXIO");
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, alen) < 0 && errno == EADDRINUSE, "bind again: EADDRINUSE");
	CHECK(connect(t, (struct sockaddr *)&a, alen) < 0 && errno == ECONNREFUSED,
	      "connect before listen: ECONNREFUSED");
	CHECK(listen(s, 4) == 0, "listen");
	blen = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0 && blen == alen &&
	      !strcmp(b.sun_path, PATH1), "getsockname: the path");
	CHECK(connect(t, (struct sockaddr *)&a, alen) == 0, "connect");
	CHECK(write(t, "early", 5) == 5, "write before accept");
	blen = sizeof(b);
	c = accept(s, (struct sockaddr *)&b, &blen);
	CHECK(c >= 0 && blen == offsetof(struct sockaddr_un, sun_path), "accept: an unnamed peer");
	CHECK(read(c, buf, sizeof buf) == 5 && !memcmp(buf, "early", 5), "accepted socket has the data");
	blen = sizeof(b);
	CHECK(getpeername(t, (struct sockaddr *)&b, &blen) == 0 && !strcmp(b.sun_path, PATH1),
	      "getpeername of the client: the path");
	blen = sizeof(b);
	CHECK(getsockname(c, (struct sockaddr *)&b, &blen) == 0 && !strcmp(b.sun_path, PATH1),
	      "getsockname of the accepted socket: the path");
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK(accept(s, NULL, NULL) < 0 && errno == EAGAIN,
	      "accept with nothing waiting, non-blocking: EAGAIN");
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(connect(fd, (struct sockaddr *)&a, alen) < 0 && errno == EPROTOTYPE,
	      "datagram connect to a stream socket: EPROTOTYPE");
	close(fd);
	close(c);
	close(t);
	close(s);
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(t, (struct sockaddr *)&a, alen) < 0 && errno == ECONNREFUSED,
	      "connect after the listener closed: ECONNREFUSED");
	CHECK(unlink(PATH1) == 0, "unlink the node");
	CHECK(connect(t, (struct sockaddr *)&a, alen) < 0 && errno == ENOENT,
	      "connect to no name: ENOENT");
	close(t);

	alen = abstract_addr(&a, "t_unix-abstract");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0 && listen(s, 1) == 0, "abstract bind, listen");
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, alen) < 0 && errno == EADDRINUSE,
	      "abstract name in use: EADDRINUSE");
	CHECK(connect(t, (struct sockaddr *)&a, alen) == 0, "connect to the abstract name");
	blen = sizeof(b);
	CHECK(getpeername(t, (struct sockaddr *)&b, &blen) == 0 && blen == alen &&
	      !memcmp(&a, &b, alen), "getpeername: the abstract name, its length");
	close(t);
	close(s);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0, "abstract name free again after close");
	close(s);

	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	blen = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0 &&
	      blen == offsetof(struct sockaddr_un, sun_path), "unbound: just the family");
	CHECK(bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path)) == 0,
	      "bind with no name: autobind");
	blen = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0 &&
	      blen == offsetof(struct sockaddr_un, sun_path) + 6 && b.sun_path[0] == 0,
	      "autobind: an abstract name of 5 characters");
	close(s);
}

static void datagrams(void)
{
	struct sockaddr_un a, b, from;
	socklen_t alen = path_addr(&a, PATH2), blen = path_addr(&b, PATH1), flen;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), t = socket(AF_UNIX, SOCK_DGRAM, 0), u;
	char buf[64];

	unlink(PATH1);
	unlink(PATH2);
	CHECK(sendto(t, "x", 1, 0, (struct sockaddr *)&a, alen) < 0 && errno == ENOENT,
	      "sendto a missing name: ENOENT");
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0 && bind(t, (struct sockaddr *)&b, blen) == 0,
	      "bind two datagram sockets");
	CHECK(sendto(t, "ping", 4, 0, (struct sockaddr *)&a, alen) == 4, "sendto by name");
	flen = sizeof(from);
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen) == 4 &&
	      flen == blen && !strcmp(from.sun_path, PATH1), "recvfrom: the sender's name");
	CHECK(send(s, "x", 1, 0) < 0 && errno == ENOTCONN, "send unconnected: ENOTCONN");
	CHECK(connect(s, (struct sockaddr *)&b, blen) == 0 && send(s, "pong", 4, 0) == 4,
	      "connect, send");
	CHECK(recv(t, buf, sizeof buf, 0) == 4 && !memcmp(buf, "pong", 4), "received");
	u = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&b, blen) == 1 &&
	      recv(t, buf, sizeof buf, 0) == 1, "an unconnected socket hears anyone");
	CHECK(connect(t, (struct sockaddr *)&a, alen) == 0, "connect back");
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&b, blen) < 0 && errno == EPERM,
	      "a socket connected elsewhere refuses others: EPERM");
	close(u);
	close(t);
	CHECK(send(s, "x", 1, 0) < 0 && errno == ECONNREFUSED, "peer closed: ECONNREFUSED");
	CHECK(send(s, "x", 1, 0) < 0 && errno == ENOTCONN, "then ENOTCONN");
	close(s);
	unlink(PATH1);
	unlink(PATH2);
}

/* Send fds[] with one byte. */
static int send_fds(int sock, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 4)];
	struct iovec iov = { "F", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	memset(cbuf, 0, sizeof cbuf);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
	return (int)sendmsg(sock, &m, 0);
}

static void fd_passing(void)
{
	int sv[2], p[2], bad = 999, got = -1;
	char cbuf[CMSG_SPACE(sizeof(int) * 4)], c, buf[16];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf };
	struct cmsghdr *h;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0, "a pair and a pipe");
	CHECK(send_fds(sv[0], &p[0], 1) == 1, "send the pipe's read end");
	close(p[0]);
	CHECK(recvmsg(sv[1], &m, 0) == 1 && c == 'F', "recvmsg the byte");
	h = CMSG_FIRSTHDR(&m);
	CHECK(h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
	      h->cmsg_len == CMSG_LEN(sizeof(int)), "an SCM_RIGHTS message for one fd");
	if (h)
		memcpy(&got, CMSG_DATA(h), sizeof(int));
	CHECK(write(p[1], "via", 3) == 3 && read(got, buf, sizeof buf) == 3 && !memcmp(buf, "via", 3),
	      "the received fd reads the pipe");
	close(got);
	CHECK(send_fds(sv[0], &bad, 1) < 0 && errno == EBADF, "a bad fd: EBADF");
	CHECK(send_fds(sv[0], &p[1], 1) == 1 && read(sv[1], buf, 1) == 1,
	      "fds dropped when read without recvmsg");
	m.msg_control = NULL;
	m.msg_controllen = 0;
	CHECK(send_fds(sv[0], &p[1], 1) == 1 && recvmsg(sv[1], &m, 0) == 1 &&
	      (m.msg_flags & MSG_CTRUNC), "no room for the fd: MSG_CTRUNC");
	m.msg_control = cbuf;
	CHECK(write(sv[0], "ab", 2) == 2 && send_fds(sv[0], &p[1], 1) == 1, "data, then data with an fd");
	m.msg_controllen = sizeof cbuf;
	iov.iov_base = buf;
	iov.iov_len = sizeof buf;
	CHECK(recvmsg(sv[1], &m, 0) == 3 && m.msg_controllen == CMSG_SPACE(sizeof(int)),
	      "one read takes the data and the fd after it");
	CHECK(write(sv[0], "z", 1) == 1 && recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == 1,
	      "data after the fd comes with the next read");
	h = CMSG_FIRSTHDR(&m);
	if (h) {
		memcpy(&got, CMSG_DATA(h), sizeof(int));
		close(got);
	}
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void credentials(void)
{
	int sv[2], on = 1;
	struct ucred uc;
	socklen_t len = sizeof(uc);
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf };
	struct cmsghdr *h;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "a pair for credentials");
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0 && len == sizeof(uc) &&
	      uc.pid == getpid() && uc.uid == getuid() && uc.gid == getgid(),
	      "SO_PEERCRED: our pid, uid, gid");
	CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) == 0, "SO_PASSCRED");
	CHECK(write(sv[0], "c", 1) == 1 && recvmsg(sv[1], &m, 0) == 1, "a byte with credentials");
	h = CMSG_FIRSTHDR(&m);
	CHECK(h && h->cmsg_type == SCM_CREDENTIALS && h->cmsg_len == CMSG_LEN(sizeof(uc)),
	      "SCM_CREDENTIALS received");
	if (h)
		memcpy(&uc, CMSG_DATA(h), sizeof(uc));
	CHECK(h && uc.pid == getpid() && uc.uid == getuid(), "the sender's pid and uid");
	close(sv[0]);
	close(sv[1]);
}

/* A megabyte through a stream to a child that sums it. */
static void bulk(void)
{
	static char buf[65536];
	int sv[2], st;
	long total = 0, sum = 0, want = 0;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "a pair for bulk data");
	pid = fork();
	if (pid == 0) {
		ssize_t n;
		long s = 0, t = 0;

		close(sv[0]);
		while ((n = read(sv[1], buf, sizeof buf)) > 0)
			for (ssize_t i = 0; i < n; i++, t++)
				s += (unsigned char)buf[i];
		_exit(t == 1048576 ? (int)(s % 251) : 255);
	}
	close(sv[1]);
	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = (char)(i % 251);
	while (total < 1048576) {
		ssize_t n = write(sv[0], buf, sizeof buf);

		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			want += (unsigned char)buf[i];
		total += n;
	}
	close(sv[0]);
	sum = waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	CHECK(total == 1048576 && sum == want % 251, "a megabyte through a stream, checksummed");
}

int main(void)
{
	pairs();
	sigpipe();
	names();
	datagrams();
	fd_passing();
	credentials();
	bulk();
	return check_summary("t_unix");
}
