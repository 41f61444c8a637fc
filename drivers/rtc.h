/*
 * rtc.h - the CMOS real-time clock (rtc.c), read once at boot.
 */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include <stdint.h>

/* Seconds since the Unix epoch (the RTC holds UTC). */
uint64_t rtc_read_epoch(void);

#endif /* DRIVERS_RTC_H */
