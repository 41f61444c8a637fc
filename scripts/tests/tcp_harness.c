/*
 * tcp_harness.c - the guest's TCP (guest/net/tcp*.c) as a 32-bit Linux
 * program, for scripts/tests/test_tcp.py.
 *
 * Freestanding like the guest (no libc: Linux through int $0x80).  Two
 * hosts, A = 10.0.0.1 and B = 10.0.0.2, share the one TCP module (its
 * connection table holds both ends, told apart by address) and talk
 * through a simulated link of this file: every segment ip_output sends is
 * queued with a delay and may be lost, duplicated, reordered or singled
 * out by a scenario's filter, all drawn from a seeded PRNG, and time is a
 * fake millisecond clock the loop advances - so every run is exactly
 * repeatable.  Memory is a pool of pages whose use is counted, so a
 * scenario can check that everything came back.
 *
 * Input: one line, "scenario seed [numbers...]".  Output: "key=value"
 * lines, then "ok" or "fail <why>".
 */
#include <stdarg.h>
#include "net/tcp_int.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define A 0x0a000001u
#define B 0x0a000002u

/* ---- Linux ---- */
static int sys3(int n, int a, int b, int c)
{
	int r;
	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n] = '\n';
	sys3(4, 1, (int)buf, n + 1);
}

static __attribute__((noreturn)) void finish(int ok, const char *why)
{
	if (ok)
		say("ok");
	else
		say("fail %s", why);
	sys3(1, ok ? 0 : 1, 0, 0);
	for (;;)
		;
}

#define CHECK(c) do { if (!(c)) finish(0, #c " @" __FILE__ ":" STR(__LINE__)); } while (0)
#define STR(x) STR2(x)
#define STR2(x) #x

void panic(const char *fmt, ...)
{
	finish(0, fmt);
}

/* ---- the seeded PRNG (xorshift32) ---- */
static uint32_t rng = 1;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

uint32_t random_u32(void)
{
	return rnd();
}

/* ---- memory: a counted pool of pages ---- */
#define POOL_PAGES 6144
static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static uint16_t free_idx[POOL_PAGES];
static uint32_t nfree, pages_used, pool_ready;

void *kpage_alloc(void)
{
	if (!pool_ready) {
		for (uint32_t i = 0; i < POOL_PAGES; i++)
			free_idx[i] = (uint16_t)(POOL_PAGES - 1 - i);
		nfree = POOL_PAGES;
		pool_ready = 1;
	}
	if (!nfree)
		return 0;
	uint8_t *p = pool[free_idx[--nfree]];
	memset(p, 0, 4096);
	pages_used++;
	return p;
}

void kpage_free(void *page)
{
	uint32_t i = (uint32_t)((uint8_t (*)[4096])page - pool);
	if (i >= POOL_PAGES)
		finish(0, "kpage_free: not a pool page");
	free_idx[nfree++] = (uint16_t)i;
	pages_used--;
}

void *kmalloc(uint32_t n)
{
	return n <= 4096 ? kpage_alloc() : 0;
}

void kfree(void *p)
{
	if (p)
		kpage_free(p);
}

/* ---- the process core's wake-ups ---- */
static uint32_t wakeups;
static int poll_chan;

void proc_wakeup(void *chan)
{
	(void)chan;
	wakeups++;
}

void *poll_channel(void)
{
	return &poll_chan;
}

/* ---- IP: routes, checksum, clock ---- */
static uint64_t now;

uint64_t net_now_ms(void)
{
	return now;
}

uint32_t ip_route_source(uint32_t dst)
{
	return dst == A ? B : dst == B ? A : 0;
}

static uint32_t mss_a = 1460, mss_b = 1460;

uint32_t ip_route_mss(uint32_t dst)
{
	return dst == B ? mss_a : mss_b;       /* the sender's side decides */
}

