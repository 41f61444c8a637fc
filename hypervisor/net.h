/*
 * net.h - private to the hypervisor's network files: the physical NIC
 * (netdev.c), the domains' virtual interfaces and their rings (vif.c),
 * the virtual firewall-router's rules and anti-spoofing (vfr.c), and the
 * switch with its round-robin, credit-limited transmit scheduler
 * (netsw.c).  The rest of the hypervisor uses the net_* calls of hv.h;
 * docs/DESIGN.md, "Virtual network interfaces and the VFR", tells the
 * whole story.
 *
 * The life of a frame a domain sends: it produces a transmit request and
 * calls HC_NETIF_OP(NOTIFY); the scheduler (netsw.c) takes requests from
 * the VIFs in turn, one each per round, within each VIF's credit; each is
 * copied off the ring, its frame checked (the domain's, no page table, no
 * ring), its first NET_HDR_COPY bytes copied into the hypervisor and
 * parsed there (vfr.c: malformed frames refused, anti-spoofing), then
 * switched by destination MAC: to other VIFs by copying into the buffer
 * each posted (vif.c), to the NIC by DMA - the checked header from the
 * hypervisor's copy, the rest straight from the guest's frame, which is
 * held until the NIC is done (netdev.c).  Every delivery passes the rules.
 */
#ifndef HV_NET_H
#define HV_NET_H

#include <vmi/netring.h>
#include <vmi/vfr.h>
#include "hv.h"

#define NET_HDR_COPY     128u   /* Ethernet + IPv4 (60 at most) + ports fit */
#define NET_MAX_FRAME    (1500u + VMI_NET_ETH_HLEN)
#define NIC_TX_SLOTS     64     /* frames in flight at the NIC */
#define NET_TX_BUDGET    64     /* frames one scheduler run moves at most */
#define NET_COPY_BUDGET  256    /* ... and deliveries to VIFs */
#define NET_RX_BUDGET    16     /* refused buffers answered per delivery */
#define NET_CREDIT_PERIOD_NS ((uint64_t)VMI_VIF_CREDIT_PERIOD_US * 1000)
#define NO_MFN           0xFFFFFFFFu

/* One ring of a VIF: our private indexes. */
struct vif_side {
	uint32_t mfn;                /* NO_MFN until attached */
	uint32_t req_cons, rsp_prod;
};

/* A domain's virtual interface (eth0): lives on a heap page from the
 * domain's first network call (or ip=/mac= option, or vmctl vif-set) to
 * its death. */
struct vif {
	struct domain *dom;
	uint8_t mac[6];
	uint8_t prefix;              /* of ip */
	uint8_t attached;
	uint8_t logged;              /* NET_LOG_*: reported once */
	uint8_t configured;          /* by ip= or mac=: no default appended */
	uint32_t ip;                 /* host order; 0: none (no IPv4/ARP sent) */
	uint32_t credit;             /* bytes per period; 0: unlimited */
	uint32_t credit_left;
	uint64_t period_end;         /* credit_left is refilled then */
	struct vif_side tx, rx;
	uint32_t port;
	uint32_t at_nic;             /* transmit requests the NIC still holds */
	uint32_t spoofed;            /* frames anti-spoofing refused */
	struct vmi_net_stats st;
};

#define NET_LOG_SPOOF  1
#define NET_LOG_AHEAD  2
#define NET_LOG_BAD    4

/* A frame's headers as the VFR sees them (parsed from a hypervisor copy). */
struct pkt {
	const uint8_t *h;            /* the copy: hlen bytes of a len-byte frame */
	uint32_t hlen, len;
	uint16_t type;               /* ethertype */
	uint8_t proto;               /* VMI_VFR_PROTO_*: ANY for other ethertypes */
	uint32_t src, dst;           /* IPv4 addresses (ARP: sender, target) */
	uint16_t sport, dport;       /* TCP, UDP */
	uint8_t has_ports;
};

/* An endpoint of the switch: a domain id or VMI_VFR_NIC. */
#define EP_NIC VMI_VFR_NIC

/* vif.c */
struct vif *vif_of(uint32_t domid);                 /* NULL: none yet */
struct vif *vif_get(struct domain *d);              /* made if need be */
struct vif *vif_by_mac(const uint8_t *mac);          /* attached ones only */
extern struct vif *vif_active[HV_MAX_DOMAINS];       /* attached, for the scheduler */
extern uint32_t vif_nr_active;
/* The oldest good receive buffer of v (refused ones answered on the
 * way): 1 and its id and mfn, or 0 if none is posted. */
int vif_rx_buffer(struct vif *v, uint32_t *id, uint32_t *mfn);
void vif_respond(struct vif *v, int tx, uint32_t id, int32_t status);
/* Deliver a frame made of two pieces into v's oldest posted buffer, or
 * drop and count it. */
void vif_deliver(struct vif *v, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen);
/* Is mfn a frame a device may read or a copy may fill: d's, no page
 * table, no block or net ring? */
int vif_io_frame_ok(const struct domain *d, uint32_t mfn);
uint32_t vif_mfn(const struct domain *d, uint32_t pfn);

/* vfr.c */
int vfr_parse(struct pkt *p, const uint8_t *h, uint32_t hlen, uint32_t len); /* 0: well-formed */
int vfr_spoofed(const struct vif *v, const struct pkt *p);                  /* 1: refuse */
int vfr_allows(const struct pkt *p, uint32_t from, uint32_t to);            /* 1: accept */
int vfr_rule_get(uint32_t index, uint32_t va);
int vfr_rule_set(uint32_t op, uint32_t index, uint32_t va);

/* netsw.c */
void netsw_run(void);                               /* the transmit scheduler */
void netsw_from_nic(const uint8_t *frame, uint32_t len);
void netsw_tx_done(struct vif *v, uint32_t id, uint32_t len, int ok); /* netdev.c: NIC done */

/* netdev.c */
int nic_present(void);
int nic_link_up(void);
unsigned nic_tx_room(void);
/* Send len bytes: hlen of them from the hypervisor's copy h, the rest from
 * machine address rest_pa, frame mfn held until done (netsw_tx_done). */
int nic_send(struct vif *v, uint32_t id, uint32_t mfn, const uint8_t *h, uint32_t hlen,
	     uint32_t rest_pa, uint32_t len);
void nic_forget_vif(struct vif *v);                 /* death: completions to nobody */

#endif /* HV_NET_H */
