/*
 * vfr.c - the virtual firewall-router's judgement of one frame: parsing
 * its headers (from a hypervisor copy, never the guest's page, so what was
 * checked is what is sent), the built-in anti-spoofing rule, and the rule
 * table domain 0 manages (vmi/vfr.h).
 *
 * Parsing refuses what a receiver's stack could misread: IPv4 shorter
 * than its header, a header length below 20 or past the frame, a total
 * length past the frame, TCP/UDP whose ports are cut off; ARP that is not
 * Ethernet/IPv4 or is cut off.  Other ethertypes pass unparsed (their
 * addresses never match a rule's nonzero mask).
 *
 * Anti-spoofing: a VIF sends only from its own MAC; IPv4 only from its own
 * address, or from 0.0.0.0 a DHCP request (UDP 68 -> 67 to 255.255.255.255,
 * as a client without an address sends them: udhcpc); ARP only with
 * its own MAC as sender and its own address (or 0.0.0.0, a probe) as
 * sender address.  A VIF without an address sends neither.
 *
 * Rules are tried in order; the first ACCEPT or DROP decides, COUNT only
 * counts; otherwise the default policy (ACCEPT at boot) decides.
 */
#include "net.h"
#include "lib/klib.h"

#define ETH_IP    0x0800
#define ETH_ARP   0x0806
#define IPP_ICMP  1
#define IPP_TCP   6
#define IPP_UDP   17

static struct vmi_vfr_rule rules[VMI_VFR_MAX_RULES];
static uint32_t nr_rules;
static uint8_t policy = VMI_VFR_ACCEPT;
static uint64_t policy_hits;

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int parse_ip(struct pkt *p)
{
	const uint8_t *ip = p->h + VMI_NET_ETH_HLEN;
	uint32_t room = p->len - VMI_NET_ETH_HLEN, ihl, total;

	if (room < 20 || (ip[0] >> 4) != 4)
		return -1;
	ihl = (ip[0] & 0xFu) * 4;
	total = be16(ip + 2);
	if (ihl < 20 || ihl > room || total < ihl || total > room)
		return -1;
	p->src = be32(ip + 12);
	p->dst = be32(ip + 16);
	p->proto = ip[9] == IPP_ICMP ? VMI_VFR_PROTO_ICMP : ip[9] == IPP_TCP ? VMI_VFR_PROTO_TCP :
		   ip[9] == IPP_UDP ? VMI_VFR_PROTO_UDP : VMI_VFR_PROTO_IP;
	int first_fragment = (be16(ip + 6) & 0x1FFFu) == 0;
	if ((p->proto == VMI_VFR_PROTO_TCP || p->proto == VMI_VFR_PROTO_UDP) && first_fragment) {
		if (total < ihl + 4)
			return -1;                  /* ports cut off */
		p->sport = be16(ip + ihl);
		p->dport = be16(ip + ihl + 2);
		p->has_ports = 1;
	}
	return 0;
}

static int parse_arp(struct pkt *p)
{
	const uint8_t *a = p->h + VMI_NET_ETH_HLEN;

	if (p->len < VMI_NET_ETH_HLEN + 28 || be16(a) != 1 || be16(a + 2) != ETH_IP ||
	    a[4] != 6 || a[5] != 4)
		return -1;
	p->proto = VMI_VFR_PROTO_ARP;
	p->src = be32(a + 14);
	p->dst = be32(a + 24);
	return 0;
}

int vfr_parse(struct pkt *p, const uint8_t *h, uint32_t hlen, uint32_t len)
{
	*p = (struct pkt){ .h = h, .hlen = hlen, .len = len };
	if (len < VMI_NET_ETH_HLEN || hlen < (len < NET_HDR_COPY ? len : NET_HDR_COPY))
		return -1;
	p->type = be16(h + 12);
	if (p->type == ETH_IP)
		return parse_ip(p);
	if (p->type == ETH_ARP)
		return parse_arp(p);
	return 0;
}

static int is_dhcp_request(const struct pkt *p)
{
	return p->src == 0 && p->dst == 0xFFFFFFFFu && p->proto == VMI_VFR_PROTO_UDP &&
	       p->has_ports && p->sport == 68 && p->dport == 67;
}

