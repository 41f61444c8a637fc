/*
 * vif.c - the domains' virtual network interfaces: one per domain (eth0),
 * its addresses, its two rings (vmi/netring.h) and HC_NETIF_OP.
 *
 * Lazy: a domain's VIF structure (a heap page) is made at its first
 * network call, or when an ip=/mac= option or vmctl vif-set configures it;
 * domains that never use the network cost nothing (256 domains fit).
 * Until then its addresses are the defaults, computed from the domain id:
 * MAC 52:54:00:12:34:56 + id (unique for every id) and, up to id 200,
 * IPv4 10.0.2.(15 + id)/24 on QEMU's user network (gateway 10.0.2.2, which
 * accepts any source address of 10.0.2.0/24); above that no address until
 * domain 0 sets one.  A domain other than 0 given a default address gets
 * " ip=A.B.C.D/24 gw=10.0.2.2" appended to its command line, so that the
 * guest's stack (default 10.0.2.15, domain 0's) agrees with anti-spoofing.
 *
 * Rings: both frames are held (frame_io.c) while attached, so neither can
 * become a page table; every request is copied off the ring before it is
 * looked at; a ring whose req_prod runs more than a ring ahead is refused
 * and ignored until it is sane.  Receive buffers are looked at when a
 * frame arrives (and, for refused ones at the head, at each notify), never
 * held: a frame is copied into the oldest good one at once.  Transmit
 * requests are the scheduler's (netsw.c).
 */
#include "net.h"
#include "mm.h"
#include "pc.h"
#include "lib/klib.h"

#define DEFAULT_IP_MAX_ID 200
#define DEFAULT_NET  0x0A000200u          /* 10.0.2.0/24 */
#define DEFAULT_IP_BASE 15u

_Static_assert(sizeof(struct vif) <= VMI_PAGE_SIZE, "a VIF fits a page");

static struct vif *vifs[HV_MAX_DOMAINS];
struct vif *vif_active[HV_MAX_DOMAINS];
uint32_t vif_nr_active;

/* ---- addresses ---- */

static void default_mac(uint32_t id, uint8_t *mac)
{
	uint32_t low = 0x3456u + id;          /* domain 0: QEMU's own default */
	static const uint8_t oui[4] = { 0x52, 0x54, 0x00, 0x12 };

	memcpy(mac, oui, 4);
	mac[4] = (uint8_t)(low >> 8);
	mac[5] = (uint8_t)low;
}

static uint32_t default_ip(uint32_t id)
{
	return id <= DEFAULT_IP_MAX_ID ? DEFAULT_NET + DEFAULT_IP_BASE + id : 0;
}

struct vif *vif_of(uint32_t domid)
{
	return domid < HV_MAX_DOMAINS ? vifs[domid] : NULL;
}

struct vif *vif_get(struct domain *d)
{
	struct vif *v;

	if (d->id >= HV_MAX_DOMAINS)
		return NULL;
	if ((v = vifs[d->id]) != NULL)
		return v;
	if (!(v = heap_alloc_pages(1)))
		return NULL;
	*v = (struct vif){ .dom = d, .ip = default_ip(d->id), .prefix = 24,
			   .tx = { .mfn = NO_MFN }, .rx = { .mfn = NO_MFN } };
	default_mac(d->id, v->mac);
	v->st.magic = VMI_NET_STATS_MAGIC;
	v->st.version = VMI_NET_VERSION;
	vifs[d->id] = v;
	return v;
}

struct vif *vif_by_mac(const uint8_t *mac)
{
	for (uint32_t i = 0; i < vif_nr_active; i++)
		if (memcmp(vif_active[i]->mac, mac, 6) == 0)
			return vif_active[i];
	return NULL;
}

/* ---- frames ---- */

uint32_t vif_mfn(const struct domain *d, uint32_t pfn)
{
	return pfn < d->nr_pages ? d->mfns[pfn] : NO_MFN;
}

static int is_net_ring(uint32_t mfn)
{
	for (uint32_t i = 0; i < vif_nr_active; i++)
		if (vif_active[i]->tx.mfn == mfn || vif_active[i]->rx.mfn == mfn)
			return 1;
	return 0;
}

int vif_io_frame_ok(const struct domain *d, uint32_t mfn)
{
	return mfn != NO_MFN && mm_owned_by(d, mfn) && mm_frames[mfn].type == PT_NONE &&
	       !is_net_ring(mfn) && !blk_is_ring_frame(d, mfn);
}

/* ---- responses ---- */

