/*
 * events.c - event channels: ports, VIRQ bindings, inter-domain pairs, and
 * making a port pending in a domain's shared-info page.
 *
 * The semantics and error codes are those of backends/native/events.c (the
 * conformance tests run unchanged on both); natively the only remote domain
 * is the guest itself, here it is any live domain.  The port table lives in
 * struct domain (hypervisor memory); the pending and mask bitmaps live in
 * the shared page, where the guest masks ports and takes pending bits with
 * locked bit operations of its own - so every hypervisor write to them is
 * a locked operation too, even though this CPU is the only one.
 *
 * Device ports (a block ring's) are raised by the hypervisor itself.
 *
 * A pending, unmasked port sets upcall_pending (the core bounces into the
 * event callback on the way back to the guest if events are enabled) and
 * wakes the domain if it is blocked.  Raised while masked, it stays pending
 * until the guest unmasks it; a VIRQ with no port bound is dropped.
 */
#include "hv.h"
#include "pc.h"

static void bit_set(volatile uint32_t *map, uint32_t bit)
{
	asm volatile("lock btsl %1, %0" : "+m"(*map) : "r"(bit) : "memory");
}

static void bit_clear(volatile uint32_t *map, uint32_t bit)
{
	asm volatile("lock btrl %1, %0" : "+m"(*map) : "r"(bit) : "memory");
}

static int bit_test(const volatile uint32_t *map, uint32_t bit)
{
	return (map[bit / 32] >> (bit % 32)) & 1;
}

/* A live domain by id; VMI_DOMID_SELF is the caller. */
static struct domain *domain_by_id(struct domain *self, uint32_t id)
{
	if (id == VMI_DOMID_SELF)
		return self;
	if (id < HV_MAX_DOMAINS && domain_is_live(&domains[id]))
		return &domains[id];        /* a domain's id is its slot */
	return 0;
}

/* Incarnations of each domain slot: a dead domain's id given to a new one
 * (domain_create.c) starts a new one.  A port on offer (UNBOUND) records
 * the incarnation of the domain it is offered to in remote_port (unused
 * then), so a newcomer cannot bind what was meant for its predecessor -
 * without a walk of every domain's ports at each reuse.  16 bits: a port
 * would have to stay on offer across 65,536 reuses of one slot. */
static uint16_t incarnation[HV_MAX_DOMAINS];

static struct hv_port offer_to(const struct domain *r)
{
	return (struct hv_port){ .state = PORT_UNBOUND, .remote_dom = r->id,
				 .remote_port = incarnation[r->id] };
}

static int port_in_use(const struct domain *d, uint32_t p)
{
	return p > 0 && p < VMI_NR_PORTS && d->ports[p].state != PORT_FREE;
}

/* The lowest free port, starting clean: not pending, not masked. */
static int alloc_port(struct domain *d)
{
	for (uint32_t p = 1; p < VMI_NR_PORTS; p++)
		if (d->ports[p].state == PORT_FREE) {
			bit_clear(d->shared->evtchn_pending, p);
			bit_clear(d->shared->evtchn_mask, p);
			return (int)p;
		}
	return -VMI_ENOSPC;
}

static int bind_virq(struct domain *d, uint32_t virq)
{
	if (virq >= VMI_NR_VIRQS)
		return -VMI_EINVAL;
	if (d->virq_port[virq])
		return -VMI_EEXIST;
	int p = alloc_port(d);
	if (p > 0) {
		d->ports[p] = (struct hv_port){ .state = PORT_VIRQ, .virq = (uint8_t)virq };
		d->virq_port[virq] = (uint16_t)p;
		if (virq == VMI_VIRQ_CONSOLE)
			console_input_ready(d);
	}
	return p;
}

static int alloc_unbound(struct domain *d, uint32_t remote_dom)
{
	struct domain *r = domain_by_id(d, remote_dom);

	if (!r)
		return -VMI_ESRCH;
	int p = alloc_port(d);
	if (p > 0)
		d->ports[p] = offer_to(r);
	return p;
}

static int bind_interdomain(struct domain *d, uint32_t remote_dom, uint32_t rport)
{
	struct domain *r = domain_by_id(d, remote_dom);

	if (!r)
		return -VMI_ESRCH;
	if (!port_in_use(r, rport) || r->ports[rport].state != PORT_UNBOUND ||
	    r->ports[rport].remote_dom != d->id ||
	    r->ports[rport].remote_port != incarnation[d->id])
		return -VMI_EINVAL;
	int p = alloc_port(d);
	if (p > 0) {
		d->ports[p] = (struct hv_port){ .state = PORT_INTERDOMAIN,
			.remote_dom = r->id, .remote_port = (uint16_t)rport };
		r->ports[rport] = (struct hv_port){ .state = PORT_INTERDOMAIN,
			.remote_dom = d->id, .remote_port = (uint16_t)p };
	}
	return p;
}

static inline __attribute__((always_inline)) void raise_port(struct domain *d, uint32_t port);

/*
 * The event-latency path (HC_EVTCHN_SEND's fast path calls it straight
 * from entry.S).  The port is the guest's and is checked; what the port
 * table says about the peer was checked when the pair was bound and is
 * kept true by close_port, so the peer's id is only bounded and its
 * liveness tested once, and its port is raised without the range and
 * liveness checks evtchn_set_pending makes for callers that pass
 * anything.
 */
