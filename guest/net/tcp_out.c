/*
 * guest/net/tcp_out.c - segments out: what a connection may send now
 * (window, congestion window, Nagle, FIN), the SYN and its MSS option,
 * pure ACKs and window probes, single retransmissions and resets.  Every
 * segment is built in one buffer and handed to ip_output at once (IP
 * copies or sends it before returning; tcp_input is never nested here).
 */
#include "net/tcp_int.h"
#include "lib/klib.h"

static uint8_t obuf[TCP_HDR + 4 + TCP_MSS_MAX];

static void put16(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v);
}

/* Fill the header at obuf for src:sport -> dst:dport, checksum the whole
 * segment (hlen + dlen bytes) and send it. */
static void emit(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		 uint32_t seq, uint32_t ack, uint8_t flags, uint32_t win,
		 uint32_t hlen, uint32_t dlen)
{
	put16(obuf, sport);
	put16(obuf + 2, dport);
	put32(obuf + 4, seq);
	put32(obuf + 8, (flags & TH_ACK) ? ack : 0);
	obuf[12] = (uint8_t)((hlen / 4) << 4);
	obuf[13] = flags;
	put16(obuf + 14, win);
	put16(obuf + 16, 0);
	put16(obuf + 18, 0);
	put16(obuf + 16, inet_pseudo_checksum(src, dst, IPPROTO_TCP, obuf, hlen + dlen));
	tcp_stats.out_segs++;
	ip_output(src, dst, IPPROTO_TCP, obuf, hlen + dlen);
}

uint32_t tcp_flight(const struct tcp_pcb *p)
{
	return p->snd_max - p->snd_una;
}

/* One segment of p: seq, data from the send ring, flags; with the MSS
 * option on a SYN.  Sending an ACK settles any delayed one. */
static void send_seg(struct tcp_pcb *p, uint32_t seq, uint32_t len, uint8_t flags)
{
	uint32_t hlen = TCP_HDR;
	if (flags & TH_SYN) {
		obuf[20] = 2;
		obuf[21] = 4;
		put16(obuf + 22, p->mss_ours);
		hlen += 4;
	}
	if (len)
		tcp_ring_read(&p->sring, seq, obuf + hlen, len);
	uint32_t win = tcp_rcv_window(p);
	if (SEQ_GT(p->rcv_nxt + win, p->rcv_adv))
		p->rcv_adv = p->rcv_nxt + win;
	if (!(flags & TH_SYN) || p->state == TCPS_SYN_RECV)
		flags |= TH_ACK;
	emit(p->laddr, p->lport, p->raddr, p->rport, seq, p->rcv_nxt, flags, win, hlen, len);
	p->flags &= ~TF_ACK_NOW;
	p->t_delack = 0;
	p->unacked_segs = 0;
}

static void send_syn(struct tcp_pcb *p)
{
	send_seg(p, p->iss, 0, TH_SYN);
	p->snd_nxt = p->iss + 1;
	if (SEQ_GT(p->snd_nxt, p->snd_max))
		p->snd_max = p->snd_nxt;
	if (!(p->flags & TF_RTT_ON) && p->nrexmt == 0) {
		p->flags |= TF_RTT_ON;
		p->rtt_seq = p->iss;
		p->rtt_start = net_now_ms();
	}
	if (!p->t_rexmt)
		tcp_rexmt_arm(p);
}

/* Nagle (RFC 896) and sender-side silly window avoidance: hold a short
 * segment while data is unacknowledged, unless TCP_NODELAY or the peer's
 * window never gets larger than twice it. */
static int hold_short(const struct tcp_pcb *p, uint32_t len, uint32_t avail)
{
	if (len >= p->mss || (p->flags & TF_PROBE))
		return 0;
	if (SEQ_LT(p->snd_nxt, p->snd_max))
		return 0;                          /* a retransmission after RTO */
	if (len >= p->max_wnd / 2 && p->max_wnd)
		return 0;
	if (len < avail)
		return 1;                          /* window-limited: wait for more */
	return !(p->flags & TF_NODELAY) && p->snd_max != p->snd_una;
}

/* The next data/FIN segment p may send, or 0 if none: *len bytes at
 * snd_nxt, *fin set if the FIN rides on it. */
