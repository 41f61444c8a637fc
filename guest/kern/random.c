/*
 * random.c - the kernel's pseudo-random numbers (getrandom, AT_RANDOM).
 *
 * xorshift128+, seeded from the time-stamp counter and the wall clock the
 * first time it is used.  Good enough for hash seeds and stack canaries
 * in a test kernel; not a cryptographic generator.  In the deterministic
 * scheduling mode (sched=det, sched.c) the seed is a constant instead: a
 * run must depend on nothing but its workload, and random bytes may steer
 * a program (hash-table layouts, temporary names).
 */
#include "proc/proc.h"

#define DET_SEED0 0x9E3779B97F4A7C15ull
#define DET_SEED1 0xBF58476D1CE4E5B9ull

static uint64_t s0, s1;

static void seed(void)
{
	if (sched_deterministic()) {
		s0 = DET_SEED0;
		s1 = DET_SEED1;
		return;
	}
	s0 = vmi_rdtsc() ^ DET_SEED0;
	s1 = vmi_wallclock_ns() ^ DET_SEED1;
}

static uint64_t next(void)
{
	uint64_t x, y;

	if (!s0 && !s1)
		seed();
	x = s0;
	y = s1;
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
