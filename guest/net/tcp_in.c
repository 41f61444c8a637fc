/*
 * guest/net/tcp_in.c - segments in: the demultiplexing to a connection,
 * resets for segments that have none, the SYN_SENT step of an active open
 * and, for synchronized connections, the RFC 793 checks in order: sequence
 * acceptability (trimming to the window), RST (RFC 5961's exact-match
 * rule), SYN, ACK (tcp_ack.c), data (tcp_reasm.c) and FIN.
 */
#include "net/tcp_int.h"

/* RFC 793: a reset for a segment to no connection. */
static void refuse(const struct tcp_seg *s)
{
	if (s->flags & TH_RST)
		return;
	if (s->flags & TH_ACK)
		tcp_send_rst(s->dst, s->dport, s->src, s->sport, s->ack, 0, 0);
	else
		tcp_send_rst(s->dst, s->dport, s->src, s->sport, 0,
			     s->seq + s->len + !!(s->flags & TH_SYN) + !!(s->flags & TH_FIN), 1);
}

static uint32_t peer_mss(const struct tcp_pcb *p, const struct tcp_seg *s)
{
	uint32_t m = s->mss ? s->mss : TCP_MSS_DEFAULT;
	if (m > p->mss_ours)
		m = p->mss_ours;
	return m < TCP_MSS_MIN ? TCP_MSS_MIN : m;
}

/* Take the peer's SYN: its sequence space, window and MSS. */
static void take_syn(struct tcp_pcb *p, const struct tcp_seg *s)
{
	p->irs = s->seq;
	p->rcv_nxt = p->rcv_user = p->rcv_adv = s->seq + 1;
	p->mss = peer_mss(p, s);
	p->snd_wnd = p->max_wnd = s->win;
	p->snd_wl1 = s->seq;
	p->snd_wl2 = s->ack;
	tcp_cc_init(p);
}

static void syn_sent_input(struct tcp_pcb *p, const struct tcp_seg *s)
{
	if ((s->flags & TH_ACK) && (SEQ_LEQ(s->ack, p->iss) || SEQ_GT(s->ack, p->snd_max))) {
		if (!(s->flags & TH_RST))
			tcp_send_rst(s->dst, s->dport, s->src, s->sport, s->ack, 0, 0);
		return;
	}
	if (s->flags & TH_RST) {
		if (s->flags & TH_ACK) {
			tcp_stats.attempt_fails++;
			tcp_drop(p, -ECONNREFUSED);
		}
		return;
	}
	if (!(s->flags & TH_SYN))
		return;
	take_syn(p, s);
	p->flags |= TF_ACK_NOW;
	if (s->flags & TH_ACK) {
		tcp_input_ack(p, s);               /* acks the SYN: ESTABLISHED */
		tcp_output(p);
		return;
	}
	tcp_set_state(p, TCPS_SYN_RECV);       /* simultaneous open */
	p->snd_nxt = p->iss;
	tcp_output(p);
}

/* Trim s to the receive window; 0 to go on (s may now carry no data),
 * -1 to drop it (after an ACK if owed). */
static int trim(struct tcp_pcb *p, struct tcp_seg *s)
{
	uint32_t wnd = SEQ_GT(p->rcv_adv, p->rcv_nxt) ? p->rcv_adv - p->rcv_nxt : 0;
	int32_t drop = (int32_t)(p->rcv_nxt - s->seq);
	if (drop > 0) {
		if ((uint32_t)drop > s->len || ((uint32_t)drop == s->len && !(s->flags & TH_FIN))) {
			p->flags |= TF_ACK_NOW;        /* an old duplicate */
			if ((uint32_t)drop > s->len)
				s->flags &= (uint8_t)~TH_FIN;
			drop = (int32_t)s->len;
		}
		s->seq += (uint32_t)drop;
		s->data += drop;
		s->len -= (uint32_t)drop;
	}
	int32_t over = (int32_t)((s->seq + s->len) - (p->rcv_nxt + wnd));
	if (over > 0) {
		p->flags |= TF_ACK_NOW;
		if (SEQ_GEQ(s->seq, p->rcv_nxt + wnd) && !(wnd == 0 && s->seq == p->rcv_nxt))
			return -1;                     /* wholly outside the window */
		s->len = (uint32_t)over >= s->len ? 0 : s->len - (uint32_t)over;
		s->flags &= (uint8_t)~TH_FIN;      /* a zero-window probe is kept for its ACK */
	}
	return 0;
}

