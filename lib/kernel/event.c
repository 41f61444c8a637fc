/*
 * event.c - event-channel dispatch (event.h).
 *
 * The event callback stub (trapentry.S) arrives here through trap_dispatch
 * with events masked.  event_dispatch takes pending ports one at a time with
 * vmi_evtchn_next_pending - which clears each port as it returns it - until
 * none is left, so an event raised while a handler runs is picked up in the
 * same pass and nothing is lost between the last check and the vmi_iret
 * that re-enables events (the backend re-enters the callback then).
 * A port without a handler is counted in event_spurious and dropped.
 */
#include <vmi/vmi.h>
#include "lib/klib.h"
#include "event.h"

volatile unsigned event_spurious;

static event_handler_t handlers[VMI_NR_PORTS];

void event_set_handler(unsigned port, event_handler_t h)
{
	if (port == 0 || port >= VMI_NR_PORTS)
		panic("event_set_handler: bad port %u", port);
	handlers[port] = h;
}

void event_dispatch(struct trap_regs *r)
{
	int port;

	while ((port = vmi_evtchn_next_pending()) >= 0) {
		if (port > 0 && port < VMI_NR_PORTS && handlers[port])
			handlers[port](port, r);
		else
			event_spurious++;
	}
}
