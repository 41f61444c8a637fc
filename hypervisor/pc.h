/*
 * pc.h - the PC devices the hypervisor drives, and the private interfaces
 * between its time, timer and scheduler files.
 *
 * The 8259 PIC, 8254 PIT, CMOS RTC and 16550 UART drivers are backends/
 * native's own pic.o, pit.o, rtc.o and uart16550.o (uart16550.h), linked
 * into the hypervisor as they are; the first three's
 * prototypes are repeated here (identically) so hypervisor files need not
 * include the native backend's private header.  Port I/O and control
 * registers come from the native backend's io.h, which holds only inline
 * instructions.
 */
#ifndef HV_PC_H
#define HV_PC_H

#include <stdint.h>
#include "hv.h"
#include "../backends/native/io.h"

/* ---- backends/native/pic.c: IRQ 0-15 on vectors 0x20-0x2F */
void pic_init(void);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
int pic_spurious(unsigned irq);

/* ---- backends/native/pit.c */
void pit_oneshot(uint32_t ticks);
uint64_t pit_calibrate_tsc(void);
#define PIT_HZ 1193182u

/* ---- backends/native/rtc.c */
uint64_t rtc_read_epoch(void);

/* ---- time.c */
uint64_t time_tsc_to_ns(uint64_t tsc_delta);

static inline uint64_t hv_rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ---- sched.c: a domain that may still run (built, not dead) */
static inline int domain_is_live(const struct domain *d)
{
	return d->state == DOM_RUNNABLE || d->state == DOM_BLOCKED;
}

/* ---- sched.c: the end of the running domain's slice, 0 if none; timer.c
 * programs the PIT for it as for any domain timer. */
uint64_t sched_slice_end(void);

#endif /* HV_PC_H */