int vfr_spoofed(const struct vif *v, const struct pkt *p)
{
	if (memcmp(p->h + 6, v->mac, 6) != 0)
		return 1;
	if (p->type == ETH_IP)
		return !(v->ip && p->src == v->ip) && !is_dhcp_request(p);
	if (p->type == ETH_ARP)
		return !v->ip || memcmp(p->h + VMI_NET_ETH_HLEN + 8, v->mac, 6) != 0 ||
		       (p->src != v->ip && p->src != 0);
	return 0;
}

static int proto_matches(uint8_t want, const struct pkt *p)
{
	if (want == VMI_VFR_PROTO_ANY)
		return 1;
	if (want == VMI_VFR_PROTO_IP)
		return p->type == ETH_IP;
	return want == p->proto && p->proto != VMI_VFR_PROTO_ANY;
}

static int matches(const struct vmi_vfr_rule *r, const struct pkt *p, uint32_t from, uint32_t to)
{
	int addressed = p->type == ETH_IP || p->type == ETH_ARP;

	if (!proto_matches(r->proto, p))
		return 0;
	if (r->vif != VMI_VFR_ANY_VIF && r->vif != from && r->vif != to)
		return 0;
	if ((r->src_mask || r->dst_mask) && !addressed)
		return 0;
	if ((p->src & r->src_mask) != (r->src_ip & r->src_mask) ||
	    (p->dst & r->dst_mask) != (r->dst_ip & r->dst_mask))
		return 0;
	if ((r->sport_mask || r->dport_mask) && !p->has_ports)
		return 0;
	return (p->sport & r->sport_mask) == (r->sport & r->sport_mask) &&
	       (p->dport & r->dport_mask) == (r->dport & r->dport_mask);
}

int vfr_allows(const struct pkt *p, uint32_t from, uint32_t to)
{
	for (uint32_t i = 0; i < nr_rules; i++) {
		struct vmi_vfr_rule *r = &rules[i];
		if (!matches(r, p, from, to))
			continue;
		r->hits++;
		if (r->action != VMI_VFR_COUNT)
			return r->action == VMI_VFR_ACCEPT;
	}
	policy_hits++;
	return policy == VMI_VFR_ACCEPT;
}

/* ---- the control plane's calls (dom0 only: checked by the caller) ---- */

int vfr_rule_get(uint32_t index, uint32_t va)
{
	struct vmi_vfr_rule r;

	if (index == VMI_VFR_DEFAULT)
		r = (struct vmi_vfr_rule){ .vif = VMI_VFR_ANY_VIF, .action = policy,
					   .hits = policy_hits };
	else if (index < nr_rules)
		r = rules[index];
	else
		return -VMI_ENOENT;
	return copy_to_guest(va, &r, sizeof r) ? -VMI_EFAULT : (int)nr_rules;
}

static int rule_ok(const struct vmi_vfr_rule *r)
{
	return r->proto <= VMI_VFR_PROTO_UDP && r->action <= VMI_VFR_COUNT &&
	       (r->vif < HV_MAX_DOMAINS || r->vif == VMI_VFR_NIC || r->vif == VMI_VFR_ANY_VIF);
}

int vfr_rule_set(uint32_t op, uint32_t index, uint32_t va)
{
	struct vmi_vfr_rule r;

	if (op == VMI_VFR_DEL) {
		if (index >= nr_rules)
			return -VMI_ENOENT;
		memmove(&rules[index], &rules[index + 1], (nr_rules - index - 1) * sizeof r);
		nr_rules--;
		return 0;
	}
	if (op != VMI_VFR_ADD && op != VMI_VFR_POLICY)
		return -VMI_EINVAL;
	if (copy_from_guest(&r, va, sizeof r))
		return -VMI_EFAULT;
	if (op == VMI_VFR_POLICY) {
		if (r.action != VMI_VFR_ACCEPT && r.action != VMI_VFR_DROP)
			return -VMI_EINVAL;
		policy = r.action;
		return 0;
	}
	if (!rule_ok(&r))
		return -VMI_EINVAL;
	if (nr_rules == VMI_VFR_MAX_RULES)
		return -VMI_ENOSPC;
	if (index > nr_rules)
		index = nr_rules;
	memmove(&rules[index + 1], &rules[index], (nr_rules - index) * sizeof r);
	r.hits = 0;
	rules[index] = r;
	nr_rules++;
	return (int)index;
}
