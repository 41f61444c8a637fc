/*
 * netdev_vmi.c - the network interfaces the VMI net group offers (eth0,
 * eth1, ...): a transmit and a receive ring each (vmi/netring.h) and one
 * event port.
 *
 * Receive: RX_BUFS whole frames stay posted; netdev_vmi_work takes each
 * filled one, hands the frame to Ethernet, and posts the same frame again
 * right after, so the ring stays stocked exactly as fast as we process
 * (a flood we cannot keep up with is dropped by the backend, never queued
 * in the guest).  Transmit: TX_BUFS half-page buffers; a frame is copied
 * into a free one and its request published at once, but inside a
 * transmit batch (net.h) the backend is notified only when the batch ends
 * (or buffers run out): one notification for many frames, under the
 * ring's event-index rule; completions are taken lazily (when sending,
 * and on each pass of the work loop).  Ids are
 * buffer numbers; a response naming a buffer that is not out is logged
 * and ignored.  The event handler only marks the work pending (net.h).
 */
#include "net/net.h"
#include "kernel.h"
#include "lib/kernel/event.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include <vmi/netring.h>

#define RX_BUFS 64                   /* posted receive frames (< ring size) */
#define TX_BUFS 64                   /* two per page */
#define TX_BUF_SIZE 2048
#define VNIC_MAX 3

struct vnic {
	struct netif *nif;
	uint32_t dev;
	int port;
	struct vmi_net_ring *tx, *rx;
	uint32_t tx_prod, tx_cons, rx_prod, rx_cons;
	uint32_t tx_told;                /* tx_prod when last judged for a notify */
	uint32_t rx_pfn[RX_BUFS];
	uint8_t rx_out[RX_BUFS];         /* 1: posted, the backend's */
	uint8_t *tx_buf[TX_BUFS];
	uint8_t tx_out[TX_BUFS];
	int tx_free[TX_BUFS], ntx_free;  /* a stack of free buffer ids */
	uint32_t mtu;
};

static struct vnic vnics[VNIC_MAX];
static int nvnics;

/* Make r's requests up to prod visible to the backend. */
static void expose(struct vmi_net_ring *r, uint32_t prod)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	r->req_prod = prod;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Expose up to prod; notify if the backend asked to hear of an index in
 * (old, prod] - the requests since the last such judgement. */
static void publish(struct vnic *v, struct vmi_net_ring *r, uint32_t prod, uint32_t old)
{
	expose(r, prod);
	if (VMI_NET_NEED_NOTIFY(r->req_event, prod, old))
		vmi_net_notify(v->dev);
}

/* The transmit requests not yet judged for a notify: judge them now. */
static void tx_kick(struct vnic *v)
{
	uint32_t old = v->tx_told;

	v->tx_told = v->tx_prod;
	publish(v, v->tx, v->tx_prod, old);
}

static void vnic_flush(struct netif *nif)
{
	struct vnic *v = nif->drv;

	if (v->tx_told != v->tx_prod)
		tx_kick(v);
}

static void rx_post(struct vnic *v, uint32_t id)
{
	v->rx->ring[v->rx_prod++ % VMI_NET_RING_SIZE].rx =
		(struct vmi_net_rx_request){ id, v->rx_pfn[id] };
	v->rx_out[id] = 1;
}

/* Take transmit completions: their buffers are free again. */
static void tx_reap(struct vnic *v)
{
	while (v->tx_cons != v->tx->rsp_prod) {
		struct vmi_net_response r;

		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r = v->tx->ring[v->tx_cons++ % VMI_NET_RING_SIZE].rsp;
		if (r.id >= TX_BUFS || !v->tx_out[r.id]) {
			klog(KLOG_WARNING, "net: %s: stray transmit response %u\n", v->nif->name, r.id);
			continue;
		}
		v->tx_out[r.id] = 0;
		v->tx_free[v->ntx_free++] = (int)r.id;
		if (r.status != VMI_NET_OK)
			v->nif->st.tx_errors++;
	}
}

static int vnic_xmit(struct netif *nif, const uint8_t *dst, uint16_t type,
		     const void *payload, uint32_t len)
{
	struct vnic *v = nif->drv;
	uint8_t *b;
	int id;

	tx_reap(v);
	if (!v->ntx_free && v->tx_told != v->tx_prod) {
		tx_kick(v);                  /* the batch's frames go now: room may come */
		tx_reap(v);
	}
	if (!v->ntx_free || len > v->mtu) {
		nif->st.tx_dropped++;
		/* Ask for an event at the next completion so buffers come back. */
		v->tx->rsp_event = v->tx_cons + 1;
		return -ENOBUFS;
	}
	id = v->tx_free[--v->ntx_free];
	b = v->tx_buf[id];
	memcpy(b, dst, ETH_ALEN);
	memcpy(b + ETH_ALEN, nif->mac, ETH_ALEN);
	put16(b + 12, type);
	memcpy(b + ETH_HLEN, payload, len);
	v->tx_out[id] = 1;
	v->tx->ring[v->tx_prod++ % VMI_NET_RING_SIZE].tx = (struct vmi_net_tx_request){
		(uint32_t)id, va_to_pfn(b), (uint16_t)((uint32_t)b & (VMI_PAGE_SIZE - 1)),
		(uint16_t)(ETH_HLEN + len), 0, 0 };
	nif->st.tx_packets++;
	nif->st.tx_bytes += ETH_HLEN + len;
	if (net_tx_batching())
		expose(v->tx, v->tx_prod);   /* the backend may take it; told at the end */
	else
		tx_kick(v);
	return 0;
}

