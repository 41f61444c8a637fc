/*
 * event.h - event-channel dispatch for guest-side programs.
 *
 * The event callback stub (see trap.h) calls event_dispatch, which drains
 * pending ports with vmi_evtchn_next_pending and calls each port's handler.
 */
#ifndef GUEST_EVENT_H
#define GUEST_EVENT_H

#include "trap.h"

typedef void (*event_handler_t)(unsigned port, struct trap_regs *r);

/* Route port (1..VMI_NR_PORTS-1) to h; NULL counts it as spurious. */
void event_set_handler(unsigned port, event_handler_t h);

/* Drain and dispatch every pending unmasked port (called by the stub). */
void event_dispatch(struct trap_regs *r);

/* Deliveries of ports that had no handler. */
extern volatile unsigned event_spurious;

#endif /* GUEST_EVENT_H */
