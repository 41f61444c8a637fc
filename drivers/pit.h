/*
 * pit.h - the 8254 programmable interval timer (pit.c): a one-shot timer on
 * channel 0 (IRQ 0) and TSC calibration on channel 2.
 */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u
#define IRQ_PIT 0              /* channel 0 is wired to IRQ 0 */

/* Fire IRQ 0 once after `ticks` PIT periods (clamped to 1..65535). */
void pit_oneshot(uint32_t ticks);
/* TSC ticks per second, measured over 10 ms of channel 2. */
uint64_t pit_calibrate_tsc(void);

#endif /* DRIVERS_PIT_H */