__attribute__((regparm(2))) int evtchn_send(struct domain *d, uint32_t port)
{
	if (port - 1 >= VMI_NR_PORTS - 1)   /* port_in_use's range, unsigned */
		return -VMI_EINVAL;
	const struct hv_port *pt = &d->ports[port];
	if (pt->state != PORT_INTERDOMAIN)  /* FREE, VIRQ, DEVICE: EINVAL */
		return pt->state == PORT_UNBOUND ? -VMI_ENOTCONN : -VMI_EINVAL;
	if (pt->remote_dom >= HV_MAX_DOMAINS)   /* cannot happen: bound to an id */
		return -VMI_ENOTCONN;
	struct domain *peer = &domains[pt->remote_dom];
	if (!domain_is_live(peer))          /* cannot happen: death unbinds */
		return -VMI_ENOTCONN;
	raise_port(peer, pt->remote_port);  /* a port of peer's, bound with it */
	return 0;
}

/* Free a port; an inter-domain peer stays allocated, unbound, on offer to d. */
static void close_port(struct domain *d, uint32_t port)
{
	struct hv_port *pt = &d->ports[port];

	if (pt->state == PORT_INTERDOMAIN) {
		struct domain *peer = pt->remote_dom < HV_MAX_DOMAINS ?
			&domains[pt->remote_dom] : 0;
		if (peer && peer->state != DOM_FREE)
			peer->ports[pt->remote_port] = offer_to(d);
	}
	if (pt->state == PORT_VIRQ)
		d->virq_port[pt->virq] = 0;
	*pt = (struct hv_port){ .state = PORT_FREE };
	bit_clear(d->shared->evtchn_pending, port);
	bit_clear(d->shared->evtchn_mask, port);
}

/* Every operation but send, out of line: the registers their code needs
 * are saved only on these paths. */
static __attribute__((noinline)) int evtchn_op_other(struct domain *d, uint32_t cmd,
						     uint32_t a1, uint32_t a2)
{
	switch (cmd) {
	case EVTCHNOP_BIND_VIRQ:
		return bind_virq(d, a1);
	case EVTCHNOP_ALLOC_UNBOUND:
		return alloc_unbound(d, a1);
	case EVTCHNOP_BIND_INTERDOMAIN:
		return bind_interdomain(d, a1, a2);
	case EVTCHNOP_CLOSE:
		if (!port_in_use(d, a1))
			return -VMI_EINVAL;
		close_port(d, a1);
		return 0;
	default:
		return -VMI_ENOSYS;
	}
}

/* Send first: it is on the event-latency path. */
__attribute__((regparm(3))) int evtchn_op(struct domain *d, uint32_t cmd, uint32_t a1,
					  uint32_t a2)
{
	if (cmd == EVTCHNOP_SEND)
		return evtchn_send(d, a1);
	return evtchn_op_other(d, cmd, a1, a2);
}

/* Port (1 to VMI_NR_PORTS - 1) of live domain d pending; inline in the
 * send (the event-latency path). */
static inline __attribute__((always_inline)) void raise_port(struct domain *d, uint32_t port)
{
	struct pvhv_shared_info *s = d->shared;   /* once: bit_set clobbers memory */

	bit_set(s->evtchn_pending, port);
	if (bit_test(s->evtchn_mask, port))
		return;                     /* kept for the guest's unmask */
	s->upcall_pending = 1;
	if (d->state == DOM_BLOCKED)
		sched_wake(d);
}

void evtchn_set_pending(struct domain *d, uint32_t port)
{
	if (domain_is_live(d) && port > 0 && port < VMI_NR_PORTS)
		raise_port(d, port);
}

void evtchn_raise_virq(struct domain *d, uint32_t virq)
{
	if (virq < VMI_NR_VIRQS && d->virq_port[virq])
		evtchn_set_pending(d, d->virq_port[virq]);
}

/* A dying domain: every port closed, every peer left unbound. */
void evtchn_release_domain(struct domain *d)
{
	for (uint32_t p = 1; p < VMI_NR_PORTS; p++)
		if (d->ports[p].state != PORT_FREE)
			close_port(d, p);
}

/* A port the hypervisor itself raises (a block ring's, blkring.c). */
int evtchn_alloc_device_port(struct domain *d)
{
	int p = alloc_port(d);

	if (p > 0)
		d->ports[p] = (struct hv_port){ .state = PORT_DEVICE };
	return p;
}

/* Pending, unless the guest has closed the port (or reused its number). */
void evtchn_raise_device_port(struct domain *d, uint32_t port)
{
	if (port_in_use(d, port) && d->ports[port].state == PORT_DEVICE)
		evtchn_set_pending(d, port);
}

/* A dead domain's id is given to a new one (domain_create.c): ports that
 * were left offered to the old one (close_port) are offered to nobody, so
 * the newcomer cannot bind what was meant for its predecessor - by a new
 * incarnation of the id, not by a walk of every port. */
void evtchn_forget_id(uint32_t id)
{
	if (id < HV_MAX_DOMAINS)
		incarnation[id]++;
}