/*
 * events.c - event channels on pvhv.
 *
 * Ports live in the hypervisor: binding, allocating, sending and closing are
 * HC_EVTCHN_OP hypercalls, which validate.  The pending and mask bitmaps live
 * in the shared page, so the hot calls - mask, next_pending - are locked bit
 * operations there (the hypervisor sets pending bits from interrupts, so a
 * plain read-modify-write could lose one).  Masking must still refuse a port
 * that is not in use, as natively, without asking the hypervisor: the backend
 * keeps its own bitmap of the ports this domain holds, set from successful
 * bind/alloc results and cleared on close.  Unmasking traps only when it
 * uncovers a pending port with events enabled (the hypervisor delivers it on
 * the way back).
 *
 * The invariant the hot paths rely on: a pending, unmasked port implies
 * upcall_pending.  The hypervisor sets the flag when it raises an unmasked
 * port, unmasking a pending port here sets it, and only
 * vmi_evtchn_next_pending clears it - when nothing is left.  So
 * vmi_irq_enable and vmi_iret test one byte instead of the bitmaps, and
 * the hypervisor looks at the bitmaps on its way back only when it is set.
 */
#include "backend.h"
#include "hypercall.h"

#define WORDS (VMI_NR_PORTS / 32)

static uint32_t in_use[WORDS];

static int port_in_use(uint32_t port)
{
	return port > 0 && port < VMI_NR_PORTS && ((in_use[port / 32] >> (port % 32)) & 1);
}

/* A bind/alloc result: a new port is ours from now on. */
static int note_port(int port)
{
	if (port > 0 && port < (int)VMI_NR_PORTS)
		__atomic_fetch_or(&in_use[port / 32], 1u << (port % 32), __ATOMIC_RELAXED);
	return port;
}

static void lock_set_bit(volatile uint32_t *word, uint32_t bit)
{
	__asm__ volatile("lock btsl %1, %0" : "+m"(*word) : "Ir"(bit) : "memory");
}

/* Clear a bit; nonzero if it was set (i.e. we, not someone else, took it). */
static int lock_clear_bit(volatile uint32_t *word, uint32_t bit)
{
	int was_set;

	__asm__ volatile("lock btrl %2, %0" : "+m"(*word), "=@ccc"(was_set) : "Ir"(bit) : "memory");
	return was_set;
}

static int evtchn_op(uint32_t cmd, uint32_t a1, uint32_t a2)
{
	return hc3(HC_EVTCHN_OP, cmd, a1, a2);
}

int vmi_evtchn_bind_virq(uint32_t virq)
{
	return note_port(evtchn_op(EVTCHNOP_BIND_VIRQ, virq, 0));
}

int vmi_evtchn_alloc_unbound(uint32_t remote_dom)
{
	return note_port(evtchn_op(EVTCHNOP_ALLOC_UNBOUND, remote_dom, 0));
}

int vmi_evtchn_bind_interdomain(uint32_t remote_dom, uint32_t remote_port)
{
	return note_port(evtchn_op(EVTCHNOP_BIND_INTERDOMAIN, remote_dom, remote_port));
}

/*
 * HC_EVTCHN_SEND's fast path leaves our own events to us (vmi/pvhv.h): a
 * send to one of our ports, or anything else pending, is delivered here
 * before the call returns, as natively - by entering the callback
 * ourselves (upcall.S) instead of a bounce by the hypervisor.  The same
 * conditions as the hypervisor's: upcall_pending set (which a pending,
 * unmasked port implies), events enabled, a callback registered.
 */
int vmi_evtchn_send(uint32_t port)
{
	int r = hc_evtchn_send(port);

	pvhv_deliver_pending();
	return r;
}

int vmi_evtchn_close(uint32_t port)
{
	int r = evtchn_op(EVTCHNOP_CLOSE, port, 0);

	if (r == 0 && port < VMI_NR_PORTS)
		__atomic_fetch_and(&in_use[port / 32], ~(1u << (port % 32)), __ATOMIC_RELAXED);
	return r;
}

int vmi_evtchn_mask(uint32_t port)
{
	if (!port_in_use(port))
		return -VMI_EINVAL;
	lock_set_bit(&SHARED->evtchn_mask[port / 32], port % 32);
	return 0;
}

int vmi_evtchn_unmask(uint32_t port)
{
	volatile struct pvhv_shared_info *s = SHARED;

	if (!port_in_use(port))
		return -VMI_EINVAL;
	lock_clear_bit(&s->evtchn_mask[port / 32], port % 32);
	if ((s->evtchn_pending[port / 32] >> (port % 32)) & 1) {
		s->upcall_pending = 1;          /* the invariant (top of file) */
		if (!s->upcall_mask)
			hc0(HC_EVENT_CHECK);
	}
	return 0;
}

/* The lowest pending, unmasked port, or -1. */
static int lowest_live(void)
{
	volatile struct pvhv_shared_info *s = SHARED;

	for (uint32_t w = 0; w < WORDS; w++) {
		uint32_t live = s->evtchn_pending[w] & ~s->evtchn_mask[w];
		if (live)
			return (int)(w * 32 + (uint32_t)__builtin_ctz(live));
	}
	return -1;
}

int pvhv_deliverable(void)
{
	return lowest_live() >= 0;
}

/* Take the lowest live port; a lost race (it was taken meanwhile) retries. */
static int take_lowest(void)
{
	int port;

	while ((port = lowest_live()) >= 0)
		if (lock_clear_bit(&SHARED->evtchn_pending[port / 32], port % 32))
			return port;
	return -1;
}

/*
 * upcall_pending says the hypervisor saw deliverable work; once everything
 * is taken it is stale and would make every vmi_irq_enable trap, so it is
 * cleared - but only when nothing is left, and by clearing first and
 * looking once more, so a port raised in between keeps it set.
 */
int vmi_evtchn_next_pending(void)
{
	int port = take_lowest();

	if (port >= 0)
		return port;
	SHARED->upcall_pending = 0;
	barrier();
	port = take_lowest();
	if (port >= 0)
		SHARED->upcall_pending = 1;     /* raised meanwhile: others may be */
	return port;
}