void vif_respond(struct vif *v, int tx, uint32_t id, int32_t status)
{
	struct vif_side *s = tx ? &v->tx : &v->rx;
	struct vmi_net_ring *page = map_domain_page(s->mfn);
	struct vmi_net_response *r = &page->ring[s->rsp_prod % VMI_NET_RING_SIZE].rsp;
	uint32_t old = s->rsp_prod++;

	r->id = id;
	r->status = status;
	asm volatile("" : : : "memory");
	page->rsp_prod = s->rsp_prod;
	asm volatile("lock; addl $0, (%%esp)" : : : "memory");  /* then read rsp_event */
	if (VMI_NET_NEED_NOTIFY(page->rsp_event, s->rsp_prod, old))
		evtchn_raise_device_port(v->dom, v->port);
	unmap_domain_page(page);
}

static void log_once(struct vif *v, uint8_t what, const char *msg)
{
	if (v->logged & what)
		return;
	v->logged |= what;
	hv_log("domain %u (%s): net: %s", v->dom->id, v->dom->name, msg);
}

/* ---- receive ---- */

int vif_rx_buffer(struct vif *v, uint32_t *id, uint32_t *mfn)
{
	struct vmi_net_ring *page;
	int found = 0;

	if (!v->attached)
		return 0;
	page = map_domain_page(v->rx.mfn);
	for (uint32_t n = 0; n < NET_RX_BUDGET; n++) {
		uint32_t ahead = page->req_prod - v->rx.req_cons;
		if (ahead == 0 || ahead > VMI_NET_RING_SIZE)
			break;                      /* none, or insane: ignored */
		asm volatile("" : : : "memory");
		struct vmi_net_rx_request q = page->ring[v->rx.req_cons % VMI_NET_RING_SIZE].rx;
		*id = q.id;
		*mfn = vif_mfn(v->dom, q.pfn);
		if (vif_io_frame_ok(v->dom, *mfn)) {
			found = 1;
			break;
		}
		v->rx.req_cons++;
		v->st.rx_errors++;
		unmap_domain_page(page);            /* vif_respond maps it again */
		vif_respond(v, 0, q.id, -VMI_EINVAL);
		page = map_domain_page(v->rx.mfn);
	}
	if (!found)
		page->req_event = v->rx.req_cons + 1;   /* tell me when buffers come */
	unmap_domain_page(page);
	return found;
}

void vif_deliver(struct vif *v, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	uint32_t id, mfn;

	if (alen + blen > NET_MAX_FRAME) {
		v->st.rx_errors++;
		return;
	}
	if (!vif_rx_buffer(v, &id, &mfn)) {
		v->st.rx_dropped++;                 /* never queued: livelock defence */
		return;
	}
	uint8_t *to = map_domain_page(mfn);
	memcpy(to, a, alen);
	if (blen)
		memcpy(to + alen, b, blen);
	unmap_domain_page(to);
	v->rx.req_cons++;
	v->st.rx_packets++;
	v->st.rx_bytes += alen + blen;
	vif_respond(v, 0, id, (int32_t)(alen + blen));
}

/* ---- the guest's calls ---- */

static int ring_fresh(uint32_t mfn, uint32_t magic)
{
	struct vmi_net_ring *r = map_domain_page(mfn);
	int ok = r->magic == magic && r->version == VMI_NET_VERSION && r->req_prod == 0 &&
		 r->req_event == 0 && r->rsp_prod == 0 && r->rsp_event == 0;

	unmap_domain_page(r);
	return ok;
}

/* Tell me of the first request (vmi_net_notify). */
static void want_first(uint32_t mfn)
{
	struct vmi_net_ring *r = map_domain_page(mfn);

	r->req_event = 1;
	unmap_domain_page(r);
}

static int attach(struct vif *v, uint32_t tx_pfn, uint32_t rx_pfn)
{
	struct domain *d = v->dom;
	uint32_t tx = vif_mfn(d, tx_pfn), rx = vif_mfn(d, rx_pfn);
	int port;

	if (v->attached)
		return -VMI_EBUSY;
	if (tx == rx || !vif_io_frame_ok(d, tx) || !vif_io_frame_ok(d, rx) || mm_io_hold(d, tx))
		return -VMI_EINVAL;
	if (mm_io_hold(d, rx)) {
		mm_io_release(tx);
		return -VMI_EINVAL;
	}
	port = ring_fresh(tx, VMI_NET_TX_MAGIC) && ring_fresh(rx, VMI_NET_RX_MAGIC) ?
	       evtchn_alloc_device_port(d) : -VMI_EINVAL;
	if (port < 0) {
		mm_io_release(tx);
		mm_io_release(rx);
		return port;
	}
	want_first(tx);
	want_first(rx);
	v->tx = (struct vif_side){ .mfn = tx };
	v->rx = (struct vif_side){ .mfn = rx };
	v->port = (uint32_t)port;
	v->attached = 1;
	vif_active[vif_nr_active++] = v;
	return port;
}

