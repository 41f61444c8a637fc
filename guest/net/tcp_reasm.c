/*
 * guest/net/tcp_reasm.c - the receive side: the window TCP offers, data
 * placed in the receive ring by sequence number (in order or not), the
 * out-of-order ranges that fill holes later, delayed ACKs and the peer's
 * FIN.
 */
#include "net/tcp_int.h"

/* The window to advertise: free buffer space, but no small increase
 * (receiver silly window avoidance, RFC 1122 4.2.3.3) and never less than
 * what was already offered (the right edge does not move left). */
uint32_t tcp_rcv_window(const struct tcp_pcb *p)
{
	uint32_t used = p->rcv_nxt - p->rcv_user;
	uint32_t win = p->rcvbuf > used ? p->rcvbuf - used : 0;
	uint32_t small = p->mss < p->rcvbuf / 2 ? p->mss : p->rcvbuf / 2;
	uint32_t offered = SEQ_GT(p->rcv_adv, p->rcv_nxt) ? p->rcv_adv - p->rcv_nxt : 0;
	if (win < small)
		win = 0;
	if (win < offered)
		win = offered;
	return win > TCP_WIN_MAX ? TCP_WIN_MAX : win;
}

/* Record [a, b) as received out of order, merged with its neighbours;
 * 0, or -1 if all slots hold other ranges (the data is dropped and the
 * peer sends it again). */
static int ooo_add(struct tcp_pcb *p, uint32_t a, uint32_t b)
{
	for (uint32_t i = 0; i < p->nooo;) {
		struct tcp_range *r = &p->ooo[i];
		if (SEQ_LEQ(r->start, b) && SEQ_LEQ(a, r->end)) {
			if (SEQ_LT(r->start, a))
				a = r->start;
			if (SEQ_GT(r->end, b))
				b = r->end;
			*r = p->ooo[--p->nooo];
			i = 0;
			continue;
		}
		i++;
	}
	if (p->nooo == TCP_OOO_MAX)
		return -1;
	p->ooo[p->nooo++] = (struct tcp_range){ a, b };
	return 0;
}

/* rcv_nxt moved: take every out-of-order range it now reaches. */
static void ooo_pull(struct tcp_pcb *p)
{
	for (uint32_t i = 0; i < p->nooo;) {
		struct tcp_range *r = &p->ooo[i];
		if (SEQ_LEQ(r->start, p->rcv_nxt)) {
			if (SEQ_GT(r->end, p->rcv_nxt))
				p->rcv_nxt = r->end;
			*r = p->ooo[--p->nooo];
			i = 0;
			continue;
		}
		i++;
	}
}

/* In-window data (already trimmed to rcv_nxt .. rcv_adv). */
void tcp_rcv_data(struct tcp_pcb *p, const struct tcp_seg *s)
{
	if (tcp_ring_write(&p->rring, s->seq, s->data, s->len) < 0)
		return;                            /* no memory: as if lost */
	if (s->seq != p->rcv_nxt) {
		tcp_stats.ooo_segs++;
		ooo_add(p, s->seq, s->seq + s->len);
		p->flags |= TF_ACK_NOW;            /* a duplicate ACK: fast retransmit */
		return;
	}
	int holes = p->nooo != 0;
	p->rcv_nxt += s->len;
	ooo_pull(p);
	/* ACK at once when a hole was filled or for every second segment
	 * (RFC 1122, 5681); else within TCP_DELACK_MS. */
	if (holes || ++p->unacked_segs >= 2) {
		p->flags |= TF_ACK_NOW;
	} else if (!p->t_delack) {
		p->t_delack = net_now_ms() + TCP_DELACK_MS;
		tcp_timer_note(p->t_delack);
	}
	tcp_wake(p);
}

/* The peer's FIN, in sequence. */
void tcp_rcv_fin(struct tcp_pcb *p)
{
	p->rcv_nxt++;
	p->flags |= TF_FIN_RCVD | TF_ACK_NOW;
	switch (p->state) {
	case TCPS_SYN_RECV:
	case TCPS_ESTABLISHED:
		tcp_set_state(p, TCPS_CLOSE_WAIT);
		break;
	case TCPS_FIN_WAIT1:
		tcp_set_state(p, TCPS_CLOSING);
		break;
	case TCPS_FIN_WAIT2:
		tcp_send_ack(p);
		tcp_enter_time_wait(p);
		break;
	default:
		break;
	}
}
