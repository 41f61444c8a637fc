/*
 * guest/net/tcp_cc.c - congestion control (RFC 5681 with NewReno fast
 * recovery, RFC 6582): slow start and congestion avoidance on new ACKs,
 * fast retransmit on the third duplicate ACK, window inflation during
 * recovery and partial ACKs, and the collapse to one segment on a timeout.
 */
#include "net/tcp_int.h"

#define CWND_MAX (4u * TCP_RING)           /* the send ring bounds it anyway */

void tcp_cc_init(struct tcp_pcb *p)
{
	uint32_t iw = 10 * p->mss;                 /* RFC 6928 */
	uint32_t cap = 2 * p->mss > 14600 ? 2 * p->mss : 14600;
	p->cwnd = iw < cap ? iw : cap;
	p->ssthresh = CWND_MAX;
	p->recover = p->iss;
	p->dupacks = 0;
	p->flags &= ~TF_RECOVERY;
}

static uint32_t half_flight(const struct tcp_pcb *p)
{
	uint32_t h = tcp_flight(p) / 2;
	return h > 2 * p->mss ? h : 2 * p->mss;
}

/* acked new bytes (snd_una already moved). */
void tcp_cc_ack(struct tcp_pcb *p, uint32_t acked)
{
	if (p->flags & TF_RECOVERY) {
		if (SEQ_GEQ(p->snd_una, p->recover)) {
			uint32_t f = tcp_flight(p) + p->mss;   /* full ACK: deflate */
			p->cwnd = p->ssthresh < f ? p->ssthresh : f;
			p->flags &= ~TF_RECOVERY;
			p->dupacks = 0;
		} else {
			tcp_retransmit_una(p);             /* partial ACK: next hole */
			p->cwnd = p->cwnd > acked ? p->cwnd - acked : 0;
			p->cwnd += p->mss;
		}
		return;
	}
	p->dupacks = 0;
	if (p->cwnd < p->ssthresh)
		p->cwnd += acked < p->mss ? acked : p->mss;
	else
		p->cwnd += p->mss * p->mss / p->cwnd ? p->mss * p->mss / p->cwnd : 1;
	if (p->cwnd > CWND_MAX)
		p->cwnd = CWND_MAX;
}

void tcp_cc_dupack(struct tcp_pcb *p)
{
	tcp_stats.dup_acks++;
	p->dupacks++;
	if (p->flags & TF_RECOVERY) {
		p->cwnd += p->mss;                 /* a segment left the network */
		tcp_output(p);
		return;
	}
	if (p->dupacks != 3 || SEQ_LT(p->snd_una, p->recover))
		return;
	p->ssthresh = half_flight(p);
	p->recover = p->snd_max;
	p->flags |= TF_RECOVERY;
	tcp_stats.fast_retrans++;
	tcp_retransmit_una(p);
	p->cwnd = p->ssthresh + 3 * p->mss;
	tcp_rexmt_arm(p);
}

void tcp_cc_timeout(struct tcp_pcb *p)
{
	p->ssthresh = half_flight(p);
	p->cwnd = p->mss;
	p->flags &= ~TF_RECOVERY;
	p->dupacks = 0;
	p->recover = p->snd_max;
}
