/*
 * vmi/vfr.h - the control plane's view of a hypervisor's virtual network:
 * the domains' virtual interfaces (VIFs) and the virtual firewall-router
 * (VFR) between them and the physical NIC (control calls vmi_vif_info,
 * vmi_vif_set, vmi_vfr_rule_get, vmi_vfr_rule_set of vmi/vmi.spec).
 *
 * A rule matches a frame crossing the VFR from one endpoint (a domain's
 * VIF, or the NIC) to another: every field must match, a zero mask or
 * VMI_VFR_PROTO_ANY / VMI_VFR_ANY_VIF matching everything.  Addresses and
 * ports are in host byte order; for ARP the addresses are the sender's
 * and target's protocol addresses, and ports never match a nonzero mask
 * (nor do addresses of a frame that is neither IPv4 nor ARP).  Rules are
 * tried in order, the first VMI_VFR_ACCEPT or VMI_VFR_DROP decides;
 * VMI_VFR_COUNT only counts and goes on; none deciding, the default
 * policy does.
 */
#ifndef VMI_VFR_H
#define VMI_VFR_H

#include <vmi/netring.h>          /* struct vmi_net_stats */

#define VMI_VFR_MAX_RULES   64

/* struct vmi_vfr_rule.proto */
#define VMI_VFR_PROTO_ANY   0
#define VMI_VFR_PROTO_ARP   1
#define VMI_VFR_PROTO_IP    2         /* any IPv4 */
#define VMI_VFR_PROTO_ICMP  3
#define VMI_VFR_PROTO_TCP   4
#define VMI_VFR_PROTO_UDP   5

/* struct vmi_vfr_rule.action */
#define VMI_VFR_ACCEPT      0
#define VMI_VFR_DROP        1
#define VMI_VFR_COUNT       2

/* struct vmi_vfr_rule.vif: a domain id, or these */
#define VMI_VFR_ANY_VIF     0xFFFFu   /* any endpoint */
#define VMI_VFR_NIC         0xFFFEu   /* the physical NIC */

/* vmi_vfr_rule_set ops */
#define VMI_VFR_ADD         0         /* insert before index (>= count: append) */
#define VMI_VFR_DEL         1         /* remove rule index */
#define VMI_VFR_POLICY      2         /* default action := rule->action */

/* vmi_vfr_rule_get: this index reads the default policy (hits: frames it decided) */
#define VMI_VFR_DEFAULT     0xFFFFFFFFu

#define VMI_VIF_CREDIT_PERIOD_US 10000u  /* the credit's period: 10 ms */
#define VMI_VIF_ATTACHED    0x1u      /* vmi_vif_info.flags: its rings are attached */

/* vmi_vif_set: what to change (fields not named in mask keep their value). */
#define VMI_VIF_SET_MAC     0x1u
#define VMI_VIF_SET_IP      0x2u
#define VMI_VIF_SET_CREDIT  0x4u

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vmi_vfr_rule {
	uint32_t src_ip, src_mask;        /* IPv4, host order */
	uint32_t dst_ip, dst_mask;
	uint16_t sport, sport_mask;       /* TCP/UDP ports */
	uint16_t dport, dport_mask;
	uint16_t vif;                     /* the sending or the receiving endpoint */
	uint8_t proto;                    /* VMI_VFR_PROTO_* */
	uint8_t action;                   /* VMI_VFR_ACCEPT, DROP or COUNT */
	uint32_t reserved;                /* 0 */
	uint64_t hits;                    /* frames matched (output only) */
};

/* vmi_vif_info: one VIF of a domain, its addresses and counters. */
struct vmi_vif_info {
	uint32_t domid;
	uint32_t flags;                   /* VMI_VIF_ATTACHED */
	uint8_t mac[6];
	uint8_t prefix;                   /* IPv4 prefix length */
	uint8_t pad;
	uint32_t ip;                      /* host order; 0: none */
	uint32_t credit;                  /* bytes per VMI_VIF_CREDIT_PERIOD_US; 0: unlimited */
	uint32_t spoofed;                 /* frames refused by anti-spoofing */
	struct vmi_net_stats st;
};

/* vmi_vif_set's input (see VMI_VIF_SET_*). */
struct vmi_vif_config {
	uint32_t mask;                    /* VMI_VIF_SET_* */
	uint8_t mac[6];                   /* unicast: bit 0 of mac[0] clear */
	uint8_t prefix;                   /* 1..32 */
	uint8_t pad;
	uint32_t ip;                      /* host order */
	uint32_t credit;
};

_Static_assert(sizeof(struct vmi_vfr_rule) == 40, "vfr rule layout");
#endif /* !__ASSEMBLER__ */

#endif /* VMI_VFR_H */
