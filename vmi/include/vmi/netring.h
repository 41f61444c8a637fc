/*
 * vmi/netring.h - the network interface rings: what a guest and a network
 * backend share (the vmi_net_* calls of vmi/vmi.spec, group "net").
 *
 * An attached interface has two one-page rings, laid out like the block
 * ring (vmi/blkring.h) and Xen's netif: a header of four free-running
 * 32-bit indexes and VMI_NET_RING_SIZE slots, each holding a request
 * (written by the guest) or later its response (written by the backend
 * over the same slot):
 *
 *   req_prod   guest: requests produced (slot = index % VMI_NET_RING_SIZE)
 *   req_event  backend: "notify me when req_prod passes this"
 *   rsp_prod   backend: responses produced
 *   rsp_event  guest: "raise my port when rsp_prod passes this"
 *
 * The transmit ring carries frames to send: a request names (id, guest
 * frame, offset, length) of one Ethernet frame - destination and source
 * MAC, type, payload; no preamble, no FCS - that lies within that page;
 * its response carries the id and VMI_NET_OK or a negative VMI_E*.  The
 * receive ring carries empty buffers: a request posts one whole guest frame
 * (id, frame); its response carries the id and the length of the Ethernet
 * frame received at byte 0 of it (> 0), or a negative VMI_E* if the buffer
 * was refused.  A frame arriving while no buffer is posted is dropped and
 * counted (vmi_net_stats rx_dropped): the backend never queues for a guest
 * that does not keep its ring stocked (a defence against receive livelock).
 *
 * A request, and the frame it names, belong to the backend from the
 * moment req_prod covers it until its response is produced; responses may
 * come in any order and are matched by id.  At most VMI_NET_RING_SIZE
 * requests of a ring are without a taken response.  Notification is the
 * event-index rule of the block ring, VMI_NET_NEED_NOTIFY(event, new,
 * old): a producer that moved its index from old to new notifies only if
 * the other side's event index lies in (old, new]; a consumer that drained
 * the ring sets its event index to the next index it wants, then re-reads
 * the producer index before waiting.  So a guest notifies only a backend
 * that may be idle: a backend that will look at the transmit ring again by
 * itself (frames of the interface still at its device, whose completion
 * it handles) leaves req_event behind, and a guest may publish several
 * requests and judge the rule once for all of them (old = req_prod at its
 * last judgement).  One event port per interface serves both rings.
 *
 * Every shared structure starts with a magic and a version.
 */
#ifndef VMI_NETRING_H
#define VMI_NETRING_H

#include <vmi/blkring.h>                  /* VMI_BLK_NEED_NOTIFY */

#define VMI_NET_TX_MAGIC     0x564D4E54u  /* "VMNT": a transmit ring */
#define VMI_NET_RX_MAGIC     0x564D4E52u  /* "VMNR": a receive ring */
#define VMI_NET_INFO_MAGIC   0x564D4E49u  /* "VMNI" */
#define VMI_NET_STATS_MAGIC  0x564D4E53u  /* "VMNS" */
#define VMI_NET_VERSION      1u

#define VMI_NET_RING_SIZE    128u         /* slots: a power of two */
#define VMI_NET_NAME_MAX     16u
#define VMI_NET_ETH_HLEN     14u          /* destination, source, type */
#define VMI_NET_ETH_ALEN     6u

/* Status of a transmit response: VMI_NET_OK or a negative VMI_E*. */
#define VMI_NET_OK           0

/* struct vmi_net_info.flags */
#define VMI_NET_INFO_LINK_UP 0x1u

/* The event-index rule, the same as the block ring's. */
#define VMI_NET_NEED_NOTIFY(event, new_idx, old_idx) \
	VMI_BLK_NEED_NOTIFY(event, new_idx, old_idx)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* What vmi_net_info returns about one interface. */
struct vmi_net_info {
	uint32_t magic;           /* VMI_NET_INFO_MAGIC */
	uint32_t version;         /* VMI_NET_VERSION */
	uint8_t mac[VMI_NET_ETH_ALEN]; /* the interface's own address */
	uint16_t pad;
	uint32_t mtu;             /* largest payload; frames up to mtu + 14 bytes */
	uint32_t flags;           /* VMI_NET_INFO_LINK_UP, read at the call */
	char name[VMI_NET_NAME_MAX]; /* stable, NUL-terminated: "eth0", "eth1", ... */
};

/* What vmi_net_stats returns: counters since boot. */
struct vmi_net_stats {
	uint32_t magic;           /* VMI_NET_STATS_MAGIC */
	uint32_t version;         /* VMI_NET_VERSION */
	uint64_t rx_packets;      /* frames written into posted buffers */
	uint64_t rx_bytes;
	uint64_t rx_dropped;      /* frames that found no posted buffer */
	uint64_t rx_errors;       /* buffers refused, frames too long to take */
	uint64_t tx_packets;      /* frames sent (VMI_NET_OK) */
	uint64_t tx_bytes;
	uint64_t tx_errors;       /* transmit requests refused (-VMI_E*) */
	uint64_t tx_dropped;      /* dropped by the backend's policy */
};

struct vmi_net_tx_request {
	uint32_t id;              /* echoed in the response */
	uint32_t pfn;             /* pseudo-physical frame of the guest's */
	uint16_t offset;          /* first byte of the Ethernet frame in it */
	uint16_t len;             /* 14 .. mtu + 14, offset + len <= 4096 */
	uint16_t flags;           /* 0 (none defined yet) */
	uint16_t pad;
};

struct vmi_net_rx_request {
	uint32_t id;              /* echoed in the response */
	uint32_t pfn;             /* a whole frame of the guest's to fill */
};

struct vmi_net_response {
	uint32_t id;              /* the request's */
	int32_t status;           /* tx: VMI_NET_OK or -VMI_E*; rx: length or -VMI_E* */
};

union vmi_net_slot {
	struct vmi_net_tx_request tx;
	struct vmi_net_rx_request rx;
	struct vmi_net_response rsp;
};

/* Either shared page (vmi_net_attach); the magic says which. */
struct vmi_net_ring {
	uint32_t magic;           /* VMI_NET_TX_MAGIC or VMI_NET_RX_MAGIC, by the guest */
	uint32_t version;         /* VMI_NET_VERSION */
	volatile uint32_t req_prod, req_event;
	volatile uint32_t rsp_prod, rsp_event;
	uint32_t pad[10];         /* slots start at byte 64 */
	union vmi_net_slot ring[VMI_NET_RING_SIZE];
};

_Static_assert(sizeof(struct vmi_net_tx_request) == 16, "net tx request layout");
_Static_assert(sizeof(union vmi_net_slot) == 16, "net slot layout");
_Static_assert(sizeof(struct vmi_net_info) == 40, "net info layout");
_Static_assert(sizeof(struct vmi_net_ring) <= 4096, "net ring fits a page");

#endif /* !__ASSEMBLER__ */
#endif /* VMI_NETRING_H */
