/*
 * pit.c - the 8254 programmable interval timer.
 *
 * Channel 0 in mode 0 ("interrupt on terminal count") is the one-shot timer
 * behind vmi_timer_set; channel 2, gated through port 0x61 and read back on
 * its output bit, measures a fixed interval to calibrate the TSC.
 */
#include "pit.h"
#include "x86.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B  0x61
#define CAL_TICKS 11932u                /* 10 ms at PIT_HZ */


/* Fire IRQ 0 once after `ticks` PIT periods (1..65535). */
void pit_oneshot(uint32_t ticks)
{
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xFFFF)
		ticks = 0xFFFF;
	outb(PIT_CMD, 0x30);                /* channel 0, lo/hi, mode 0 */
	outb(PIT_CH0, ticks & 0xFF);
	outb(PIT_CH0, ticks >> 8);
}

/* TSC ticks per second, measured over CAL_TICKS of channel 2. */
uint64_t pit_calibrate_tsc(void)
{
	uint8_t b = (inb(PORT_B) & ~0x02) | 0x01;   /* gate on, speaker off */
	outb(PORT_B, b & ~0x01);                    /* gate low: load counter */
	outb(PIT_CMD, 0xB0);                        /* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2, CAL_TICKS & 0xFF);
	outb(PIT_CH2, CAL_TICKS >> 8);
	uint64_t start = rdtsc();
	outb(PORT_B, b);                            /* gate high: count */
	while (!(inb(PORT_B) & 0x20))               /* OUT2 rises at zero */
		;
	uint64_t delta = rdtsc() - start;
	outb(PORT_B, b & ~0x01);
	return delta * PIT_HZ / CAL_TICKS;
}