static int ring_ahead(struct vif *v, struct vif_side *s)
{
	struct vmi_net_ring *page = map_domain_page(s->mfn);
	uint32_t ahead = page->req_prod - s->req_cons;

	unmap_domain_page(page);
	if (ahead <= VMI_NET_RING_SIZE)
		return 0;
	log_once(v, NET_LOG_AHEAD, "req_prod more than a ring ahead: ignored");
	return 1;
}

static int notify(struct vif *v)
{
	uint32_t id, mfn;

	if (!v->attached)
		return -VMI_EINVAL;
	int bad = ring_ahead(v, &v->tx) | ring_ahead(v, &v->rx);
	vif_rx_buffer(v, &id, &mfn);              /* answer refused buffers now */
	netsw_run();
	return bad ? -VMI_EINVAL : 0;
}

static int info(struct vif *v, uint32_t va)
{
	struct vmi_net_info i = {
		.magic = VMI_NET_INFO_MAGIC,
		.version = VMI_NET_VERSION,
		.mtu = NET_MAX_FRAME - VMI_NET_ETH_HLEN,
		.flags = VMI_NET_INFO_LINK_UP,        /* the switch is always there */
		.name = "eth0",
	};

	memcpy(i.mac, v->mac, 6);
	return copy_to_guest(va, &i, sizeof i) ? -VMI_EFAULT : 0;
}

/* ---- the control plane's calls ---- */

static int vif_info(uint32_t domid, uint32_t index, uint32_t va)
{
	struct vmi_vif_info i = { .domid = domid };
	const struct vif *v = vif_of(domid);

	if (domid >= HV_MAX_DOMAINS || !domain_is_live(&domains[domid]))
		return -VMI_ESRCH;
	if (index != 0)
		return -VMI_ENOENT;
	if (v) {
		memcpy(i.mac, v->mac, 6);
		i.ip = v->ip;
		i.prefix = v->prefix;
		i.credit = v->credit;
		i.spoofed = v->spoofed;
		i.flags = v->attached ? VMI_VIF_ATTACHED : 0;
		i.st = v->st;
	} else {
		default_mac(domid, i.mac);
		i.ip = default_ip(domid);
		i.prefix = 24;
		i.st = (struct vmi_net_stats){ .magic = VMI_NET_STATS_MAGIC, .version = VMI_NET_VERSION };
	}
	return copy_to_guest(va, &i, sizeof i) ? -VMI_EFAULT : 0;
}

static int mac_ok(const uint8_t *mac)
{
	static const uint8_t zero[6];
	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

/* Is the MAC another VIF's (in use or configured)? */
static int mac_taken(const struct vif *self, const uint8_t *mac)
{
	for (uint32_t id = 0; id < HV_MAX_DOMAINS; id++) {
		uint8_t m[6];
		if (vifs[id] == self || (!vifs[id] && !domain_is_live(&domains[id])))
			continue;
		if (vifs[id])
			memcpy(m, vifs[id]->mac, 6);
		else
			default_mac(id, m);
		if (memcmp(m, mac, 6) == 0)
			return 1;
	}
	return 0;
}

static int apply(struct vif *v, const struct vmi_vif_config *c)
{
	if (c->mask & ~(VMI_VIF_SET_MAC | VMI_VIF_SET_IP | VMI_VIF_SET_CREDIT))
		return -VMI_EINVAL;
	if ((c->mask & VMI_VIF_SET_MAC) && (!mac_ok(c->mac) || mac_taken(v, c->mac)))
		return -VMI_EINVAL;
	if ((c->mask & VMI_VIF_SET_IP) && (c->prefix < 1 || c->prefix > 32))
		return -VMI_EINVAL;
	if (c->mask & VMI_VIF_SET_MAC)
		memcpy(v->mac, c->mac, 6);
	if (c->mask & VMI_VIF_SET_IP) {
		v->ip = c->ip;
		v->prefix = c->prefix;
	}
	if (c->mask & VMI_VIF_SET_CREDIT) {
		v->credit = c->credit;
		v->credit_left = c->credit;
		v->period_end = 0;
	}
	return 0;
}

static int vif_set(uint32_t domid, uint32_t index, uint32_t va)
{
	struct vmi_vif_config c;
	struct vif *v;

	if (domid >= HV_MAX_DOMAINS || !domain_is_live(&domains[domid]))
		return -VMI_ESRCH;
	if (index != 0)
		return -VMI_ENOENT;
	if (copy_from_guest(&c, va, sizeof c))
		return -VMI_EFAULT;
	if (!(v = vif_get(&domains[domid])))
		return -VMI_ENOMEM;
	int rc = apply(v, &c);
	netsw_run();                              /* a new credit may free frames */
	return rc;
}

int32_t net_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct vif *v;

	if (cmd > NETOP_RULE_SET)
		return -VMI_EINVAL;
	if (cmd >= NETOP_VIF_INFO) {
		if (!d->privileged)
			return -VMI_EPERM;
		switch (cmd) {
		case NETOP_VIF_INFO: return vif_info(a1, a2, a3);
		case NETOP_VIF_SET: return vif_set(a1, a2, a3);
		case NETOP_RULE_GET: return vfr_rule_get(a1, a2);
		default: return vfr_rule_set(a1, a2, a3);
		}
	}
	if (cmd == NETOP_COUNT)
		return 1;
	if (a1 != 0)
		return -VMI_ENOENT;
	if (!(v = vif_get(d)))
		return -VMI_ENOMEM;
	switch (cmd) {
	case NETOP_INFO: return info(v, a2);
	case NETOP_ATTACH: return attach(v, a2, a3);
	case NETOP_NOTIFY: return notify(v);
	default: return copy_to_guest(a2, &v->st, sizeof v->st) ? -VMI_EFAULT : 0;
	}
}

