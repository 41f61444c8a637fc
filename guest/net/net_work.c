/*
 * net_work.c - the network stack's setup and its work loop: receive
 * processing, loopback delivery and the ARP and TCP timers, run from the
 * scheduler loop (net.h says why there), plus the clock TCP and ARP use.
 *
 * The configuration comes from the kernel command line: ip=A.B.C.D/LEN
 * and gw=G.H.I.J for the first NIC, default 10.0.2.15/24 via 10.0.2.2 (QEMU
 * user networking's plan).  Only what is due costs a VMI call: with no
 * timer pending and no event, a pass reads no clock.  Timers run at their
 * deadlines (tcp_deadline, arp_deadline), not on a periodic tick.
 */
#include "net/net.h"
#include "net/tcp.h"
#include "kernel.h"
#include "lib/klib.h"

#define WORK_BUDGET 64                /* frames per device per pass */
#define NS_PER_MS 1000000ull

static volatile int kicked;            /* an event came: look at the rings */
static int ready;

uint64_t net_now_ms(void)
{
	return vmi_time_ns() / NS_PER_MS;
}

void net_kick(void)
{
	kicked = 1;
}

/* "a.b.c.d" into *ip; the rest of the string after it in *end. */
static int parse_ip(const char *s, uint32_t *ip, const char **end)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		uint32_t part = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4)
			part = part * 10 + (uint32_t)(*s++ - '0'), digits++;
		if (!digits || part > 255 || (i < 3 && *s++ != '.'))
			return 0;
		v = v << 8 | part;
	}
	*ip = v;
	*end = s;
	return 1;
}

/* "A.B.C.D/LEN" (LEN 0..32; no "/LEN": keep *len). */
static int parse_cidr(const char *s, uint32_t *addr, uint32_t *len)
{
	const char *end;
	uint32_t n = 0;

	if (!parse_ip(s, addr, &end))
		return 0;
	if (!*end)
		return 1;
	if (*end++ != '/' || !*end)
		return 0;
	for (; *end >= '0' && *end <= '9' && n <= 32; end++)
		n = n * 10 + (uint32_t)(*end - '0');
	*len = n;
	return !*end && n <= 32;
}

static void configure(const struct vmi_boot_info *bi, struct netif *nif)
{
	uint32_t addr = 0x0A00020Fu, gw = 0x0A000202u, len = 24;
	char val[32];
	const char *end;

	if (boot_option(bi, "ip", val, sizeof(val)) && !parse_cidr(val, &addr, &len)) {
		printf("net: bad ip=%s, using 10.0.2.15/24\n", val);
		addr = 0x0A00020Fu;
		len = 24;
	}
	if (boot_option(bi, "gw", val, sizeof(val)) && (!parse_ip(val, &gw, &end) || *end)) {
		printf("net: bad gw=%s, using 10.0.2.2\n", val);
		gw = 0x0A000202u;
	}
	netif_set_addr(nif, addr, len ? ~0u << (32 - len) : 0);
	if (gw)
		route_add(0, 0, gw, nif, 0);
}

void net_stack_init(const struct vmi_boot_info *bi)
{
	struct netif *eth;

	loopback_init();
	netdev_vmi_init();
	eth = netif_at(1);
	if (eth)
		configure(bi, eth);
	tcp_init();
	ready = 1;
}

static uint64_t min_nonzero(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

uint64_t net_deadline_ns(void)
{
	uint64_t ms;

	if (!ready)
		return 0;
	ms = min_nonzero(tcp_deadline(), arp_deadline());
	return ms * NS_PER_MS;
}

static void timers(void)
{
	uint64_t due = net_deadline_ns(), now;

	if (!due)
		return;
	now = net_now_ms();
	if (arp_deadline() && arp_deadline() <= now)
		arp_timer(now);
	if (tcp_deadline() && tcp_deadline() <= now)
		tcp_tick(now);
}

int net_work(void)
{
	int more;

	if (!ready)
		return 0;
	net_tx_batch_begin();                /* the pass's ACKs and replies: one notify */
	if (kicked) {
		kicked = 0;
		more = netdev_vmi_work(WORK_BUDGET);
		more |= loopback_work(WORK_BUDGET);
		if (more)
			kicked = 1;
	}
	timers();
	net_tx_batch_end();
	return kicked;
}