/* Up to budget received frames through Ethernet, each re-posted after. */
static int vnic_rx(struct vnic *v, int budget)
{
	int done = 0, posted = 0;

	while (done < budget && v->rx_cons != v->rx->rsp_prod) {
		struct vmi_net_response r;

		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r = v->rx->ring[v->rx_cons++ % VMI_NET_RING_SIZE].rsp;
		done++;
		if (r.id >= RX_BUFS || !v->rx_out[r.id]) {
			klog(KLOG_WARNING, "net: %s: stray receive response %u\n", v->nif->name, r.id);
			continue;
		}
		v->rx_out[r.id] = 0;
		if (r.status > 0 && (uint32_t)r.status <= VMI_PAGE_SIZE) {
			v->nif->st.rx_packets++;
			v->nif->st.rx_bytes += (uint32_t)r.status;
			if (v->nif->flags & IFF_UP)
				ether_input(v->nif, pfn_to_va(v->rx_pfn[r.id]), (uint32_t)r.status);
		} else {
			v->nif->st.rx_errors++;
		}
		rx_post(v, r.id);
		posted = 1;
	}
	if (posted)
		publish(v, v->rx, v->rx_prod, v->rx->req_prod);
	return done;
}

/* Both rings: ask for an event at the next receive response, and say
 * whether one slipped in meanwhile (then there is more to do now). */
static int vnic_rearm(struct vnic *v)
{
	v->rx->rsp_event = v->rx_cons + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return v->rx->rsp_prod != v->rx_cons;
}

int netdev_vmi_work(int budget)
{
	int more = 0;

	for (int i = 0; i < nvnics; i++) {
		struct vnic *v = &vnics[i];

		tx_reap(v);
		vnic_rx(v, budget);
		more |= vnic_rearm(v);
	}
	return more;
}

static void vnic_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	net_kick();
}

static struct vmi_net_ring *ring_new(uint32_t *pfn, uint32_t magic)
{
	struct vmi_net_ring *r;

	*pfn = frame_try_alloc();
	if (*pfn == VMI_INVALID_PFN)
		return NULL;
	r = pfn_to_va(*pfn);
	memset(r, 0, VMI_PAGE_SIZE);
	r->magic = magic;
	r->version = VMI_NET_VERSION;
	return r;
}

/* Buffers: RX_BUFS frames, TX_BUFS halves of pages.  0 or -ENOMEM. */
static int vnic_buffers(struct vnic *v)
{
	for (int i = 0; i < RX_BUFS; i++)
		if ((v->rx_pfn[i] = frame_try_alloc()) == VMI_INVALID_PFN)
			return -ENOMEM;
	for (int i = 0; i < TX_BUFS; i += 2) {
		uint32_t pfn = frame_try_alloc();

		if (pfn == VMI_INVALID_PFN)
			return -ENOMEM;
		v->tx_buf[i] = pfn_to_va(pfn);
		v->tx_buf[i + 1] = v->tx_buf[i] + TX_BUF_SIZE;
	}
	for (int i = TX_BUFS - 1; i >= 0; i--)
		v->tx_free[v->ntx_free++] = i;
	return 0;
}

static int vnic_attach(struct vnic *v)
{
	uint32_t tx_pfn, rx_pfn;
	int port;

	v->tx = ring_new(&tx_pfn, VMI_NET_TX_MAGIC);
	v->rx = ring_new(&rx_pfn, VMI_NET_RX_MAGIC);
	if (!v->tx || !v->rx || vnic_buffers(v) < 0)
		return -ENOMEM;         /* boot-time: the frames stay allocated */
	port = vmi_net_attach(v->dev, tx_pfn, rx_pfn);
	if (port <= 0 || port >= VMI_NR_PORTS)
		return port <= 0 ? port : -EINVAL;
	v->port = port;
	event_set_handler((unsigned)port, vnic_event);
	for (uint32_t id = 0; id < RX_BUFS; id++)
		rx_post(v, id);
	vnic_rearm(v);
	publish(v, v->rx, v->rx_prod, v->rx->req_prod);
	return 0;
}

void netdev_vmi_init(void)
{
	int n = (vmi_features() & VMI_FEAT_NET) ? vmi_net_count() : 0;

	for (int i = 0; i < n && nvnics < VNIC_MAX; i++) {
		struct vmi_net_info info;
		struct vnic *v = &vnics[nvnics];
		int rc;

		if (vmi_net_info((uint32_t)i, &info) < 0 || info.magic != VMI_NET_INFO_MAGIC)
			continue;
		info.name[VMI_NET_NAME_MAX - 1] = 0;
		memset(v, 0, sizeof(*v));
		v->dev = (uint32_t)i;
		v->mtu = info.mtu < TX_BUF_SIZE - ETH_HLEN ? info.mtu : TX_BUF_SIZE - ETH_HLEN;
		if ((rc = vnic_attach(v)) < 0) {
			klog(KLOG_WARNING, "net: %s: cannot attach (%d)\n", info.name, rc);
			continue;
		}
		if (!(v->nif = netif_add(info.name)))
			return;
		memcpy(v->nif->mac, info.mac, ETH_ALEN);
		v->nif->mtu = v->nif->mtu_max = v->mtu < 1500 ? v->mtu : 1500;
		v->nif->flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST |
				((info.flags & VMI_NET_INFO_LINK_UP) ? IFF_RUNNING : 0);
		v->nif->xmit = vnic_xmit;
		v->nif->flush = vnic_flush;
		v->nif->drv = v;
		nvnics++;
		klog(KLOG_INFO, "net: %s: %02x:%02x:%02x:%02x:%02x:%02x mtu %u\n", info.name,
		     info.mac[0], info.mac[1], info.mac[2], info.mac[3], info.mac[4],
		     info.mac[5], v->nif->mtu);
	}
}
