/*
 * guest/net/tcp_isn.c - initial sequence numbers (RFC 6528): a keyed hash
 * of the four-tuple under a secret drawn once from the kernel's random
 * generator, plus a clock that advances 250 per millisecond (RFC 793's
 * 4 us).  An off-path attacker who does not know the secret cannot
 * predict the ISN of a connection, and a new incarnation of a four-tuple
 * still starts above the old one.  The hash is HalfSipHash-2-4 (Aumasson
 * and Bernstein's 32-bit SipHash), written from its description.
 */
#include "net/tcp_int.h"
#include "proc/proc.h"

static uint32_t key[2];
static int keyed;

static uint32_t rotl(uint32_t x, int b)
{
	return (x << b) | (x >> (32 - b));
}

static void round4(uint32_t v[4])
{
	v[0] += v[1]; v[1] = rotl(v[1], 5); v[1] ^= v[0]; v[0] = rotl(v[0], 16);
	v[2] += v[3]; v[3] = rotl(v[3], 8); v[3] ^= v[2];
	v[0] += v[3]; v[3] = rotl(v[3], 7); v[3] ^= v[0];
	v[2] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[2]; v[2] = rotl(v[2], 16);
}

/* HalfSipHash-2-4 of n 32-bit words (n * 4 bytes, little-endian words). */
static uint32_t halfsiphash(const uint32_t *m, uint32_t n)
{
	uint32_t v[4] = { key[0], key[1], 0x6c796765u ^ key[0], 0x74656462u ^ key[1] };
	for (uint32_t i = 0; i < n; i++) {
		v[3] ^= m[i];
		round4(v);
		round4(v);
		v[0] ^= m[i];
	}
	uint32_t last = (n * 4) << 24;
	v[3] ^= last;
	round4(v);
	round4(v);
	v[0] ^= last;
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		round4(v);
	return v[1] ^ v[3];
}

uint32_t tcp_isn(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport)
{
	if (!keyed) {
		key[0] = random_u32();
		key[1] = random_u32();
		keyed = 1;
	}
	uint32_t m[3] = { laddr, raddr, (uint32_t)lport << 16 | rport };
	return halfsiphash(m, 3) + (uint32_t)(net_now_ms() * 250);
}
