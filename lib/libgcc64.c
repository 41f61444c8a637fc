/*
 * libgcc64.c - the 64-bit division helpers GCC calls on i386.
 *
 * gcc -m32 compiles a 64-bit '/' or '%' into a call to __udivdi3, __umoddi3,
 * __divdi3 or __moddi3 (newer versions also __udivmoddi4/__divmoddi4).  Guest
 * images link no libgcc (it is not built freestanding and may not exist for
 * -m32 on the build host), so the guest library provides them: printf needs
 * them for %llu, time arithmetic for nanoseconds.
 *
 * Nothing in this file may itself divide 64-bit values with '/' or '%'.
 * Dividing by zero raises #DE (vector 0) from the divl instruction, as the
 * hardware would for a 32-bit division.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
int64_t __divmoddi4(int64_t a, int64_t b, int64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t a, int64_t b);
int64_t __moddi3(int64_t a, int64_t b);

/* A divisor that fits in 32 bits: two hardware divisions, high word first,
 * so the second (edx:eax / d) can never overflow because edx < d. */
static uint64_t div_by_32(uint64_t n, uint32_t d, uint64_t *rem)
{
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n;
	uint32_t q_hi = hi / d, r = hi % d, q_lo;

	__asm__("divl %4" : "=a"(q_lo), "=d"(r) : "a"(lo), "d"(r), "rm"(d));
	if (rem)
		*rem = r;
	return ((uint64_t)q_hi << 32) | q_lo;
}

/* A divisor of 33 bits or more: the quotient fits in 32 bits, found by
 * shift and subtract after aligning the divisor's top bit with n's. */
static uint64_t div_by_64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0;
	int shift, i;

	if (n < d) {
		if (rem)
			*rem = n;
		return 0;
	}
	/* n >= d and d's high word is non-zero, so both high words are. */
	shift = __builtin_clz((uint32_t)(d >> 32)) - __builtin_clz((uint32_t)(n >> 32));
	d <<= shift;
	for (i = 0; i <= shift; i++) {
		q <<= 1;
		if (n >= d) {
			n -= d;
			q |= 1;
		}
		d >>= 1;
	}
	if (rem)
		*rem = n;
	return q;
}

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	if ((d >> 32) == 0)
		return div_by_32(n, (uint32_t)d, rem);
	return div_by_64(n, d, rem);
}

/* C semantics: the quotient truncates toward zero and the remainder takes
 * the sign of the dividend. */
int64_t __divmoddi4(int64_t a, int64_t b, int64_t *rem)
{
	uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
	uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
	uint64_t ur, uq = __udivmoddi4(ua, ub, &ur);

	if (rem)
		*rem = a < 0 ? -(int64_t)ur : (int64_t)ur;
	return (a < 0) != (b < 0) ? -(int64_t)uq : (int64_t)uq;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	return __udivmoddi4(n, d, 0);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	__udivmoddi4(n, d, &r);
	return r;
}

int64_t __divdi3(int64_t a, int64_t b)
{
	return __divmoddi4(a, b, 0);
}

int64_t __moddi3(int64_t a, int64_t b)
{
	int64_t r;

	__divmoddi4(a, b, &r);
	return r;
}
