/*
 * clock.c - wall-clock time and system time.
 *
 * VMI has three clocks: system time (ns since boot, monotonic), virtual run
 * time (system time minus time not running) and wall-clock time (ns since
 * the Unix epoch).  Their values differ from run to run and backend to
 * backend, so they are printed only on env: lines; what is checked is that
 * system time never goes backwards, run time never exceeds it, and the wall
 * clock names a plausible year.
 */
#include "kernel.h"
#include "lib/klib.h"

#define NS_PER_SEC   1000000000u
#define SECS_PER_DAY 86400u
#define NR_SAMPLES   1000

struct date {
	unsigned year, month, day, hour, min, sec;
};

static unsigned wall_year;
static int monotonic, vtime_ok;

/* Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm,
 * shifted so every quantity stays non-negative and fits 32 bits). */
static void civil_from_days(uint32_t days, struct date *d)
{
	uint32_t z = days + 719468;               /* days since 0000-03-01 */
	uint32_t era = z / 146097;
	uint32_t doe = z - era * 146097;          /* [0, 146096] */
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint32_t mp = (5 * doy + 2) / 153;        /* March-based month */

	d->day = doy - (153 * mp + 2) / 5 + 1;
	d->month = mp < 10 ? mp + 3 : mp - 9;
	d->year = yoe + era * 400 + (d->month <= 2);
}

/* Wall-clock nanoseconds to a UTC date. */
static void date_from_ns(uint64_t ns, struct date *d)
{
	uint64_t secs = ns / NS_PER_SEC;   /* 64-bit division: lib/libgcc64.c */
	uint32_t days = (uint32_t)(secs / SECS_PER_DAY);
	uint32_t secs_of_day = (uint32_t)(secs % SECS_PER_DAY);

	civil_from_days(days, d);
	d->hour = secs_of_day / 3600;
	d->min = secs_of_day / 60 % 60;
	d->sec = secs_of_day % 60;
}

/* System time sampled back to back never decreases; run time <= it. */
static void sample_clocks(void)
{
	uint64_t prev = vmi_time_ns(), now;

	monotonic = 1;
	for (int i = 0; i < NR_SAMPLES; i++) {
		now = vmi_time_ns();
		if (now < prev)
			monotonic = 0;
		prev = now;
	}
	vtime_ok = vmi_vtime_ns() <= vmi_time_ns();
}

void clock_report(void)
{
	struct date d;
	uint64_t now = vmi_time_ns();

	date_from_ns(vmi_wallclock_ns(), &d);
	wall_year = d.year;
	printf("env: wallclock=%04u-%02u-%02u %02u:%02u:%02u UTC\n",
	       d.year, d.month, d.day, d.hour, d.min, d.sec);
	printf("env: uptime=%llu us vtime=%llu us\n", now / 1000,
	       vmi_vtime_ns() / 1000);
	sample_clocks();
	printf("clock: wall clock and system time read\n");
}

int clock_check(void)
{
	return wall_year >= 2020 && wall_year <= 2100 && monotonic && vtime_ok;
}
