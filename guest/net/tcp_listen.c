/*
 * guest/net/tcp_listen.c - passive opens: a listener answers a SYN with a
 * child connection in SYN_RECV (the SYN queue), which joins the accept
 * queue when the handshake completes.  Both queues are bounded by the
 * backlog; a SYN beyond them is dropped (the peer retries), and a final
 * ACK that finds the accept queue full is ignored, as Linux does.
 */
#include "net/tcp_int.h"

static uint32_t accept_counter;

static uint32_t route_mss(uint32_t dst)
{
	uint32_t m = ip_route_mss(dst);
	if (m > TCP_MSS_MAX)
		m = TCP_MSS_MAX;
	return m < TCP_MSS_MIN ? TCP_MSS_MIN : m;
}

/* A SYN for listener l: a child in SYN_RECV that sends the SYN-ACK. */
static void passive_open(struct tcp_pcb *l, const struct tcp_seg *s)
{
	struct tcp_pcb *c = tcp_pcb_alloc();
	if (!c) {
		tcp_stats.syn_dropped++;
		return;
	}
	c->parent = l;
	l->nsyn++;
	c->flags = l->flags & (TF_NODELAY | TF_KEEPALIVE | TF_REUSE);
	c->sndbuf = l->sndbuf;
	c->rcvbuf = l->rcvbuf;
	c->keepidle = l->keepidle;
	c->keepintvl = l->keepintvl;
	c->keepcnt = l->keepcnt;
	c->laddr = s->dst;
	c->lport = s->dport;
	c->raddr = s->src;
	c->rport = s->sport;
	c->mss_ours = route_mss(s->src);
	c->iss = tcp_isn(c->laddr, c->lport, c->raddr, c->rport);
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->snd_end = c->iss + 1;
	c->irs = s->seq;
	c->rcv_nxt = c->rcv_user = c->rcv_adv = s->seq + 1;
	c->mss = s->mss ? s->mss : TCP_MSS_DEFAULT;
	if (c->mss > c->mss_ours)
		c->mss = c->mss_ours;
	if (c->mss < TCP_MSS_MIN)
		c->mss = TCP_MSS_MIN;
	c->snd_wnd = c->max_wnd = s->win;
	c->snd_wl1 = s->seq;
	c->last_rx = net_now_ms();
	tcp_cc_init(c);
	tcp_stats.passive_opens++;
	tcp_set_state(c, TCPS_SYN_RECV);
	tcp_output(c);
}

void tcp_listen_input(struct tcp_pcb *l, const struct tcp_seg *s)
{
	if (s->flags & TH_RST)
		return;
	if (s->flags & TH_ACK) {
		tcp_send_rst(s->dst, s->dport, s->src, s->sport, s->ack, 0, 0);
		return;
	}
	if (!(s->flags & TH_SYN))
		return;
	if (l->nsyn >= (uint32_t)l->backlog || l->naccept >= (uint32_t)l->backlog) {
		tcp_stats.syn_dropped++;
		return;
	}
	passive_open(l, s);
}

/* c's handshake completed: into its listener's accept queue, or -1 if
 * that is full. */
int tcp_child_established(struct tcp_pcb *c)
{
	struct tcp_pcb *l = c->parent;
	if (l->naccept >= (uint32_t)l->backlog)
		return -1;
	l->nsyn--;
	l->naccept++;
	c->flags |= TF_ACCEPTQ;
	c->accept_order = ++accept_counter;
	tcp_set_state(c, TCPS_ESTABLISHED);
	return 0;
}

/* c is being freed: it leaves its listener's queues. */
void tcp_child_gone(struct tcp_pcb *c)
{
	struct tcp_pcb *l = c->parent;
	if (c->flags & TF_ACCEPTQ)
		l->naccept--;
	else
		l->nsyn--;
	c->parent = 0;
	c->flags &= ~TF_ACCEPTQ;
}

struct tcp_pcb *tcp_accept(struct tcp_pcb *l)
{
	struct tcp_pcb *best = 0;
	if (!l || l->state != TCPS_LISTEN)
		return 0;
	for (struct tcp_pcb *p = tcp_pcbs; p; p = p->next)
		if (p->parent == l && (p->flags & TF_ACCEPTQ) &&
		    (!best || (int32_t)(p->accept_order - best->accept_order) < 0))
			best = p;
	if (best)
		tcp_child_gone(best);
	return best;
}

/* The listening socket closed: every child not yet accepted is reset. */
void tcp_listener_close(struct tcp_pcb *l)
{
	struct tcp_pcb *p = tcp_pcbs;
	while (p) {
		if (p->parent == l) {
			tcp_reset_peer(p);
			tcp_pcb_free(p);
			p = tcp_pcbs;
			continue;
		}
		p = p->next;
	}
	tcp_pcb_free(l);
}

int tcp_listen(struct tcp_pcb *p, int backlog)
{
	if (p->state != TCPS_CLOSE && p->state != TCPS_LISTEN)
		return -EINVAL;
	if (p->state == TCPS_CLOSE && (p->flags & TF_WAS_CONN))
		return -EINVAL;
	if (!p->lport) {
		int r = tcp_bind(p, p->laddr, 0);
		if (r < 0)
			return r;
	}
	for (struct tcp_pcb *q = tcp_pcbs; q; q = q->next)
		if (q != p && q->state == TCPS_LISTEN && q->lport == p->lport &&
		    (q->laddr == p->laddr || !q->laddr || !p->laddr))
			return -EADDRINUSE;
	p->backlog = backlog < 1 ? 1 : backlog > 128 ? 128 : backlog;
	if (p->state != TCPS_LISTEN)
		tcp_set_state(p, TCPS_LISTEN);
	return 0;
}
