/*
 * guest/net/tcp_int.h - TCP's private parts, shared by the tcp*.c files
 * (and the host unit test, which looks at states and counters): the
 * connection block, the constants, sequence arithmetic and the functions
 * one tcp*.c file offers another.  The socket layer sees only tcp.h.
 */
#ifndef GUEST_NET_TCP_INT_H
#define GUEST_NET_TCP_INT_H

#include <stdint.h>
#include "net/tcp.h"
#include "net/net_linux.h"

/* The keepalive options net_linux.h does not name (Linux's numbers). */
#ifndef TCP_KEEPIDLE
#define TCP_KEEPIDLE  4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT   6
#endif

/* Linux's state numbers (/proc/net/tcp) */
enum {
	TCPS_ESTABLISHED = 1, TCPS_SYN_SENT, TCPS_SYN_RECV, TCPS_FIN_WAIT1,
	TCPS_FIN_WAIT2, TCPS_TIME_WAIT, TCPS_CLOSE, TCPS_CLOSE_WAIT,
	TCPS_LAST_ACK, TCPS_LISTEN, TCPS_CLOSING
};

/* Header flags */
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20

#define TCP_HDR      20
#define TCP_RING     65536u             /* bytes of each ring (power of two) */
#define TCP_RING_PAGES (TCP_RING / 4096)
#define TCP_BUF_MIN  2048u              /* smallest SO_SNDBUF/SO_RCVBUF */
#define TCP_WIN_MAX  65535u             /* no window scaling */
#define TCP_MSS_DEFAULT 536u            /* peer sent no MSS option (RFC 879) */
#define TCP_MSS_MIN  64u
#define TCP_MSS_MAX  16000u             /* bounds the one output buffer */
#define TCP_OOO_MAX  8                  /* out-of-order ranges kept */
#define TCP_MAX_PCBS 4096               /* all connections, listeners included */
#define TCP_RTO_INIT 1000u              /* ms, RFC 6298 */
#define TCP_RTO_MIN  200u               /* ms, Linux's bounds */
#define TCP_RTO_MAX  60000u
#define TCP_SYN_RETRIES   6
#define TCP_DATA_RETRIES 15
#define TCP_DELACK_MS    40u
#define TCP_MSL_MS    30000u            /* TIME_WAIT lasts 2 * MSL */
#define TCP_FIN_TIMEOUT_MS 60000u       /* an orphan's FIN_WAIT2 */
#define TCP_KEEP_IDLE_DEF  7200
#define TCP_KEEP_INTVL_DEF   75
#define TCP_KEEP_CNT_DEF   9
#define TCP_EPHEMERAL_LO 32768u         /* Linux's ip_local_port_range */
#define TCP_EPHEMERAL_HI 60999u

/* Sequence numbers compare modulo 2^32. */
#define SEQ_LT(a, b)  ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)  SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* A byte ring indexed by sequence number modulo its size; pages are
 * allocated when first written and freed with the connection. */
struct tcp_ring {
	uint8_t *page[TCP_RING_PAGES];
};

struct tcp_range { uint32_t start, end; };     /* [start, end) */

/* The pcb's flags */
#define TF_NODELAY   0x0001
#define TF_REUSE     0x0002
#define TF_KEEPALIVE 0x0004
#define TF_ORPHAN    0x0008             /* the socket closed; TCP frees it */
#define TF_FIN_QUEUED 0x0010            /* SHUT_WR: FIN after the queued data */
#define TF_FIN_RCVD  0x0020             /* the peer's FIN is in sequence */
#define TF_RD_SHUT   0x0040
#define TF_ACK_NOW   0x0080
#define TF_RTT_ON    0x0100             /* one segment is being timed */
#define TF_RECOVERY  0x0200             /* NewReno fast recovery */
#define TF_ACCEPTQ   0x0400             /* established, waiting in accept */
#define TF_LINGER    0x0800
#define TF_WAS_CONN  0x1000             /* was synchronized once */
#define TF_PROBE     0x2000             /* send a window/keepalive probe */

struct tcp_pcb {
	struct tcp_pcb *next;               /* the global list */
	int state;
	uint32_t flags;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	int error;                          /* pending -errno, 0 if none */

	/* send side (RFC 793 names) */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2;
	uint32_t snd_end;                   /* one past the last queued byte */
	uint32_t max_wnd;                   /* largest window the peer offered */
	uint32_t sndbuf, mss, mss_ours;
	struct tcp_ring sring;

	/* receive side */
	uint32_t irs, rcv_nxt, rcv_user, rcv_adv;
	uint32_t rcvbuf;
	struct tcp_ring rring;
	struct tcp_range ooo[TCP_OOO_MAX];
	uint32_t nooo;
	uint32_t unacked_segs;              /* in-order segments not yet ACKed */

