/*
 * pc.h - the PC devices the hypervisor drives, and the private interfaces
 * between its time, timer and scheduler files.
 *
 * The 8259 PIC, 8254 PIT, CMOS RTC and 16550 UART drivers are the ones
 * in drivers/, shared with the native backend; port I/O and control
 * registers come from drivers/x86.h.
 */
#ifndef HV_PC_H
#define HV_PC_H

#include <stdint.h>
#include "hv.h"
#include "drivers/x86.h"

#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "drivers/uart16550.h"

#define VEC_IRQ_BASE 0x20      /* where pic_init puts IRQ 0-15 */

/* ---- time.c */
uint64_t time_tsc_to_ns(uint64_t tsc_delta);

/* ---- sched.c: a domain that may still run (built, not dead) */
static inline int domain_is_live(const struct domain *d)
{
	return d->state == DOM_RUNNABLE || d->state == DOM_BLOCKED;
}

/* ---- sched.c: the end of the running domain's slice, 0 if none; timer.c
 * programs the PIT for it as for any domain timer. */
uint64_t sched_slice_end(void);

#endif /* HV_PC_H */
