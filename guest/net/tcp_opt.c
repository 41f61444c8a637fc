/*
 * guest/net/tcp_opt.c - socket options that reach TCP: TCP_NODELAY,
 * TCP_MAXSEG and the keepalive timings at IPPROTO_TCP; SO_REUSEADDR,
 * SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF, SO_LINGER (seconds, negative: off)
 * and SO_ERROR at SOL_SOCKET.  Buffer sizes are clamped to what the 64 KiB
 * rings and a window without scaling can use.
 */
#include "net/tcp_int.h"

static void set_flag(struct tcp_pcb *p, uint32_t f, int on)
{
	if (on)
		p->flags |= f;
	else
		p->flags &= ~f;
}

static uint32_t clamp_buf(int val, uint32_t max)
{
	if (val < (int)TCP_BUF_MIN)
		return TCP_BUF_MIN;
	return (uint32_t)val > max ? max : (uint32_t)val;
}

static int set_socket(struct tcp_pcb *p, int opt, int val)
{
	switch (opt) {
	case SO_REUSEADDR:
		set_flag(p, TF_REUSE, val);
		return 0;
	case SO_KEEPALIVE:
		set_flag(p, TF_KEEPALIVE, val);
		tcp_keep_arm(p);
		return 0;
	case SO_SNDBUF:
		p->sndbuf = clamp_buf(val, TCP_RING);
		return 0;
	case SO_RCVBUF:
		p->rcvbuf = clamp_buf(val, TCP_WIN_MAX);
		return 0;
	case SO_LINGER:
		p->linger = val < 0 ? -1 : val;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int set_tcp(struct tcp_pcb *p, int opt, int val)
{
	switch (opt) {
	case TCP_NODELAY:
		set_flag(p, TF_NODELAY, val);
		if (val)
			tcp_output(p);                 /* what Nagle held goes now */
		return 0;
	case TCP_MAXSEG:
		if (val < (int)TCP_MSS_MIN || val > (int)TCP_MSS_MAX)
			return -EINVAL;
		if (p->state == TCPS_CLOSE || p->state == TCPS_LISTEN)
			p->mss_ours = (uint32_t)val;
		return 0;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
	case TCP_KEEPCNT:
		if (val < 1 || val > 32767)
			return -EINVAL;
		if (opt == TCP_KEEPIDLE)
			p->keepidle = (uint32_t)val;
		else if (opt == TCP_KEEPINTVL)
			p->keepintvl = (uint32_t)val;
		else
			p->keepcnt = (uint32_t)val;
		tcp_keep_arm(p);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

int tcp_setopt(struct tcp_pcb *p, int level, int opt, int val)
{
	if (level == SOL_SOCKET)
		return set_socket(p, opt, val);
	if (level == IPPROTO_TCP)
		return set_tcp(p, opt, val);
	return -ENOPROTOOPT;
}

static int get_socket(struct tcp_pcb *p, int opt, int *val)
{
	switch (opt) {
	case SO_REUSEADDR: *val = !!(p->flags & TF_REUSE); return 0;
	case SO_KEEPALIVE: *val = !!(p->flags & TF_KEEPALIVE); return 0;
	case SO_SNDBUF: *val = (int)p->sndbuf; return 0;
	case SO_RCVBUF: *val = (int)p->rcvbuf; return 0;
	case SO_LINGER: *val = p->linger; return 0;
	case SO_ERROR: *val = -tcp_error(p); return 0;
	default: return -ENOPROTOOPT;
	}
}

static int get_tcp(struct tcp_pcb *p, int opt, int *val)
{
	switch (opt) {
	case TCP_NODELAY: *val = !!(p->flags & TF_NODELAY); return 0;
	case TCP_MAXSEG: *val = (int)(p->mss ? p->mss : TCP_MSS_DEFAULT); return 0;
	case TCP_KEEPIDLE: *val = (int)p->keepidle; return 0;
	case TCP_KEEPINTVL: *val = (int)p->keepintvl; return 0;
	case TCP_KEEPCNT: *val = (int)p->keepcnt; return 0;
	default: return -ENOPROTOOPT;
	}
}

int tcp_getopt(struct tcp_pcb *p, int level, int opt, int *val)
{
	if (level == SOL_SOCKET)
		return get_socket(p, opt, val);
	if (level == IPPROTO_TCP)
		return get_tcp(p, opt, val);
	return -ENOPROTOOPT;
}
