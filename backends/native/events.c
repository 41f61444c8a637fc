/*
 * events.c - event channels natively.
 *
 * Ports, pending and mask bitmaps, VIRQ bindings, and loop-back inter-domain
 * pairs (natively the only domain is the guest itself, VMI_DOMID_SELF).
 * A port that becomes pending outside an interrupt is delivered with a
 * software interrupt on VEC_UPCALL, whose gate is the guest's callback, so
 * the callback always sees a hardware-built frame with events masked.
 */
#include "native.h"
#include "drivers/statusport.h"
#include "drivers/x86.h"

enum { PORT_FREE, PORT_VIRQ, PORT_UNBOUND, PORT_INTERDOMAIN, PORT_DEVICE };

struct port { uint8_t state, virq; uint16_t peer; };

static struct port ports[VMI_NR_PORTS];
/* Not static: evt_any_deliverable (native.h) reads them inline on every
 * return and irq_restore, where a call would be the binding's own cost. */
uint32_t evt_pending[VMI_NR_PORTS / 32], evt_masked[VMI_NR_PORTS / 32];
static uint16_t virq_port[VMI_NR_VIRQS];
volatile uint32_t evt_upcalls;   /* deliveries decided by the backend */
volatile int evt_blocking;       /* sched_block: mark pending, never deliver */
uint32_t evt_callback;           /* the guest's callback (idt.c sets it) */

static int port_in_use(uint32_t p)
{
	return p > 0 && p < VMI_NR_PORTS && ports[p].state != PORT_FREE;
}

static void set_bit(uint32_t *map, uint32_t p) { map[p / 32] |= 1u << (p % 32); }
static void clear_bit(uint32_t *map, uint32_t p) { map[p / 32] &= ~(1u << (p % 32)); }

static int alloc_port(void)
{
	for (uint32_t p = 1; p < VMI_NR_PORTS; p++)
		if (ports[p].state == PORT_FREE) {
			clear_bit(evt_pending, p);
			clear_bit(evt_masked, p);
			return (int)p;
		}
	return -VMI_ENOSPC;
}

/*
 * The backend decided to deliver: enter the callback through the gate with
 * events enabled in the frame (sti's shadow covers the int, so no IRQ comes
 * between).  Called and returns with interrupts off.
 */
void evt_upcall_now(void)
{
	evt_upcalls++;
	asm volatile("sti; int %0; cli" : : "i"(VEC_UPCALL) : "memory");
}

void evt_deliver_if_enabled(void)
{
	if ((read_eflags() & EFLAGS_IF) && !evt_blocking && evt_callback) {
		cli();
		if (evt_any_deliverable())
			evt_upcall_now();
		sti();
	}
}

int evt_raise_virq(uint32_t virq)
{
	uint32_t p = virq < VMI_NR_VIRQS ? virq_port[virq] : 0;
	if (!p)
		return -1;                  /* unbound: the event is dropped */
	set_bit(evt_pending, p);
	return 0;
}

/* A port a device of the backend's raises (block.c); interrupts off. */
int evt_alloc_device_port(void)
{
	int p = alloc_port();
	if (p > 0)
		ports[p] = (struct port){ PORT_DEVICE, 0, 0 };
	return p;
}

/* Make a device port pending, unless the guest has closed it meanwhile. */
void evt_raise_device_port(uint32_t port)
{
	if (port_in_use(port) && ports[port].state == PORT_DEVICE)
		set_bit(evt_pending, port);
}

int vmi_evtchn_bind_virq(uint32_t virq)
{
	if (virq >= VMI_NR_VIRQS)
		return -VMI_EINVAL;
	uint32_t f = irq_save_native();
	int p = virq_port[virq] ? -VMI_EEXIST : alloc_port();
	if (p > 0) {
		ports[p] = (struct port){ PORT_VIRQ, (uint8_t)virq, 0 };
		virq_port[virq] = (uint16_t)p;
	}
	irq_restore_native(f);
	if (p > 0 && virq == VMI_VIRQ_CONSOLE)
		status_line("ready");       /* input is taken from now on */
	return p;
}

int vmi_evtchn_alloc_unbound(uint32_t remote_dom)
{
	if (remote_dom != VMI_DOMID_SELF)
		return -VMI_ESRCH;
	uint32_t f = irq_save_native();
	int p = alloc_port();
	if (p > 0)
		ports[p] = (struct port){ PORT_UNBOUND, 0, 0 };
	irq_restore_native(f);
	return p;
}

int vmi_evtchn_bind_interdomain(uint32_t remote_dom, uint32_t remote_port)
{
	if (remote_dom != VMI_DOMID_SELF)
		return -VMI_ESRCH;
	uint32_t f = irq_save_native();
	int p = -VMI_EINVAL;
	if (port_in_use(remote_port) && ports[remote_port].state == PORT_UNBOUND)
		p = alloc_port();
	if (p > 0) {
		ports[p] = (struct port){ PORT_INTERDOMAIN, 0, (uint16_t)remote_port };
		ports[remote_port] = (struct port){ PORT_INTERDOMAIN, 0, (uint16_t)p };
	}
	irq_restore_native(f);
	return p;
}

int vmi_evtchn_send(uint32_t port)
{
	uint32_t f = irq_save_native();
	int r = 0;
	if (!port_in_use(port))
		r = -VMI_EINVAL;
	else if (ports[port].state == PORT_UNBOUND)
		r = -VMI_ENOTCONN;
	else if (ports[port].state != PORT_INTERDOMAIN)
		r = -VMI_EINVAL;
	else
		set_bit(evt_pending, ports[port].peer);
	irq_restore_native(f);
	evt_deliver_if_enabled();
	return r;
}

int vmi_evtchn_close(uint32_t port)
{
	uint32_t f = irq_save_native();
	int r = port_in_use(port) ? 0 : -VMI_EINVAL;
	if (r == 0) {
		struct port *pt = &ports[port];
		if (pt->state == PORT_INTERDOMAIN)
			ports[pt->peer] = (struct port){ PORT_UNBOUND, 0, 0 };
		if (pt->state == PORT_VIRQ)
			virq_port[pt->virq] = 0;
		*pt = (struct port){ PORT_FREE, 0, 0 };
		clear_bit(evt_pending, port);
		clear_bit(evt_masked, port);
	}
	irq_restore_native(f);
	return r;
}

int vmi_evtchn_mask(uint32_t port)
{
	uint32_t f = irq_save_native();
	int r = port_in_use(port) ? 0 : -VMI_EINVAL;
	if (r == 0)
		set_bit(evt_masked, port);
	irq_restore_native(f);
	return r;
}

int vmi_evtchn_unmask(uint32_t port)
{
	uint32_t f = irq_save_native();
	int r = port_in_use(port) ? 0 : -VMI_EINVAL;
	if (r == 0)
		clear_bit(evt_masked, port);
	irq_restore_native(f);
	evt_deliver_if_enabled();
	return r;
}

int vmi_evtchn_next_pending(void)
{
	uint32_t f = irq_save_native();
	int r = -1;
	for (uint32_t w = 0; w < VMI_NR_PORTS / 32 && r < 0; w++) {
		uint32_t live = evt_pending[w] & ~evt_masked[w];
		if (live) {
			r = (int)(w * 32 + (uint32_t)__builtin_ctz(live));
			clear_bit(evt_pending, (uint32_t)r);
		}
	}
	irq_restore_native(f);
	return r;
}
