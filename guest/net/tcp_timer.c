/*
 * guest/net/tcp_timer.c - RTT estimation and every timer of a connection:
 * retransmission (Jacobson/Karels RTO, RFC 6298, 200 ms .. 60 s, doubled
 * on each timeout), delayed ACK, persist (zero-window probes), keepalive,
 * TIME_WAIT and an orphan's FIN_WAIT2.  Deadlines are absolute
 * milliseconds of net_now_ms(); tcp_tick runs the expired ones.
 */
#include "net/tcp_int.h"

/* No timer of any pcb expires before this (ms; 0: none).  Arming a timer
 * lowers it; tcp_tick recomputes it exactly.  So the stack wakes at the
 * deadlines it has, not on a periodic tick: a guest waiting for its peer
 * is not woken every few milliseconds to find nothing due. */
static uint64_t next_due;

void tcp_timer_note(uint64_t when)
{
	if (when && (!next_due || when < next_due))
		next_due = when;
}

uint64_t tcp_deadline(void)
{
	return next_due;
}

static uint32_t clamp_rto(uint64_t ms)
{
	return ms < TCP_RTO_MIN ? TCP_RTO_MIN : ms > TCP_RTO_MAX ? TCP_RTO_MAX : (uint32_t)ms;
}

/* A round-trip sample of ms from a segment never retransmitted (Karn). */
void tcp_rtt_sample(struct tcp_pcb *p, uint32_t ms)
{
	if (!p->srtt8) {
		p->srtt8 = ms ? ms * 8 : 1;
		p->rttvar4 = ms * 2;               /* rttvar = R / 2 */
	} else {
		int32_t delta = (int32_t)ms - (int32_t)(p->srtt8 >> 3);
		int32_t srtt8 = (int32_t)p->srtt8 + delta;       /* srtt += delta / 8 */
		p->srtt8 = srtt8 > 0 ? (uint32_t)srtt8 : 1;
		int32_t mag = delta < 0 ? -delta : delta;
		int32_t var4 = (int32_t)p->rttvar4 + mag - (int32_t)(p->rttvar4 >> 2);
		p->rttvar4 = var4 > 0 ? (uint32_t)var4 : 0;      /* rttvar += (|d| - rttvar) / 4 */
	}
	uint32_t var = p->rttvar4 > TCP_TICK_MS ? p->rttvar4 : TCP_TICK_MS;
	p->rto = clamp_rto((uint64_t)(p->srtt8 >> 3) + var);
}

void tcp_rexmt_arm(struct tcp_pcb *p)
{
	p->t_rexmt = net_now_ms() + p->rto;
	tcp_timer_note(p->t_rexmt);
}

/* The persist interval backs off like the RTO, within the same bounds. */
void tcp_persist_arm(struct tcp_pcb *p)
{
	if (p->t_persist)
		return;
	uint32_t shift = p->npersist < 10 ? p->npersist : 10;
	p->t_persist = net_now_ms() + clamp_rto((uint64_t)p->rto << shift);
	tcp_timer_note(p->t_persist);
}

void tcp_enter_time_wait(struct tcp_pcb *p)
{
	if (p->state != TCPS_TIME_WAIT)
		tcp_set_state(p, TCPS_TIME_WAIT);
	p->t_2msl = net_now_ms() + 2 * TCP_MSL_MS;
	tcp_timer_note(p->t_2msl);
}

void tcp_keep_arm(struct tcp_pcb *p)
{
	p->nkeep = 0;
	int synced = p->state == TCPS_ESTABLISHED || p->state == TCPS_CLOSE_WAIT;
	p->t_keep = (p->flags & TF_KEEPALIVE) && synced ?
		    net_now_ms() + (uint64_t)p->keepidle * 1000 : 0;
	tcp_timer_note(p->t_keep);
}

/* The retransmission timer expired: back off, collapse the congestion
 * window and go back to the first unacknowledged byte. */
static void rexmt_expired(struct tcp_pcb *p)
{
	int syn = p->state == TCPS_SYN_SENT || p->state == TCPS_SYN_RECV;
	if (++p->nrexmt > (syn ? TCP_SYN_RETRIES : TCP_DATA_RETRIES)) {
		if (p->state == TCPS_SYN_SENT)
			tcp_stats.attempt_fails++;
		tcp_drop(p, -ETIMEDOUT);
		return;
	}
	tcp_stats.timeouts++;
	p->rto = clamp_rto((uint64_t)p->rto * 2);
	p->flags &= ~TF_RTT_ON;                    /* Karn */
	tcp_cc_timeout(p);
	p->snd_nxt = p->snd_una;
	tcp_rexmt_arm(p);
	tcp_output(p);
}

static void persist_expired(struct tcp_pcb *p)
{
	p->t_persist = 0;
	if (p->npersist < 16)
		p->npersist++;
	tcp_stats.persist_probes++;
	if (p->snd_wnd == 0) {
		tcp_send_probe(p);
		tcp_persist_arm(p);
	} else {
		p->flags |= TF_PROBE;              /* send what the small window takes */
		tcp_output(p);
	}
}

/* 1 if the peer is declared dead (p may be freed). */
static int keep_expired(struct tcp_pcb *p)
{
	if (p->nkeep >= p->keepcnt) {
		tcp_reset_peer(p);
		tcp_drop(p, -ETIMEDOUT);
		return 1;
	}
	p->nkeep++;
	tcp_stats.keep_probes++;
	tcp_send_probe(p);
	p->t_keep = net_now_ms() + (uint64_t)p->keepintvl * 1000;
	tcp_timer_note(p->t_keep);
	return 0;
}

/* Run p's expired timers; p may be freed. */
static void tick_one(struct tcp_pcb *p, uint64_t now)
{
	if (p->t_2msl && now >= p->t_2msl) {
		p->t_2msl = 0;
		if (p->state == TCPS_TIME_WAIT || p->state == TCPS_FIN_WAIT2) {
			tcp_set_state(p, TCPS_CLOSE);
			return;
		}
	}
	if (p->t_delack && now >= p->t_delack) {
		p->t_delack = 0;
		tcp_stats.delacks++;
		p->flags |= TF_ACK_NOW;
		tcp_output(p);
	}
	if (p->t_persist && now >= p->t_persist)
		persist_expired(p);
	if (p->t_keep && now >= p->t_keep && keep_expired(p))
		return;
	if (p->t_rexmt && now >= p->t_rexmt) {
		p->t_rexmt = 0;
		rexmt_expired(p);
	}
}

void tcp_tick(uint64_t now_ms)
{
	struct tcp_pcb *p = tcp_pcbs;

	tcp_stats.ticks++;
	while (p) {
		struct tcp_pcb *next = p->next;
		tick_one(p, now_ms);
		p = next;
	}
	next_due = 0;
	for (p = tcp_pcbs; p; p = p->next) {
		tcp_timer_note(p->t_rexmt);
		tcp_timer_note(p->t_persist);
		tcp_timer_note(p->t_delack);
		tcp_timer_note(p->t_2msl);
		tcp_timer_note(p->t_keep);
	}
}

int tcp_active(void)
{
	for (struct tcp_pcb *p = tcp_pcbs; p; p = p->next)
		if (p->t_rexmt || p->t_persist || p->t_delack || p->t_2msl || p->t_keep)
			return 1;
	return 0;
}
