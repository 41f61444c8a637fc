/*
 * random.c - the kernel's pseudo-random numbers (getrandom, AT_RANDOM).
 *
 * xorshift128+, seeded from the time-stamp counter and the wall clock the
 * first time it is used.  Good enough for hash seeds and stack canaries
 * in a test kernel; not a cryptographic generator.
 */
#include "proc.h"

static uint64_t s0, s1;

static uint64_t next(void)
{
	uint64_t x = s0, y = s1;

	if (!s0 && !s1) {
		s0 = vmi_rdtsc() ^ 0x9E3779B97F4A7C15ull;
		s1 = vmi_wallclock_ns() ^ 0xBF58476D1CE4E5B9ull;
		x = s0;
		y = s1;
	}
	s0 = y;
	x ^= x << 23;
	s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
	return s1 + y;
}

uint32_t random_u32(void)
{
	return (uint32_t)(next() >> 32);
}

void random_fill(void *buf, uint32_t n)
{
	uint8_t *b = buf;

	while (n) {
		uint64_t r = next();

		for (int i = 0; i < 8 && n; i++, n--, r >>= 8)
			*b++ = (uint8_t)r;
	}
}
