/*
 * rdtsc - vmi_rdtsc is monotonic and advances with time.
 *
 * The raw counter is what fine-grained timing (and the backends' own system
 * time) is built on; a counter that stood still or went backwards would make
 * every measurement wrong.  Its frequency is not part of the interface, so
 * only order is checked: many back-to-back reads never decrease, and across
 * one millisecond of system time the counter strictly advances.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: rdtsc is monotonic";

#define READS 10000
#define WAIT_NS 1000000ull

void test_main(void)
{
	uint64_t prev = vmi_rdtsc(), now, start, until;
	unsigned backwards = 0;

	for (int i = 0; i < READS; i++) {
		now = vmi_rdtsc();
		backwards += now < prev;
		prev = now;
	}
	CHECK_EQ(backwards, 0);

	/* Across a millisecond of system time the counter moves forward. */
	start = vmi_rdtsc();
	until = vmi_time_ns() + WAIT_NS;
	while (vmi_time_ns() < until)
		;
	now = vmi_rdtsc();
	CHECK_GT(now, start);
	CHECK_NE(now, 0);
}