/* ---- options, command line, death ---- */

/* "A.B.C.D" at s: the characters used, 0 if it is none. */
static uint32_t parse_ip(const char *s, uint32_t len, uint32_t *ip)
{
	uint32_t i = 0;

	*ip = 0;
	for (int part = 0; part < 4; part++) {
		uint32_t v = 0, digits = 0;
		if (part && (i >= len || s[i++] != '.'))
			return 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 3)
			v = v * 10 + (uint32_t)(s[i++] - '0'), digits++;
		if (!digits || v > 255)
			return 0;
		*ip = *ip << 8 | v;
	}
	return i;
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int parse_mac(const char *s, uint32_t len, uint8_t *mac)
{
	if (len != 17)
		return -1;
	for (uint32_t i = 0; i < 6; i++) {
		int h = hex(s[3 * i]), l = hex(s[3 * i + 1]);
		if (h < 0 || l < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		mac[i] = (uint8_t)(h << 4 | l);
	}
	return 0;
}

int net_option(struct domain *d, const char *w, uint32_t len, char *why, uint32_t why_len)
{
	struct vmi_vif_config c = { 0 };
	struct vif *v;

	if (len > 3 && strncmp(w, "ip=", 3) == 0) {
		uint32_t k = 3 + parse_ip(w + 3, len - 3, &c.ip), pfx = 24;
		if (k > 3 && k + 1 < len && w[k] == '/' && len - k - 1 <= 2)
			for (pfx = 0, k++; k < len && w[k] >= '0' && w[k] <= '9'; k++)
				pfx = pfx * 10 + (uint32_t)(w[k] - '0');
		c.mask = VMI_VIF_SET_IP;
		c.prefix = k == len && k > 3 ? (uint8_t)pfx : 0;   /* 0: refused by apply */
	} else if (parse_mac(w + 4, len - 4, c.mac) == 0) {
		c.mask = VMI_VIF_SET_MAC;
	}
	if (!(v = vif_get(d)) || apply(v, &c) || !c.mask) {
		snprintf(why, why_len, "bad option '%.*s' (ip=A.B.C.D/LEN, mac=xx:xx:xx:xx:xx:xx "
			 "unicast and unique)", (int)(len > 40 ? 40 : len), w);
		return -1;
	}
	v->configured = 1;                        /* no default appended */
	return 0;
}

void net_boot_cmdline(const struct domain *d, char *cmdline, uint32_t size)
{
	const struct vif *v = vif_of(d->id);
	uint32_t ip = default_ip(d->id), n = (uint32_t)strlen(cmdline);

	if (d->id == 0 || !ip || (v && v->configured))
		return;                             /* the guest's own default, or set */
	snprintf(cmdline + n, size - n, " ip=%u.%u.%u.%u/24 gw=10.0.2.2", ip >> 24,
		 (ip >> 16) & 0xFF, (ip >> 8) & 0xFF, ip & 0xFF);
}

void net_release_domain(struct domain *d)
{
	struct vif *v = vif_of(d->id);

	if (!v)
		return;
	if (v->attached) {
		for (uint32_t i = 0; i < vif_nr_active; i++)
			if (vif_active[i] == v)
				vif_active[i] = vif_active[--vif_nr_active];
		mm_io_release(v->tx.mfn);
		mm_io_release(v->rx.mfn);
	}
	nic_forget_vif(v);                        /* frames at the NIC end as orphans */
	vifs[d->id] = NULL;
	heap_free_pages(v, 1);
}