	/* congestion control and RTT */
	uint32_t cwnd, ssthresh, recover, dupacks;
	uint32_t srtt8, rttvar4, rto;       /* ms; srtt * 8, rttvar * 4 */
	uint32_t rtt_seq;
	uint64_t rtt_start;

	/* timers: absolute ms, 0 = off */
	uint64_t t_rexmt, t_persist, t_delack, t_2msl, t_keep;
	uint32_t nrexmt, npersist, nkeep;
	uint32_t persist_ms;
	uint64_t last_rx;
	uint32_t keepidle, keepintvl, keepcnt;
	int linger;

	/* listeners and their children */
	struct tcp_pcb *parent;
	int backlog;
	uint32_t nsyn, naccept;             /* a listener's queues */
	uint32_t accept_order;
};

/* Counters for tests and /proc/net/snmp. */
struct tcp_stats {
	uint32_t active_opens, passive_opens, attempt_fails, estab_resets;
	uint32_t in_segs, out_segs, retrans_segs, in_errs, out_rsts;
	uint32_t fast_retrans, timeouts, syn_dropped, persist_probes;
	uint32_t dup_acks, ooo_segs, keep_probes;
	uint32_t delacks, ticks;            /* delayed ACKs sent, tcp_tick runs */
};
extern struct tcp_stats tcp_stats;

/* A parsed incoming segment */
struct tcp_seg {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack, len;             /* len: data bytes */
	uint16_t win;
	uint8_t flags;
	uint16_t mss;                       /* 0: no option */
	const uint8_t *data;
};

/* tcp_pcb.c: the table */
extern struct tcp_pcb *tcp_pcbs;
struct tcp_pcb *tcp_pcb_alloc(void);
void tcp_pcb_free(struct tcp_pcb *p);
struct tcp_pcb *tcp_lookup(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport);
int tcp_port_free(uint32_t addr, uint16_t port, const struct tcp_pcb *self);
int tcp_tuple_used(const struct tcp_pcb *self);
uint16_t tcp_ephemeral(const struct tcp_pcb *self);
void tcp_set_state(struct tcp_pcb *p, int state);
void tcp_wake(struct tcp_pcb *p);
void tcp_drop(struct tcp_pcb *p, int err);
void tcp_release_buffers(struct tcp_pcb *p);

/* tcp_ring.c: the buffers */
int tcp_ring_write(struct tcp_ring *r, uint32_t seq, const void *src, uint32_t n);
void tcp_ring_read(const struct tcp_ring *r, uint32_t seq, void *dst, uint32_t n);
void tcp_ring_free(struct tcp_ring *r);

/* tcp_reasm.c: the receive side's data and FIN */
uint32_t tcp_rcv_window(const struct tcp_pcb *p);
void tcp_rcv_data(struct tcp_pcb *p, const struct tcp_seg *s);
void tcp_rcv_fin(struct tcp_pcb *p);

/* tcp_out.c: segments out */
void tcp_output(struct tcp_pcb *p);
void tcp_send_ack(struct tcp_pcb *p);
void tcp_send_probe(struct tcp_pcb *p);
void tcp_retransmit_una(struct tcp_pcb *p);
void tcp_send_rst(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		  uint32_t seq, uint32_t ack, int with_ack);
void tcp_reset_peer(struct tcp_pcb *p);
uint32_t tcp_flight(const struct tcp_pcb *p);

/* tcp_in.c / tcp_ack.c: segments in */
int tcp_input_ack(struct tcp_pcb *p, const struct tcp_seg *s);
int tcp_parse(uint32_t src, uint32_t dst, const uint8_t *seg, uint32_t len,
	      struct tcp_seg *s);

/* tcp_listen.c: passive opens */
void tcp_listen_input(struct tcp_pcb *l, const struct tcp_seg *s);
int tcp_child_established(struct tcp_pcb *c);
void tcp_child_gone(struct tcp_pcb *c);
void tcp_listener_close(struct tcp_pcb *l);

/* tcp_timer.c: RTT and the timers */
void tcp_rtt_sample(struct tcp_pcb *p, uint32_t ms);
void tcp_rexmt_arm(struct tcp_pcb *p);
/* A timer was set to expire at when (ms): tcp_deadline moves no later. */
void tcp_timer_note(uint64_t when);
void tcp_persist_arm(struct tcp_pcb *p);
void tcp_enter_time_wait(struct tcp_pcb *p);
void tcp_keep_arm(struct tcp_pcb *p);

/* tcp_cc.c: congestion control */
void tcp_cc_init(struct tcp_pcb *p);
void tcp_cc_ack(struct tcp_pcb *p, uint32_t acked);
void tcp_cc_dupack(struct tcp_pcb *p);
void tcp_cc_timeout(struct tcp_pcb *p);

/* tcp_isn.c */
uint32_t tcp_isn(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport);


#endif /* GUEST_NET_TCP_INT_H */
