/*
 * rtc.c - the CMOS real-time clock, read once at boot for the wall clock.
 *
 * Waits out an update in progress and reads until two reads agree, handles
 * BCD and 12-hour formats, and converts the civil date to seconds since the
 * Unix epoch (the RTC of a QEMU PC holds UTC by default).
 */
#include "rtc.h"
#include "x86.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_ADDR, reg | 0x80);        /* bit 7: keep NMI disabled */
	return inb(CMOS_DATA);
}

struct rtc_time { uint32_t sec, min, hour, day, mon, year, century; };

static void rtc_sample(struct rtc_time *t)
{
	while (cmos(0x0A) & 0x80)           /* update in progress */
		;
	t->sec = cmos(0x00); t->min = cmos(0x02); t->hour = cmos(0x04);
	t->day = cmos(0x07); t->mon = cmos(0x08); t->year = cmos(0x09);
	t->century = cmos(0x32);
}

static uint32_t bcd(uint32_t v) { return (v & 0xF) + (v >> 4) * 10; }

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint32_t days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
	y -= m <= 2;
	uint32_t era = y / 400, yoe = y - era * 400;
	uint32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
	struct rtc_time a, b;
	do {
		rtc_sample(&a);
		rtc_sample(&b);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day);
	uint8_t status_b = cmos(0x0B);
	uint32_t pm = a.hour & 0x80;
	a.hour &= 0x7F;
	if (!(status_b & 0x04)) {           /* BCD */
		a.sec = bcd(a.sec); a.min = bcd(a.min); a.hour = bcd(a.hour);
		a.day = bcd(a.day); a.mon = bcd(a.mon); a.year = bcd(a.year);
		a.century = bcd(a.century);
	}
	if (!(status_b & 0x02))             /* 12-hour clock */
		a.hour = (a.hour % 12) + (pm ? 12 : 0);
	uint32_t year = (a.century >= 19 && a.century <= 21 ? a.century * 100 : 2000) + a.year;
	uint64_t days = days_from_civil(year, a.mon, a.day);
	return days * 86400 + a.hour * 3600 + a.min * 60 + a.sec;
}