/* RST in a synchronized state: only an exact match resets (RFC 5961);
 * one inside the window gets a challenge ACK. */
static void rst_input(struct tcp_pcb *p, const struct tcp_seg *s)
{
	uint32_t wnd = SEQ_GT(p->rcv_adv, p->rcv_nxt) ? p->rcv_adv - p->rcv_nxt : 1;
	if (p->state == TCPS_TIME_WAIT)
		return;                            /* RFC 1337: no assassination; the
						      reader may still have data here */
	if (s->seq != p->rcv_nxt) {
		if (SEQ_GT(s->seq, p->rcv_nxt) && SEQ_LT(s->seq, p->rcv_nxt + wnd))
			tcp_send_ack(p);
		return;
	}
	if (p->state == TCPS_SYN_RECV && p->parent) {
		tcp_set_state(p, TCPS_CLOSE);      /* frees the embryo */
		return;
	}
	if (p->state == TCPS_ESTABLISHED || p->state == TCPS_CLOSE_WAIT)
		tcp_stats.estab_resets++;
	int closing = p->state == TCPS_TIME_WAIT || p->state == TCPS_LAST_ACK ||
		      p->state == TCPS_CLOSING;
	tcp_drop(p, closing ? 0 : -ECONNRESET);
}

/* After the ACK: data and FIN, then whatever is owed. */
static void data_input(struct tcp_pcb *p, const struct tcp_seg *s, int had_fin)
{
	int st = p->state;
	int open = st == TCPS_ESTABLISHED || st == TCPS_FIN_WAIT1 || st == TCPS_FIN_WAIT2;
	if (s->len && open) {
		if (p->flags & TF_ORPHAN) {
			tcp_reset_peer(p);             /* nobody will read it */
			tcp_drop(p, 0);
			return;
		}
		tcp_rcv_data(p, s);
	}
	if ((s->flags & TH_FIN) && s->seq + s->len == p->rcv_nxt && !(p->flags & TF_FIN_RCVD))
		tcp_rcv_fin(p);
	else if (had_fin && p->state == TCPS_TIME_WAIT) {
		p->flags |= TF_ACK_NOW;            /* a retransmitted FIN */
		tcp_enter_time_wait(p);
	}
	tcp_output(p);
}

static void synchronized_input(struct tcp_pcb *p, struct tcp_seg *s)
{
	p->last_rx = net_now_ms();
	tcp_keep_arm(p);
	if (s->flags & TH_RST) {
		rst_input(p, s);
		return;
	}
	if ((s->flags & TH_SYN) && (s->flags & TH_ACK) && p->state == TCPS_SYN_RECV &&
	    s->seq == p->irs) {
		s->flags &= (uint8_t)~TH_SYN;      /* simultaneous open: the peer's */
		s->seq++;                          /* SYN-ACK; its SYN we have */
	}
	if (s->flags & TH_SYN) {
		if (p->state == TCPS_SYN_RECV && s->seq == p->irs)
			p->snd_nxt = p->iss;           /* our SYN-ACK was lost */
		else
			p->flags |= TF_ACK_NOW;        /* old duplicate or challenge */
		tcp_output(p);
		return;
	}
	int had_fin = s->flags & TH_FIN;
	if (trim(p, s) < 0 || !(s->flags & TH_ACK)) {
		tcp_output(p);
		return;
	}
	if (tcp_input_ack(p, s) < 0)
		return;
	data_input(p, s, had_fin);
}

void tcp_input(uint32_t src, uint32_t dst, const uint8_t *seg, uint32_t len)
{
	struct tcp_seg s;
	tcp_stats.in_segs++;
	if (tcp_parse(src, dst, seg, len, &s) < 0) {
		tcp_stats.in_errs++;
		return;
	}
	struct tcp_pcb *p = tcp_lookup(src, s.sport, dst, s.dport);
	if (!p) {
		refuse(&s);
		return;
	}
	if (p->state == TCPS_LISTEN)
		tcp_listen_input(p, &s);
	else if (p->state == TCPS_SYN_SENT)
		syn_sent_input(p, &s);
	else
		synchronized_input(p, &s);
}
