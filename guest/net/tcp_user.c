/*
 * guest/net/tcp_user.c - what the socket layer calls: create, bind,
 * connect, send, receive, shutdown, close and abort a connection, and ask
 * for its readiness, error and addresses.  Nothing here sleeps; calls that
 * cannot proceed return -EAGAIN and the socket layer waits on the pcb.
 */
#include "net/tcp_int.h"
#include "kern/kmalloc.h"

struct tcp_pcb *tcp_new(void)
{
	return tcp_pcb_alloc();
}

int tcp_bind(struct tcp_pcb *p, uint32_t addr, uint16_t port)
{
	if (p->state != TCPS_CLOSE || p->lport || (p->flags & TF_WAS_CONN))
		return -EINVAL;
	if (!port && !(port = tcp_ephemeral(p)))
		return -EADDRINUSE;
	if (!tcp_port_free(addr, port, p))
		return -EADDRINUSE;
	p->laddr = addr;
	p->lport = port;
	return 0;
}

static uint32_t mss_toward(uint32_t dst)
{
	uint32_t m = ip_route_mss(dst);
	if (m > TCP_MSS_MAX)
		m = TCP_MSS_MAX;
	return m < TCP_MSS_MIN ? TCP_MSS_MIN : m;
}

int tcp_connect(struct tcp_pcb *p, uint32_t addr, uint16_t port)
{
	if (p->state == TCPS_SYN_SENT)
		return -EALREADY;
	if (p->state == TCPS_LISTEN)
		return -EINVAL;
	if (p->state != TCPS_CLOSE || (p->flags & TF_WAS_CONN))
		return -EISCONN;
	if (!addr || !port)
		return -ECONNREFUSED;
	uint32_t src = p->laddr ? p->laddr : ip_route_source(addr);
	if (!src)
		return -ENETUNREACH;
	uint32_t old_laddr = p->laddr;
	p->laddr = src;
	p->raddr = addr;
	p->rport = port;
	if (!p->lport && !(p->lport = tcp_ephemeral(p))) {
		p->laddr = old_laddr;
		p->raddr = p->rport = 0;
		return -EADDRNOTAVAIL;
	}
	if (tcp_tuple_used(p)) {
		p->laddr = old_laddr;
		p->raddr = p->rport = 0;
		return -EADDRNOTAVAIL;
	}
	p->mss_ours = mss_toward(addr);
	p->mss = p->mss_ours < TCP_MSS_DEFAULT ? p->mss_ours : TCP_MSS_DEFAULT;
	p->iss = tcp_isn(p->laddr, p->lport, p->raddr, p->rport);
	p->snd_una = p->snd_nxt = p->snd_max = p->iss;
	p->snd_end = p->iss + 1;
	p->error = 0;
	p->last_rx = net_now_ms();
	tcp_cc_init(p);
	tcp_stats.active_opens++;
	tcp_set_state(p, TCPS_SYN_SENT);
	tcp_output(p);
	return 0;
}

static int take_error(struct tcp_pcb *p)
{
	int e = p->error;
	p->error = 0;
	return e;
}

int tcp_send(struct tcp_pcb *p, const void *buf, uint32_t n)
{
	if (p->error)
		return take_error(p);
	switch (p->state) {
	case TCPS_ESTABLISHED:
	case TCPS_CLOSE_WAIT:
		break;
	case TCPS_SYN_SENT:
	case TCPS_SYN_RECV:
		return -EAGAIN;
	case TCPS_CLOSE:
		return (p->flags & TF_WAS_CONN) ? -EPIPE : -ENOTCONN;
	case TCPS_LISTEN:
		return -ENOTCONN;
	default:
		return -EPIPE;
	}
	if (p->flags & TF_FIN_QUEUED)
		return -EPIPE;
	uint32_t queued = p->snd_end - p->snd_una;
	uint32_t space = p->sndbuf > queued ? p->sndbuf - queued : 0;
	uint32_t k = n < space ? n : space;
	if (!k)
		return n ? -EAGAIN : 0;
	if (tcp_ring_write(&p->sring, p->snd_end, buf, k) < 0)
		return -ENOBUFS;
	p->snd_end += k;
	tcp_output(p);
	return (int)k;
}

/* After the reader made room: tell the peer when the window it knows has
 * shrunk to half the largest or less and would at least double (Linux's
 * rule, tcp_cleanup_rbuf; the window itself obeys RFC 1122's receiver SWS
 * avoidance, tcp_rcv_window).  A reader that keeps up leaves the window to
 * the ACKs the data brings anyway: an update after every read was one more
 * segment - and on pvhv one more notification - per read, and how many
 * reads a transfer took depended on when the data arrived. */
static void window_opened(struct tcp_pcb *p)
{
	if (p->flags & TF_FIN_RCVD)
		return;                            /* the peer sends nothing more */
	uint32_t offered = SEQ_GT(p->rcv_adv, p->rcv_nxt) ? p->rcv_adv - p->rcv_nxt : 0;
	uint32_t now = tcp_rcv_window(p);
	uint32_t largest = p->rcvbuf < TCP_WIN_MAX ? p->rcvbuf : TCP_WIN_MAX;
	if (now > offered && 2 * offered <= largest && now >= 2 * offered) {
		p->flags |= TF_ACK_NOW;
		tcp_output(p);
	}
}

