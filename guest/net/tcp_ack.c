/*
 * guest/net/tcp_ack.c - the ACK field of an acceptable segment: the end
 * of a handshake, the send window, RTT samples, freeing acknowledged send
 * buffer, duplicate ACKs for fast retransmit, and the state changes a FIN
 * being acknowledged brings.
 */
#include "net/tcp_int.h"

/* RFC 793's window update rule: only from a segment newer than the last
 * one that set it. */
static void window_update(struct tcp_pcb *p, const struct tcp_seg *s)
{
	if (SEQ_LT(p->snd_wl1, s->seq) ||
	    (p->snd_wl1 == s->seq && SEQ_LEQ(p->snd_wl2, s->ack))) {
		int opened = p->snd_wnd == 0 && s->win;
		p->snd_wnd = s->win;
		p->snd_wl1 = s->seq;
		p->snd_wl2 = s->ack;
		if (s->win > p->max_wnd)
			p->max_wnd = s->win;
		if (opened) {
			p->t_persist = 0;
			p->npersist = 0;
		}
	}
}

/* Our FIN (at snd_end) is acknowledged. 0, or -1 if p is gone. */
static int fin_acked(struct tcp_pcb *p)
{
	switch (p->state) {
	case TCPS_FIN_WAIT1:
		tcp_set_state(p, TCPS_FIN_WAIT2);
		if (p->flags & TF_ORPHAN) {
			p->t_2msl = net_now_ms() + TCP_FIN_TIMEOUT_MS;
			tcp_timer_note(p->t_2msl);
		}
		return 0;
	case TCPS_CLOSING:
		tcp_enter_time_wait(p);
		return 0;
	case TCPS_LAST_ACK:
		tcp_set_state(p, TCPS_CLOSE);
		return (p->flags & TF_ORPHAN) ? -1 : 0;
	default:
		return 0;
	}
}

/* New data acknowledged: up to ack. */
static int new_ack(struct tcp_pcb *p, const struct tcp_seg *s)
{
	uint32_t acked = s->ack - p->snd_una;
	if ((p->flags & TF_RTT_ON) && SEQ_GT(s->ack, p->rtt_seq)) {
		p->flags &= ~TF_RTT_ON;
		tcp_rtt_sample(p, (uint32_t)(net_now_ms() - p->rtt_start));
	}
	if (p->snd_una == p->iss)
		acked--;                           /* the SYN's sequence number */
	int fin = (p->flags & TF_FIN_QUEUED) && SEQ_GT(s->ack, p->snd_end);
	p->snd_una = s->ack;
	if (SEQ_LT(p->snd_nxt, p->snd_una))
		p->snd_nxt = p->snd_una;
	p->nrexmt = 0;
	tcp_cc_ack(p, acked);
	if (p->snd_una == p->snd_max)
		p->t_rexmt = 0;
	else
		tcp_rexmt_arm(p);
	tcp_wake(p);
	return fin ? fin_acked(p) : 0;
}

/* 0 to go on with the segment's data, -1 if it ends here. */
int tcp_input_ack(struct tcp_pcb *p, const struct tcp_seg *s)
{
	if (p->state == TCPS_SYN_RECV || p->state == TCPS_SYN_SENT) {
		if (SEQ_LEQ(s->ack, p->snd_una) || SEQ_GT(s->ack, p->snd_max)) {
			tcp_send_rst(s->dst, s->dport, s->src, s->sport, s->ack, 0, 0);
			return -1;
		}
		if (p->state == TCPS_SYN_RECV && p->parent) {
			if (tcp_child_established(p) < 0)
				return -1;             /* accept queue full: ignore */
		} else {
			tcp_set_state(p, TCPS_ESTABLISHED);
		}
		p->snd_wnd = s->win;
		p->snd_wl1 = s->seq;
		p->snd_wl2 = s->ack;
		tcp_keep_arm(p);
	}
	if (SEQ_GT(s->ack, p->snd_max)) {
		p->flags |= TF_ACK_NOW;            /* acks what we never sent */
		tcp_output(p);
		return -1;
	}
	uint32_t old_wnd = p->snd_wnd;
	window_update(p, s);
	if (SEQ_GT(s->ack, p->snd_una))
		return new_ack(p, s);
	if (s->ack == p->snd_una && !s->len && !(s->flags & TH_FIN) &&
	    s->win == old_wnd && p->snd_max != p->snd_una)
		tcp_cc_dupack(p);
	return 0;
}