uint16_t inet_pseudo_checksum(uint32_t src, uint32_t dst, uint8_t proto,
			      const void *data, uint32_t len)
{
	const uint8_t *d = data;
	uint32_t sum = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + len;
	for (uint32_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)d[i] << 8 | d[i + 1];
	if (len & 1)
		sum += (uint32_t)d[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* ---- the link ---- */
#define QMAX 4096
#define PMAX (TCP_HDR + 4 + 1500)
struct pkt {
	uint32_t src, dst, len, id;
	uint64_t at;
	uint8_t data[PMAX];
};
static struct pkt q[QMAX];
static uint32_t nq, pkt_ids;
static uint32_t loss_pm, dup_pm, delay_ms = 5, jitter_ms;  /* per mille, ms */
static int partition;                  /* 1: everything is lost */
/* A scenario's filter: 1 to drop this segment. */
static int (*filter)(uint32_t src, const uint8_t *seg, uint32_t len);
static uint32_t sent_segs, sent_data_segs[2], sent_bytes;

static void enqueue(uint32_t src, uint32_t dst, const void *seg, uint32_t len)
{
	if (nq == QMAX)
		return;                        /* a full queue drops, like a router */
	struct pkt *k = &q[nq++];
	k->src = src;
	k->dst = dst;
	k->len = len;
	k->id = pkt_ids++;
	k->at = now + delay_ms + (jitter_ms ? rnd() % (jitter_ms + 1) : 0);
	memcpy(k->data, seg, len);
}

int ip_output(uint32_t src, uint32_t dst, uint8_t proto, const void *payload, uint32_t len)
{
	const uint8_t *seg = payload;
	CHECK(proto == 6 && len >= TCP_HDR && len <= PMAX);
	CHECK(inet_pseudo_checksum(src, dst, proto, payload, len) == 0);
	sent_segs++;
	uint32_t hlen = (uint32_t)(seg[12] >> 4) * 4;
	if (len > hlen) {
		sent_data_segs[src == B]++;
		sent_bytes += len - hlen;
	}
	if (partition || (filter && filter(src, seg, len)))
		return 0;
	if (loss_pm && rnd() % 1000 < loss_pm)
		return 0;
	enqueue(src, dst, seg, len);
	if (dup_pm && rnd() % 1000 < dup_pm)
		enqueue(src, dst, seg, len);
	return 0;
}

/* Deliver every segment due by now, earliest first. */
static void deliver(void)
{
	for (;;) {
		int best = -1;
		for (uint32_t i = 0; i < nq; i++)
			if (q[i].at <= now && (best < 0 || q[i].at < q[best].at ||
					       (q[i].at == q[best].at && q[i].id < q[best].id)))
				best = (int)i;
		if (best < 0)
			return;
		static struct pkt k;
		k = q[best];
		q[best] = q[--nq];
		tcp_input(k.src, k.dst, k.data, k.len);
	}
}

/* One millisecond of the world; app() runs after the network. */
static void (*app)(void);

static void step(void)
{
	now++;
	deliver();
	if (now % TCP_TICK_MS == 0)
		tcp_tick(now);
	if (app)
		app();
}

static void run_ms(uint32_t ms)
{
	while (ms--)
		step();
}

/* Run until done() or limit ms; 1 if done. */
static int run_until(int (*done)(void), uint32_t limit)
{
	for (uint32_t i = 0; i < limit; i++) {
		if (done())
			return 1;
		step();
	}
	return done();
}

/* ---- connections ---- */
static struct tcp_pcb *listener, *cli, *srv;

static void open_pair(uint16_t port, int backlog)
{
	listener = tcp_new();
	CHECK(listener);
	CHECK(tcp_bind(listener, B, port) == 0);
	CHECK(tcp_listen(listener, backlog) == 0);
	cli = tcp_new();
	CHECK(cli);
	CHECK(tcp_connect(cli, B, port) == 0);
	CHECK(tcp_state(cli) == TCPS_SYN_SENT);
	srv = 0;
	for (uint32_t i = 0; i < 200000 && !srv; i++) {
		step();
		srv = tcp_accept(listener);
	}
	CHECK(srv);
	for (uint32_t i = 0; i < 200000 && tcp_state(cli) != TCPS_ESTABLISHED; i++)
		step();
	CHECK(tcp_state(cli) == TCPS_ESTABLISHED);
	CHECK(tcp_state(srv) == TCPS_ESTABLISHED);
	CHECK(tcp_poll(cli) & POLLOUT);
}

/* All pcbs gone and every page back: nothing leaked. */
static int table_empty(void)
{
	return tcp_pcbs == 0;
}

static void expect_all_freed(void)
{
	app = 0;
	CHECK(run_until(table_empty, 4 * TCP_MSL_MS));
	CHECK(pages_used == 0);
}

static void print_stats(void)
{
	say("retrans=%u fast_retrans=%u timeouts=%u dup_acks=%u ooo=%u persist=%u",
	    tcp_stats.retrans_segs, tcp_stats.fast_retrans, tcp_stats.timeouts,
	    tcp_stats.dup_acks, tcp_stats.ooo_segs, tcp_stats.persist_probes);
	say("in_errs=%u out_rsts=%u syn_dropped=%u segs=%u now=%u",
	    tcp_stats.in_errs, tcp_stats.out_rsts, tcp_stats.syn_dropped, sent_segs,
	    (uint32_t)now);
}

/* ---- the byte stream of bulk transfers ---- */
static uint8_t stream_byte(uint32_t i)
{
	uint32_t x = (i + 0x9e3779b9u) * 2654435761u;
	return (uint8_t)(x >> 24 ^ x >> 11);
}

static uint32_t fnv(uint32_t h, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static struct tcp_pcb *tx, *rx;
static uint32_t total, txd, rxd, tx_sum = 2166136261u, rx_sum = 2166136261u;
static int rx_eof, rx_bad, rx_paused, tx_closed;
static uint32_t rx_chunk = 65536;

static void bulk_app(void)
{
	static uint8_t buf[8192];
	while (tx && txd < total) {
		uint32_t n = total - txd < sizeof buf ? total - txd : sizeof buf;
		for (uint32_t i = 0; i < n; i++)
			buf[i] = stream_byte(txd + i);
		int r = tcp_send(tx, buf, n);
		if (r == -EAGAIN)
			break;
		CHECK(r > 0);
		tx_sum = fnv(tx_sum, buf, (uint32_t)r);
		txd += (uint32_t)r;
	}
	if (tx && txd == total && !tx_closed) {
		tcp_close(tx);
		tx_closed = 1;
	}
	uint32_t budget = rx_chunk;
	while (rx && !rx_eof && !rx_paused && budget) {
		uint32_t want = budget < sizeof buf ? budget : sizeof buf;
		int r = tcp_recv(rx, buf, want, 0);
		if (r == -EAGAIN)
			break;
		CHECK(r >= 0);
		if (r == 0) {
			rx_eof = 1;
			break;
		}
		for (int i = 0; i < r; i++)
			rx_bad |= buf[i] != stream_byte(rxd + (uint32_t)i);
		rx_sum = fnv(rx_sum, buf, (uint32_t)r);
		rxd += (uint32_t)r;
		budget -= (uint32_t)r;
	}
}

static int bulk_done(void)
{
	return rx_eof;
}

/* A sends total bytes to B, closes; B reads to the end and checks. */
static void bulk(uint32_t bytes, uint32_t limit_ms)
{
	tx = cli;
	rx = srv;
	total = bytes;
	app = bulk_app;
	CHECK(run_until(bulk_done, limit_ms));
	say("sent=%u received=%u tx_sum=%x rx_sum=%x", txd, rxd, tx_sum, rx_sum);
	CHECK(rxd == total && !rx_bad && rx_sum == tx_sum);
	app = 0;
}

/* ---- scenarios ---- */
static void sc_handshake(void)
{
	open_pair(80, 4);
	uint32_t a, b;
	uint16_t pa, pb;
	tcp_local(cli, &a, &pa);
	tcp_remote(srv, &b, &pb);
	CHECK(a == A && b == A && pa == pb && pa >= TCP_EPHEMERAL_LO);
	tcp_local(srv, &a, &pa);
	CHECK(a == B && pa == 80);
	CHECK(cli->mss == 1460 && srv->mss == 1460);
	say("iss_a=%x iss_b=%x", cli->iss, srv->iss);
	tcp_close(cli);
	tcp_close(srv);
	tcp_close(listener);
	expect_all_freed();
}

static void sc_bulk(uint32_t kib, uint32_t loss, uint32_t dup, uint32_t jitter)
{
	open_pair(5001, 4);
	loss_pm = loss;
	dup_pm = dup;
	jitter_ms = jitter;
	bulk(kib * 1024, 3600u * 1000);
	tcp_close(rx);
	tcp_close(listener);
	loss_pm = dup_pm = jitter_ms = 0;
	print_stats();
	expect_all_freed();
}

/* Exactly one data segment of A's is lost: three duplicate ACKs bring
 * it back before any timeout. */
static uint32_t lose_nth, data_seen;

static int lose_one(uint32_t src, const uint8_t *seg, uint32_t len)
{
	if (src != A || len <= (uint32_t)(seg[12] >> 4) * 4)
		return 0;
	return ++data_seen == lose_nth;
}

static void sc_fastrexmt(void)
{
	open_pair(5002, 4);
	lose_nth = 30;
	filter = lose_one;
	bulk(512 * 1024, 600000);
	filter = 0;
	print_stats();
	CHECK(tcp_stats.fast_retrans >= 1);
	CHECK(tcp_stats.timeouts == 0);
	tcp_close(rx);
	tcp_close(listener);
	expect_all_freed();
}

/* B stops reading: A's window closes, the persist timer probes it (and
 * its probes survive lost window updates), then B reads everything. */
static void sc_zerowin(void)
{
	open_pair(5003, 4);
	tx = cli;
	rx = srv;
	total = 512 * 1024;
	rx_paused = 1;
	app = bulk_app;
	run_ms(3000);
	CHECK(cli->snd_wnd == 0);
	CHECK(srv->rcv_nxt - srv->rcv_user == srv->rcvbuf);
	uint32_t probes = tcp_stats.persist_probes;
	run_ms(20000);
	say("probes=%u", tcp_stats.persist_probes - probes);
	CHECK(tcp_stats.persist_probes - probes >= 3);
	CHECK(tcp_state(cli) == TCPS_ESTABLISHED);
	/* the reader wakes, but its window updates are lost: only a probe
	 * can find the open window */
	loss_pm = 0;
	partition = 0;
	rx_chunk = 8192;
	rx_paused = 0;
	CHECK(run_until(bulk_done, 600000));
	CHECK(rxd == total && !rx_bad && rx_sum == tx_sum);
	print_stats();
	tcp_close(rx);
	tcp_close(listener);
	expect_all_freed();
}

/* Lost window updates: B reads while every pure ACK of B's is lost for a
 * while; A's persist probe must find the open window. */
static int lose_b_acks(uint32_t src, const uint8_t *seg, uint32_t len)
{
	return src == B && len == (uint32_t)(seg[12] >> 4) * 4 && !(seg[13] & (TH_SYN | TH_FIN | TH_RST));
}

static void sc_lostupdate(void)
{
	open_pair(5004, 4);
	tx = cli;
	rx = srv;
	total = 256 * 1024;
	rx_paused = 1;
	app = bulk_app;
	run_ms(2000);
	CHECK(cli->snd_wnd == 0);
	filter = lose_b_acks;
	rx_paused = 0;
	rx_chunk = 0x7fffffff;
	run_ms(1);                             /* B empties its buffer */
	rx_paused = 1;
	run_ms(100);
	filter = 0;                            /* the update was lost */
	CHECK(cli->snd_wnd == 0);
	rx_paused = 0;
	uint32_t probes = tcp_stats.persist_probes;
	CHECK(run_until(bulk_done, 600000));
	CHECK(tcp_stats.persist_probes > probes);
	CHECK(rxd == total && !rx_bad);
	tcp_close(rx);
	tcp_close(listener);
	expect_all_freed();
}

static int in_table(struct tcp_pcb *p)
{
	for (struct tcp_pcb *x = tcp_pcbs; x; x = x->next)
		if (x == p)
			return 1;
	return 0;
}

/* Close orders: which side goes through TIME_WAIT. */
static void sc_close(uint32_t order)
{
	open_pair(6000, 4);
	tcp_close(listener);
	const char *seen = "";
	if (order == 0) {                      /* A half-closes, B answers, both close */
		CHECK(tcp_shutdown(cli, 1) == 0);
		CHECK(tcp_send(cli, "x", 1) == -EPIPE);
		run_ms(200);
		CHECK(tcp_state(srv) == TCPS_CLOSE_WAIT);
		CHECK(tcp_state(cli) == TCPS_FIN_WAIT2);
		char c;
		CHECK(tcp_recv(srv, &c, 1, 0) == 0);
		CHECK(tcp_poll(srv) & POLLRDHUP);
		CHECK(tcp_send(srv, "x", 1) == 1);       /* B may still send */
		run_ms(200);
		CHECK(tcp_recv(cli, &c, 1, 0) == 1 && c == 'x');
		tcp_close(srv);
		run_ms(200);
		CHECK(tcp_recv(cli, &c, 1, 0) == 0);
		CHECK(tcp_state(cli) == TCPS_TIME_WAIT);
		CHECK(!in_table(srv));
		tcp_close(cli);
		CHECK(in_table(cli));
		seen = "A:TIME_WAIT";
	} else if (order == 1) {               /* B closes first */
		tcp_shutdown(srv, 1);
		run_ms(200);
		CHECK(tcp_state(cli) == TCPS_CLOSE_WAIT);
		CHECK(tcp_state(srv) == TCPS_FIN_WAIT2);
		tcp_close(cli);
		run_ms(200);
		CHECK(tcp_state(srv) == TCPS_TIME_WAIT);
		CHECK(!in_table(cli));
		run_ms(2 * TCP_MSL_MS - 1000);
		CHECK(tcp_state(srv) == TCPS_TIME_WAIT);
		run_ms(2000);
		CHECK(tcp_state(srv) == TCPS_CLOSE);
		tcp_close(srv);
		seen = "B:TIME_WAIT";
	} else if (order == 2) {               /* both at once: CLOSING */
		tcp_close(cli);
		tcp_close(srv);
		CHECK(tcp_state(cli) == TCPS_FIN_WAIT1 && tcp_state(srv) == TCPS_FIN_WAIT1);
		run_ms(delay_ms + 1);                  /* each FIN arrived, no ACK yet */
		CHECK(tcp_state(cli) == TCPS_CLOSING || tcp_state(cli) == TCPS_TIME_WAIT);
		run_ms(200);
		CHECK(tcp_state(cli) == TCPS_TIME_WAIT && tcp_state(srv) == TCPS_TIME_WAIT);
		seen = "both:TIME_WAIT";
	} else if (order == 3) {               /* unread data: RST */
		CHECK(tcp_send(cli, "hello", 5) == 5);
		run_ms(200);
		tcp_close(srv);
		run_ms(200);
		CHECK(tcp_state(cli) == TCPS_CLOSE);
		CHECK(tcp_error(cli) == -ECONNRESET);
		CHECK(tcp_poll(cli) & POLLHUP);
		CHECK(tcp_send(cli, "x", 1) == -EPIPE);
		tcp_close(cli);
		seen = "reset";
	} else if (order == 4) {               /* abort (SO_LINGER 0) */
		tcp_abort(cli);
		run_ms(200);
		CHECK(tcp_state(srv) == TCPS_CLOSE);
		char c;
		CHECK(tcp_recv(srv, &c, 1, 0) == -ECONNRESET);
		tcp_close(srv);
		seen = "abort";
	} else if (order == 6) {               /* data for an orphan: RST */
		tcp_close(cli);
		run_ms(200);
		CHECK(tcp_state(cli) == TCPS_FIN_WAIT2);
		CHECK(tcp_send(srv, "late", 4) == 4);
		run_ms(200);
		CHECK(!in_table(cli));
		CHECK(tcp_state(srv) == TCPS_CLOSE && tcp_error(srv) == -ECONNRESET);
		tcp_close(srv);
		seen = "orphan-reset";
	} else if (order == 7) {               /* A half-closes; B sends, closes; A reads late */
		tcp_shutdown(cli, 1);
		run_ms(100);
		CHECK(tcp_state(srv) == TCPS_CLOSE_WAIT);
		tx = srv;
		rx = cli;
		total = 100 * 1024;                /* fits both buffers */
		rx_paused = 1;
		app = bulk_app;
		run_ms(5000);                      /* B orphaned, waiting for A's window */
		CHECK(tx_closed && tcp_state(srv) == TCPS_LAST_ACK);
		rx_paused = 0;
		CHECK(run_until(bulk_done, 600000));
		CHECK(rxd == total && !rx_bad && rx_sum == tx_sum);
		run_ms(1000);
		char c;
		CHECK(tcp_recv(cli, &c, 1, 0) == 0);  /* EOF, no reset */
		CHECK(tcp_state(cli) == TCPS_TIME_WAIT);
		app = 0;
		tcp_close(cli);
		seen = "late-reader";
	} else if (order == 5) {               /* closes in every order, over a lossy link */
		loss_pm = 200;
		CHECK(tcp_send(srv, "data", 4) == 4);
		tcp_shutdown(srv, 1);
		tcp_close(cli);                    /* unread "data" may or may not have arrived */
		run_ms(120000);
		tcp_close(srv);
		loss_pm = 0;
		seen = "lossy";
	}
	say("close=%s", seen);
	expect_all_freed();
}

/* A SYN to a closed port is answered by RST: connect fails. */
static void sc_refused(void)
{
	struct tcp_pcb *p = tcp_new();
	CHECK(tcp_connect(p, B, 81) == 0);
	run_ms(100);
	CHECK(tcp_state(p) == TCPS_CLOSE);
	CHECK(tcp_poll(p) & POLLERR);
	CHECK(tcp_error(p) == -ECONNREFUSED);
	CHECK(tcp_error(p) == 0);
	CHECK(tcp_stats.out_rsts == 1);
	tcp_close(p);
	/* an ACK to nowhere gets a RST whose seq is that ACK */
	expect_all_freed();
}

/* TIME_WAIT answers a retransmitted FIN and restarts; its port is taken
 * until SO_REUSEADDR. */
static int lose_a_last_ack;

static int drop_a_acks(uint32_t src, const uint8_t *seg, uint32_t len)
{
	(void)len;
	return lose_a_last_ack && src == A && seg[13] == TH_ACK;
}

static void sc_timewait(void)
{
	open_pair(6100, 4);
	tcp_close(listener);
	uint32_t a;
	uint16_t port;
	tcp_local(cli, &a, &port);
	tcp_close(cli);
	run_ms(200);
	lose_a_last_ack = 1;
	filter = drop_a_acks;
	tcp_close(srv);                        /* B: LAST_ACK, its FIN's ACK lost */
	run_ms(100);
	CHECK(tcp_state(cli) == TCPS_TIME_WAIT);
	CHECK(in_table(srv) && tcp_state(srv) == TCPS_LAST_ACK);
	lose_a_last_ack = 0;
	filter = 0;
	run_ms(5000);                          /* B retransmits its FIN: A ACKs again */
	CHECK(!in_table(srv));
	CHECK(tcp_state(cli) == TCPS_TIME_WAIT);
	struct tcp_pcb *p = tcp_new();
	CHECK(tcp_bind(p, A, port) == -EADDRINUSE);
	CHECK(tcp_setopt(p, 1, SO_REUSEADDR, 1) == 0);
	CHECK(tcp_bind(p, A, port) == 0);
	tcp_close(p);
	run_ms(2 * TCP_MSL_MS);
	CHECK(!in_table(cli));
	say("timewait=ok");
	expect_all_freed();
}

/* Backlog 2: five clients at once; only two fit, the others' SYNs are
 * dropped until accept makes room, and then they get in by retrying. */
static void sc_backlog(void)
{
	listener = tcp_new();
	CHECK(tcp_bind(listener, B, 7000) == 0);
	CHECK(tcp_listen(listener, 2) == 0);
	struct tcp_pcb *c[5];
	for (int i = 0; i < 5; i++) {
		c[i] = tcp_new();
		CHECK(tcp_connect(c[i], B, 7000) == 0);
	}
	run_ms(500);
	CHECK(listener->naccept == 2);
	CHECK(tcp_stats.syn_dropped >= 3);
	CHECK(tcp_poll(listener) & POLLIN);
	struct tcp_pcb *s[5];
	int n = 0;
	while ((s[n] = tcp_accept(listener)))
		n++;
	CHECK(n == 2);
	for (int k = 0; k < 200000 && n < 5; k++) {
		step();
		while (n < 5 && (s[n] = tcp_accept(listener)))
			n++;
	}
	CHECK(n == 5);
	for (int i = 0; i < 5; i++)
		CHECK(tcp_state(c[i]) == TCPS_ESTABLISHED);
	say("syn_dropped=%u", tcp_stats.syn_dropped);
	for (int i = 0; i < 5; i++) {
		tcp_close(c[i]);
		tcp_close(s[i]);
	}
	tcp_close(listener);
	expect_all_freed();
}

/* ---- malformed segments ---- */
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

static void seal(uint32_t src, uint32_t dst, uint8_t *seg, uint32_t len)
{
	put16(seg + 16, 0);
	put16(seg + 16, inet_pseudo_checksum(src, dst, 6, seg, len));
}

/* A header from A to B's pcb p (its four-tuple, its sequence numbers). */
static uint32_t header(uint8_t *seg, struct tcp_pcb *from, uint8_t flags)
{
	memset(seg, 0, 64);
	put16(seg, from->lport);
	put16(seg + 2, from->rport);
	put32(seg + 4, from->snd_nxt);
	put32(seg + 8, from->rcv_nxt);
	seg[12] = 5 << 4;
	seg[13] = flags;
	put16(seg + 14, 8192);
	return TCP_HDR;
}

static void sc_malformed(void)
{
	open_pair(7100, 4);
	static uint8_t seg[2048];
	uint32_t errs = tcp_stats.in_errs;
	/* too short, offsets below 20 and beyond the segment */
	for (uint32_t len = 0; len < TCP_HDR; len++) {
		header(seg, cli, TH_ACK);
		tcp_input(A, B, seg, len);
	}
	for (uint32_t off = 0; off < 16; off++) {
		header(seg, cli, TH_ACK);
		seg[12] = (uint8_t)(off << 4);
		seal(A, B, seg, 24);
		tcp_input(A, B, seg, 24);
	}
	/* a bad checksum */
	header(seg, cli, TH_ACK | TH_PSH);
	seal(A, B, seg, 30);
	seg[25] ^= 1;
	tcp_input(A, B, seg, 30);
	/* options: zero length, overlong, truncated, bad MSS length */
	static const uint8_t bad_opts[][4] = {
		{ 2, 0, 0, 0 }, { 2, 9, 1, 1 }, { 1, 1, 1, 3 }, { 2, 3, 5, 0 }, { 8, 1, 0, 0 },
	};
	for (uint32_t i = 0; i < ARRAY_SIZE(bad_opts); i++) {
		header(seg, cli, TH_ACK);
		seg[12] = 6 << 4;
		memcpy(seg + 20, bad_opts[i], 4);
		seal(A, B, seg, 24);
		tcp_input(A, B, seg, 24);
	}
	/* SYN+FIN, SYN+RST */
	header(seg, cli, TH_SYN | TH_FIN);
	seal(A, B, seg, 20);
	tcp_input(A, B, seg, 20);
	header(seg, cli, TH_SYN | TH_RST);
	seal(A, B, seg, 20);
	tcp_input(A, B, seg, 20);
	say("rejected=%u", tcp_stats.in_errs - errs);
	CHECK(tcp_stats.in_errs - errs == 20 + 14 + 1 + 5 + 2);   /* offsets 5, 6 fit */
	/* an RST off the exact sequence number does not reset (RFC 5961) */
	header(seg, cli, TH_RST);
	put32(seg + 4, cli->snd_nxt + 100);
	seal(A, B, seg, 20);
	tcp_input(A, B, seg, 20);
	CHECK(tcp_state(srv) == TCPS_ESTABLISHED);
	/* a random walk: valid headers with random fields, options and
	 * lengths, checksummed so they reach the state machine */
	for (uint32_t i = 0; i < 20000; i++) {
		struct tcp_pcb *from = rnd() & 1 ? cli : srv;
		uint32_t src = from == cli ? A : B, dst = from == cli ? B : A;
		uint32_t len = TCP_HDR + rnd() % 200;
		header(seg, from, (uint8_t)(rnd() & 0x3f & ~TH_RST));
		for (uint32_t k = 20; k < len; k++)
			seg[k] = (uint8_t)rnd();
		if (rnd() & 1)
			seg[12] = (uint8_t)((5 + rnd() % 11) << 4);
		if (rnd() % 4 == 0)
			put32(seg + 4, rnd());
		if (rnd() % 4 == 0)
			put32(seg + 8, rnd());
		if (rnd() % 8 == 0)
			put16(seg + 2, rnd() % 4 ? from->rport : rnd());
		seal(src, dst, seg, len);
		tcp_input(src, dst, seg, len);
		if (i % 64 == 0)
			step();
	}
	say("after_walk cli=%d srv=%d", cli->state, srv->state);
	/* whatever the walk did, the table is consistent and everything can
	 * be closed and freed */
	nq = 0;
	tcp_abort(cli);
	tcp_abort(srv);
	tcp_close(listener);
	print_stats();
	expect_all_freed();
}

/* Keepalive: the peer vanishes; probes go unanswered; the connection
 * ends with ETIMEDOUT after idle + cnt * intvl. */
static void sc_keepalive(void)
{
	open_pair(7200, 4);
	CHECK(tcp_setopt(cli, 1, SO_KEEPALIVE, 1) == 0);
	CHECK(tcp_setopt(cli, 6, TCP_KEEPIDLE, 10) == 0);
	CHECK(tcp_setopt(cli, 6, TCP_KEEPINTVL, 2) == 0);
	CHECK(tcp_setopt(cli, 6, TCP_KEEPCNT, 3) == 0);
	run_ms(30000);                         /* the peer answers: alive */
	CHECK(tcp_state(cli) == TCPS_ESTABLISHED);
	CHECK(tcp_stats.keep_probes >= 2);
	CHECK(tcp_send(cli, "x", 1) == 1);     /* the peer is heard from last now */
	run_ms(100);
	uint64_t t0 = cli->last_rx;
	partition = 1;
	while (tcp_state(cli) == TCPS_ESTABLISHED && now - t0 < 60000)
		step();
	say("dead_after_ms=%u", (uint32_t)(now - t0));
	CHECK(tcp_state(cli) == TCPS_CLOSE);
	CHECK(tcp_error(cli) == -ETIMEDOUT);
	/* idle 10 s, then 3 probes 2 s apart, dead 2 s after the last */
	CHECK(now - t0 >= 16000 && now - t0 <= 16000 + TCP_TICK_MS);
	partition = 0;
	tcp_close(cli);
	tcp_abort(srv);
	tcp_close(listener);
	expect_all_freed();
}

/* SYN retransmission: RTO 1 s doubling, then ETIMEDOUT. */
static uint64_t syn_times[16];
static uint32_t nsyn_times;

static int log_syns(uint32_t src, const uint8_t *seg, uint32_t len)
{
	(void)len;
	if (src == A && (seg[13] & TH_SYN) && nsyn_times < 16)
		syn_times[nsyn_times++] = now;
	return 1;                              /* a black hole */
}

static void sc_synretry(void)
{
	filter = log_syns;
	struct tcp_pcb *p = tcp_new();
	CHECK(tcp_connect(p, B, 80) == 0);
	while (tcp_state(p) == TCPS_SYN_SENT && now < 400000)
		step();
	CHECK(tcp_state(p) == TCPS_CLOSE && tcp_error(p) == -ETIMEDOUT);
	CHECK(nsyn_times == 1 + TCP_SYN_RETRIES);
	for (uint32_t i = 1; i < nsyn_times; i++) {
		uint64_t gap = syn_times[i] - syn_times[i - 1];
		say("syn_gap=%u", (uint32_t)gap);
		uint64_t want = (uint64_t)TCP_RTO_INIT << (i - 1);
		if (want > TCP_RTO_MAX)
			want = TCP_RTO_MAX;
		CHECK(gap >= want && gap <= want + TCP_TICK_MS);
	}
	filter = 0;
	tcp_close(p);
	expect_all_freed();
}

/* RTT estimation: a 50 ms round trip settles SRTT near 50 and the RTO at
 * its 200 ms floor; a 400 ms one lifts the RTO above it. */
static void sc_rtt(void)
{
	delay_ms = 25;
	open_pair(7300, 4);
	bulk(256 * 1024, 600000);
	say("srtt=%u rttvar=%u rto=%u", cli->srtt8 / 8, cli->rttvar4 / 4, cli->rto);
	CHECK(cli->srtt8 / 8 >= 45 && cli->srtt8 / 8 <= 70);
	CHECK(cli->rto == TCP_RTO_MIN);
	tcp_close(rx);
	tcp_close(listener);
	expect_all_freed();
	delay_ms = 200;
	rxd = txd = 0;
	rx_eof = tx_closed = 0;
	tx_sum = rx_sum = 2166136261u;
	open_pair(7301, 4);
	bulk(64 * 1024, 600000);
	say("srtt=%u rttvar=%u rto=%u", cli->srtt8 / 8, cli->rttvar4 / 4, cli->rto);
	CHECK(cli->srtt8 / 8 >= 390 && cli->srtt8 / 8 <= 460);
	CHECK(cli->rto > 400 && cli->rto < 2000);
	tcp_close(rx);
	tcp_close(listener);
	expect_all_freed();
}

/* Nagle: small writes while data is unacknowledged coalesce; with
 * TCP_NODELAY each goes out at once. */
static void sc_nagle(void)
{
	delay_ms = 50;
	open_pair(7400, 4);
	uint32_t before = sent_data_segs[0];
	for (int i = 0; i < 20; i++)
		CHECK(tcp_send(cli, "ab", 2) == 2);
	uint32_t nagle = sent_data_segs[0] - before;
	run_ms(300);
	CHECK(srv->rcv_nxt - srv->rcv_user == 40);
	CHECK(tcp_setopt(cli, 6, TCP_NODELAY, 1) == 0);
	before = sent_data_segs[0];
	for (int i = 0; i < 20; i++)
		CHECK(tcp_send(cli, "ab", 2) == 2);
	uint32_t nodelay = sent_data_segs[0] - before;
	say("nagle_segs=%u nodelay_segs=%u", nagle, nodelay);
	CHECK(nagle == 1 && nodelay == 20);
	run_ms(300);
	char buf[100];
	CHECK(tcp_recv(srv, buf, sizeof buf, 1) == 80);
	CHECK(tcp_recv(srv, buf, sizeof buf, 0) == 80);
	CHECK(tcp_recv(srv, buf, sizeof buf, 0) == -EAGAIN);
	tcp_close(cli);
	tcp_close(srv);
	tcp_close(listener);
	expect_all_freed();
}

/* Ports: bind conflicts, ephemeral ports, a listener's port. */
static void sc_ports(void)
{
	struct tcp_pcb *a = tcp_new(), *b = tcp_new(), *c = tcp_new();
	CHECK(tcp_bind(a, B, 8000) == 0);
	CHECK(tcp_bind(b, 0, 8000) == -EADDRINUSE);
	CHECK(tcp_setopt(a, 1, SO_REUSEADDR, 1) == 0);
	CHECK(tcp_setopt(b, 1, SO_REUSEADDR, 1) == 0);
	CHECK(tcp_bind(b, 0, 8000) == 0);
	CHECK(tcp_listen(a, 1) == 0);
	CHECK(tcp_listen(b, 1) == -EADDRINUSE);
	CHECK(tcp_setopt(c, 1, SO_REUSEADDR, 1) == 0);
	CHECK(tcp_bind(c, B, 8000) == -EADDRINUSE);   /* a listener holds it */
	CHECK(tcp_bind(c, 0, 0) == 0);
	uint32_t addr;
	uint16_t port;
	tcp_local(c, &addr, &port);
	CHECK(port >= TCP_EPHEMERAL_LO && port <= TCP_EPHEMERAL_HI);
	CHECK(tcp_bind(c, 0, 0) == -EINVAL);
	int v = 0;
	CHECK(tcp_getopt(c, 1, SO_REUSEADDR, &v) == 0 && v == 1);
	CHECK(tcp_setopt(c, 99, 1, 1) == -ENOPROTOOPT);
	tcp_close(a);
	tcp_close(b);
	tcp_close(c);
	/* ISNs of the same four-tuple move with the clock; others differ */
	uint32_t i1 = tcp_isn(A, 1000, B, 80), i2 = tcp_isn(A, 1001, B, 80);
	run_ms(100);
	uint32_t i3 = tcp_isn(A, 1000, B, 80);
	say("isn=%x,%x,%x", i1, i2, i3);
	CHECK(i1 != i2 && i3 - i1 == 25000);
	expect_all_freed();
}

/* Simultaneous open: both ends connect to each other at once; both get
 * through SYN_RECV to ESTABLISHED and can talk and close. */
static void sc_simopen(void)
{
	struct tcp_pcb *a = tcp_new(), *b = tcp_new();
	CHECK(tcp_bind(a, A, 1111) == 0 && tcp_bind(b, B, 2222) == 0);
	CHECK(tcp_connect(a, B, 2222) == 0 && tcp_connect(b, A, 1111) == 0);
	run_ms(3000);
	say("states=%d,%d", tcp_state(a), tcp_state(b));
	CHECK(tcp_state(a) == TCPS_ESTABLISHED && tcp_state(b) == TCPS_ESTABLISHED);
	CHECK(tcp_send(a, "ping", 4) == 4);
	run_ms(200);
	char buf[8];
	CHECK(tcp_recv(b, buf, sizeof buf, 0) == 4 && !memcmp(buf, "ping", 4));
	tcp_close(a);
	tcp_close(b);
	expect_all_freed();
}

/* ---- input ---- */
static int read_line(char *buf, int n)
{
	int k = 0;
	while (k < n - 1) {
		int r = sys3(3, 0, (int)(buf + k), 1);
		if (r <= 0 || buf[k] == '\n')
			break;
		k++;
	}
	buf[k] = 0;
	return k;
}

static const char *word(const char *s, char *out, int n)
{
	while (*s == ' ')
		s++;
	int k = 0;
	while (*s && *s != ' ' && k < n - 1)
		out[k++] = *s++;
	out[k] = 0;
	return s;
}

static uint32_t num(const char **s)
{
	char w[16];
	*s = word(*s, w, sizeof w);
	uint32_t v = 0;
	for (char *c = w; *c >= '0' && *c <= '9'; c++)
		v = v * 10 + (uint32_t)(*c - '0');
	return v;
}

int harness_main(void)
{
	char line[128], name[32];
	read_line(line, sizeof line);
	const char *s = word(line, name, sizeof name);
	rng = num(&s) | 1;
	tcp_init();
	if (!strcmp(name, "handshake"))
		sc_handshake();
	else if (!strcmp(name, "bulk")) {
		uint32_t kib = num(&s), loss = num(&s), dup = num(&s), jit = num(&s);
		sc_bulk(kib, loss, dup, jit);
	} else if (!strcmp(name, "fastrexmt"))
		sc_fastrexmt();
	else if (!strcmp(name, "zerowin"))
		sc_zerowin();
	else if (!strcmp(name, "lostupdate"))
		sc_lostupdate();
	else if (!strcmp(name, "close"))
		sc_close(num(&s));
	else if (!strcmp(name, "refused"))
		sc_refused();
	else if (!strcmp(name, "timewait"))
		sc_timewait();
	else if (!strcmp(name, "backlog"))
		sc_backlog();
	else if (!strcmp(name, "malformed"))
		sc_malformed();
	else if (!strcmp(name, "keepalive"))
		sc_keepalive();
	else if (!strcmp(name, "synretry"))
		sc_synretry();
	else if (!strcmp(name, "rtt"))
		sc_rtt();
	else if (!strcmp(name, "nagle"))
		sc_nagle();
	else if (!strcmp(name, "simopen"))
		sc_simopen();
	else if (!strcmp(name, "ports"))
		sc_ports();
	else
		finish(0, "unknown scenario");
	finish(1, 0);
	return 0;
}

asm(".globl _start\n_start:\n\txorl %ebp, %ebp\n\tandl $-16, %esp\n"
    "\tcall harness_main\n\tmovl %eax, %ebx\n\tmovl $1, %eax\n\tint $0x80\n");
