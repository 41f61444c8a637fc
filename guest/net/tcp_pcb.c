/*
 * guest/net/tcp_pcb.c - the table of TCP connections: allocation and
 * freeing, demultiplexing an arriving segment to its connection or
 * listener, the port rules of bind (SO_REUSEADDR, ephemeral ports) and the
 * state changes every other file goes through (they wake the socket).
 */
#include "net/tcp_int.h"
#include "kern/kmalloc.h"
#include "fs/vfs.h"

struct tcp_pcb *tcp_pcbs;
struct tcp_stats tcp_stats;
static uint32_t npcbs;
static uint16_t next_ephemeral;

void tcp_init(void)
{
	while (tcp_pcbs)
		tcp_pcb_free(tcp_pcbs);
	tcp_stats = (struct tcp_stats){ 0 };
	next_ephemeral = 0;
}

/* A zeroed CLOSED pcb on the list, or null: the table is bounded so that
 * a peer's SYNs or a program's sockets cannot take all memory. */
struct tcp_pcb *tcp_pcb_alloc(void)
{
	if (npcbs >= TCP_MAX_PCBS)
		return 0;
	struct tcp_pcb *p = kmalloc(sizeof *p);
	if (!p)
		return 0;
	p->state = TCPS_CLOSE;
	p->sndbuf = TCP_RING;
	p->rcvbuf = TCP_RING - 1;
	p->rto = TCP_RTO_INIT;
	p->keepidle = TCP_KEEP_IDLE_DEF;
	p->keepintvl = TCP_KEEP_INTVL_DEF;
	p->keepcnt = TCP_KEEP_CNT_DEF;
	p->linger = -1;
	p->next = tcp_pcbs;
	tcp_pcbs = p;
	npcbs++;
	return p;
}

void tcp_release_buffers(struct tcp_pcb *p)
{
	tcp_ring_free(&p->sring);
	tcp_ring_free(&p->rring);
}

void tcp_pcb_free(struct tcp_pcb *p)
{
	for (struct tcp_pcb **pp = &tcp_pcbs; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			npcbs--;
			break;
		}
	}
	if (p->parent)
		tcp_child_gone(p);
	tcp_release_buffers(p);
	kfree(p);
}

void tcp_wake(struct tcp_pcb *p)
{
	if (p->flags & TF_ORPHAN)
		return;
	proc_wakeup(p->parent ? (void *)p->parent : (void *)p);
	if (p->parent)
		proc_wakeup(p);
	proc_wakeup(poll_channel());
}

/* Every state change goes through here: sockets sleeping on the pcb see
 * it, and a connection that reaches CLOSED without a socket is freed. */
void tcp_set_state(struct tcp_pcb *p, int state)
{
	p->state = state;
	if (state == TCPS_ESTABLISHED)
		p->flags |= TF_WAS_CONN;
	if (state == TCPS_CLOSE || state == TCPS_TIME_WAIT) {
		p->t_rexmt = p->t_persist = p->t_delack = p->t_keep = 0;
		tcp_ring_free(&p->sring);          /* all acknowledged or moot */
		if (state == TCPS_CLOSE || (p->flags & TF_ORPHAN))
			tcp_ring_free(&p->rring);  /* unread data stays for the reader */
	}
	tcp_wake(p);
	if (state == TCPS_CLOSE && ((p->flags & TF_ORPHAN) || p->parent))
		tcp_pcb_free(p);
}

/* The connection ends with err (-ECONNRESET, -ETIMEDOUT ...). */
void tcp_drop(struct tcp_pcb *p, int err)
{
	if (!(p->flags & TF_ORPHAN))
		p->error = err;
	tcp_set_state(p, TCPS_CLOSE);
}

/* The connection a segment src:sport -> dst:dport belongs to: the exact
 * four-tuple first, then a listener on the port (its address or any). */
struct tcp_pcb *tcp_lookup(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport)
{
	struct tcp_pcb *any = 0;
	for (struct tcp_pcb *p = tcp_pcbs; p; p = p->next) {
		if (p->lport != dport || p->state == TCPS_CLOSE)
			continue;
		if (p->state == TCPS_LISTEN) {
			if (p->laddr == dst || (!p->laddr && !any))
				any = p;
		} else if (p->rport == sport && p->raddr == src && p->laddr == dst) {
			return p;
		}
	}
	return any;
}

static int overlaps(uint32_t a, uint32_t b)
{
	return a == 0 || b == 0 || a == b;
}

/* 1 if self may bind addr:port.  Linux's rule: a port is shared only
 * when the new socket has SO_REUSEADDR and the holder is not listening and
 * either has it too or is in TIME_WAIT. */
int tcp_port_free(uint32_t addr, uint16_t port, const struct tcp_pcb *self)
{
	for (const struct tcp_pcb *p = tcp_pcbs; p; p = p->next) {
		if (p == self || p->lport != port || !overlaps(p->laddr, addr))
			continue;
		int shared = (self->flags & TF_REUSE) && p->state != TCPS_LISTEN &&
			     ((p->flags & TF_REUSE) || p->state == TCPS_TIME_WAIT);
		if (!shared)
			return 0;
	}
	return 1;
}

/* 1 if another pcb already has self's four-tuple (a connect from a shared
 * port to the same peer). */
int tcp_tuple_used(const struct tcp_pcb *self)
{
	for (const struct tcp_pcb *p = tcp_pcbs; p; p = p->next)
		if (p != self && p->lport == self->lport && p->rport == self->rport &&
		    p->raddr == self->raddr && p->laddr == self->laddr &&
		    p->state != TCPS_LISTEN)
			return 1;
	return 0;
}

/* A free port from Linux's ephemeral range, or 0 if all are taken. */
uint16_t tcp_ephemeral(const struct tcp_pcb *self)
{
	uint32_t span = TCP_EPHEMERAL_HI - TCP_EPHEMERAL_LO + 1;
	for (uint32_t i = 0; i < span; i++) {
		uint16_t port = (uint16_t)(TCP_EPHEMERAL_LO + (next_ephemeral + i) % span);
		int used = 0;
		for (const struct tcp_pcb *p = tcp_pcbs; p && !used; p = p->next)
			used = p != self && p->lport == port;
		if (!used) {
			next_ephemeral = (uint16_t)((next_ephemeral + i + 1) % span);
			return port;
		}
	}
	return 0;
}