/* Bytes the reader may take (the peer's FIN counts in rcv_nxt). */
static uint32_t readable(const struct tcp_pcb *p)
{
	int st = p->state;
	if (st == TCPS_LISTEN || st == TCPS_SYN_SENT || st == TCPS_SYN_RECV || st == TCPS_CLOSE)
		return 0;                          /* no data, or buffers released */
	return p->rcv_nxt - p->rcv_user - ((p->flags & TF_FIN_RCVD) ? 1 : 0);
}

int tcp_recv(struct tcp_pcb *p, void *buf, uint32_t n, int peek)
{
	uint32_t avail = readable(p);
	if (avail) {
		uint32_t k = n < avail ? n : avail;
		tcp_ring_read(&p->rring, p->rcv_user, buf, k);
		if (!peek) {
			p->rcv_user += k;
			window_opened(p);
		}
		return (int)k;
	}
	if (p->error)
		return take_error(p);
	if ((p->flags & (TF_FIN_RCVD | TF_RD_SHUT)) || !n)
		return 0;
	if (p->state == TCPS_CLOSE)
		return (p->flags & TF_WAS_CONN) ? 0 : -ENOTCONN;
	if (p->state == TCPS_LISTEN)
		return -ENOTCONN;
	return -EAGAIN;
}

/* Queue our FIN after the data (SHUT_WR). */
static void queue_fin(struct tcp_pcb *p)
{
	if (p->flags & TF_FIN_QUEUED)
		return;
	if (p->state == TCPS_ESTABLISHED)
		tcp_set_state(p, TCPS_FIN_WAIT1);
	else if (p->state == TCPS_CLOSE_WAIT)
		tcp_set_state(p, TCPS_LAST_ACK);
	else
		return;
	p->flags |= TF_FIN_QUEUED;
	tcp_output(p);
}

int tcp_shutdown(struct tcp_pcb *p, int how)
{
	if (how < 0 || how > 2)
		return -EINVAL;
	if (p->state == TCPS_LISTEN || p->state == TCPS_CLOSE || p->state == TCPS_SYN_SENT)
		return -ENOTCONN;
	if (how != 1) {
		p->flags |= TF_RD_SHUT;
		tcp_wake(p);
	}
	if (how != 0)
		queue_fin(p);
	return 0;
}

void tcp_abort(struct tcp_pcb *p)
{
	p->flags |= TF_ORPHAN;
	if (p->state == TCPS_LISTEN) {
		tcp_listener_close(p);
		return;
	}
	if (p->state != TCPS_CLOSE && p->state != TCPS_SYN_SENT && p->state != TCPS_TIME_WAIT)
		tcp_reset_peer(p);
	tcp_pcb_free(p);
}

void tcp_close(struct tcp_pcb *p)
{
	int st = p->state;
	if (st == TCPS_LISTEN || st == TCPS_CLOSE || st == TCPS_SYN_SENT || st == TCPS_SYN_RECV ||
	    p->linger == 0 || readable(p)) {
		tcp_abort(p);                      /* unread data: RST, as Linux */
		return;
	}
	p->flags |= TF_ORPHAN;
	if (st == TCPS_TIME_WAIT) {
		tcp_release_buffers(p);
		return;                            /* freed when 2 MSL end */
	}
	if (st == TCPS_FIN_WAIT2 && !p->t_2msl) {
		p->t_2msl = net_now_ms() + TCP_FIN_TIMEOUT_MS;
		tcp_timer_note(p->t_2msl);
	}
	queue_fin(p);
}

int tcp_poll(struct tcp_pcb *p)
{
	int m = 0;
	if (p->state == TCPS_LISTEN) {
		for (struct tcp_pcb *c = tcp_pcbs; c; c = c->next)
			if (c->parent == p && (c->flags & TF_ACCEPTQ))
				return POLLIN;
		return 0;
	}
	if (p->error)
		m |= POLLERR;
	if (readable(p))
		m |= POLLIN;
	if (p->flags & (TF_FIN_RCVD | TF_RD_SHUT))
		m |= POLLIN | POLLRDHUP;
	if ((p->state == TCPS_ESTABLISHED || p->state == TCPS_CLOSE_WAIT) &&
	    !(p->flags & TF_FIN_QUEUED) && p->snd_end - p->snd_una < p->sndbuf)
		m |= POLLOUT;
	if (p->state == TCPS_CLOSE || p->state == TCPS_TIME_WAIT) {
		m |= POLLHUP | POLLOUT;
		if (p->flags & TF_WAS_CONN)
			m |= POLLIN | POLLRDHUP;
	} else if ((p->flags & TF_FIN_RCVD) && (p->flags & TF_FIN_QUEUED)) {
		m |= POLLHUP;
	}
	return m;
}

int tcp_error(struct tcp_pcb *p)
{
	return take_error(p);
}

void tcp_local(struct tcp_pcb *p, uint32_t *addr, uint16_t *port)
{
	*addr = p->laddr;
	*port = p->lport;
}

void tcp_remote(struct tcp_pcb *p, uint32_t *addr, uint16_t *port)
{
	*addr = p->raddr;
	*port = p->rport;
}

int tcp_state(struct tcp_pcb *p)
{
	return p->state;
}