static int next_segment(struct tcp_pcb *p, uint32_t *len, int *fin)
{
	uint32_t avail = SEQ_LT(p->snd_nxt, p->snd_end) ? p->snd_end - p->snd_nxt : 0;
	uint32_t cwnd = p->cwnd;
	if (p->dupacks && p->dupacks < 3 && !(p->flags & TF_RECOVERY))
		cwnd += p->dupacks * p->mss;           /* limited transmit (RFC 3042) */
	uint32_t wnd = p->snd_wnd < cwnd ? p->snd_wnd : cwnd;
	uint32_t off = p->snd_nxt - p->snd_una;
	uint32_t usable = wnd > off ? wnd - off : 0;
	if ((p->flags & TF_PROBE) && usable == 0 && p->snd_wnd && !off)
		usable = p->snd_wnd;
	uint32_t n = avail < usable ? avail : usable;
	if (n > p->mss)
		n = p->mss;
	*fin = (p->flags & TF_FIN_QUEUED) && SEQ_LEQ(p->snd_nxt, p->snd_end) &&
	       p->snd_nxt + n == p->snd_end;
	if (n && !*fin && hold_short(p, n, avail))
		return 0;
	*len = n;
	return n || *fin;
}

static void persist_check(struct tcp_pcb *p)
{
	int pending = SEQ_LT(p->snd_nxt, p->snd_end) ||
		      ((p->flags & TF_FIN_QUEUED) && SEQ_LEQ(p->snd_nxt, p->snd_end));
	if (pending && p->snd_max == p->snd_una && !p->t_rexmt)
		tcp_persist_arm(p);
}

/* Send what p may send now: the SYN, data and FIN within the windows, or
 * an ACK it owes. */
void tcp_output(struct tcp_pcb *p)
{
	int st = p->state, sent = 0;
	if (st == TCPS_CLOSE || st == TCPS_LISTEN)
		return;
	if ((st == TCPS_SYN_SENT || st == TCPS_SYN_RECV) && p->snd_nxt == p->iss) {
		send_syn(p);
		return;
	}
	if (st != TCPS_SYN_SENT && st != TCPS_SYN_RECV && st != TCPS_TIME_WAIT) {
		uint32_t len;
		int fin;
		while (next_segment(p, &len, &fin)) {
			uint32_t seq = p->snd_nxt;
			uint8_t flags = fin ? TH_FIN : 0;
			if (len && seq + len == p->snd_end)
				flags |= TH_PSH;
			if (SEQ_LT(seq, p->snd_max))
				tcp_stats.retrans_segs++;
			else if (!(p->flags & TF_RTT_ON) && len) {
				p->flags |= TF_RTT_ON;
				p->rtt_seq = seq;
				p->rtt_start = net_now_ms();
			}
			send_seg(p, seq, len, flags);
			p->flags &= ~TF_PROBE;
			p->snd_nxt = seq + len + (fin ? 1 : 0);
			if (SEQ_GT(p->snd_nxt, p->snd_max))
				p->snd_max = p->snd_nxt;
			if (!p->t_rexmt)
				tcp_rexmt_arm(p);
			p->t_persist = 0;
			p->npersist = 0;
			sent = 1;
			if (fin)
				break;
		}
		p->flags &= ~TF_PROBE;
		persist_check(p);
	}
	if (!sent && (p->flags & TF_ACK_NOW))
		tcp_send_ack(p);
}

void tcp_send_ack(struct tcp_pcb *p)
{
	send_seg(p, p->snd_nxt, 0, TH_ACK);
}

/* A zero-window or keepalive probe: an old sequence number the peer must
 * answer with an ACK carrying its current window. */
void tcp_send_probe(struct tcp_pcb *p)
{
	send_seg(p, p->snd_una - 1, 0, TH_ACK);
}

/* Fast retransmit and NewReno partial ACKs: resend the first unacked
 * segment now, whatever the windows say. */
void tcp_retransmit_una(struct tcp_pcb *p)
{
	uint32_t seq = p->snd_una;
	uint32_t avail = SEQ_LT(seq, p->snd_end) ? p->snd_end - seq : 0;
	uint32_t len = avail < p->mss ? avail : p->mss;
	int fin = (p->flags & TF_FIN_QUEUED) && seq + len == p->snd_end &&
		  SEQ_GT(p->snd_max, p->snd_end);
	if (!len && !fin)
		return;
	p->flags &= ~TF_RTT_ON;                    /* Karn: no sample from it */
	tcp_stats.retrans_segs++;
	send_seg(p, seq, len, (uint8_t)(fin ? TH_FIN : 0));
}

/* A reset for a segment that has no connection (or is refused). */
void tcp_send_rst(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		  uint32_t seq, uint32_t ack, int with_ack)
{
	tcp_stats.out_rsts++;
	emit(src, sport, dst, dport, seq, ack, (uint8_t)(TH_RST | (with_ack ? TH_ACK : 0)),
	     0, TCP_HDR, 0);
}

/* Abort p toward its peer: RST|ACK at the highest sequence sent. */
void tcp_reset_peer(struct tcp_pcb *p)
{
	tcp_send_rst(p->laddr, p->lport, p->raddr, p->rport, p->snd_max, p->rcv_nxt, 1);
}
