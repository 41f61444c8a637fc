/*
 * scale_work - the CPU-bound workload of `make bench-scale`
 * (scripts/bench_scale.py): one copy per domain, 1 to 256 of them.
 *
 * NOT a conformance test (run.py never discovers conformance/bench/).
 * Each domain spins doing fixed units of arithmetic and counts the units
 * it completes inside one window of system time, the same for every
 * domain of a run: [start, start + window) (options start=<ms> and
 * window=<ms>; the launcher picks a start after the last domain is
 * built).  It then prints
 *
 *   scale-work units=<n> first_ms=<t> vtime_ms=<v>
 *
 * (first_ms: system time when it first ran, which must be before start
 * for the window to be fair; vtime_ms: its own run time in the window)
 * and ends.  Under icount (1 ns = 1 instruction) the sum of units over
 * the window is the aggregate throughput: what scheduling N domains costs
 * shows as fewer units than one domain alone completes.
 */
#include "../runtime/test.h"

const char test_title[] = "bench-scale: CPU-bound units over a window";

#define UNIT_ROUNDS 200          /* about 2000 instructions a unit */

static volatile uint32_t sink;

/* One unit of work: a few hundred rounds of integer mixing. */
static void unit(void)
{
	uint32_t x = sink;

	for (uint32_t i = 0; i < UNIT_ROUNDS; i++)
		x = (x ^ (x << 5)) + i * 2654435761u;
	sink = x;
}

void test_main(void)
{
	uint64_t first = vmi_time_ns();
	uint64_t start = (uint64_t)test_option("start", 1000) * 1000000u;
	uint64_t end = start + (uint64_t)test_option("window", 1000) * 1000000u;
	uint64_t now, v0 = 0, units = 0;
	int in_window = 0;

	while ((now = vmi_time_ns()) < end) {
		if (!in_window && now >= start) {
			in_window = 1;
			v0 = vmi_vtime_ns();
		}
		unit();
		units += in_window;
	}
	printf("scale-work units=%llu first_ms=%llu vtime_ms=%llu\n",
	       (unsigned long long)units, (unsigned long long)(first / 1000000u),
	       (unsigned long long)((vmi_vtime_ns() - v0) / 1000000u));
	CHECK(first < start);
}
