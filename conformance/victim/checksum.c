/*
 * victim/checksum - the victim domain every hostile test runs beside.
 *
 * It fills 1 MiB of its memory with xorshift32 (seed 12345) and computes the
 * CRC-32 (IEEE, as zlib) of it ROUNDS times, yielding between rounds so an
 * attacker gets the processor meanwhile, and checks each result against the
 * reference value 0x88d0f939, which the host computes for the same data
 * with Python's zlib.crc32 (see scripts/victim_checksum.py).  If an attack
 * got through to this domain's memory or state, a round goes wrong.
 * "rounds=N" on its command line makes it work longer (make fuzz).
 */
#include "../runtime/test.h"

const char test_title[] = "victim: checksum workload beside an attacker";

#define WORDS (1u << 18)
#define DEFAULT_ROUNDS 8
#define EXPECTED_CRC 0x88d0f939u

static uint32_t data[WORDS];
static uint32_t crc_table[256];

static void make_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static void fill(void)
{
	uint32_t x = 12345;
	for (uint32_t i = 0; i < WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = x;
	}
}

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	while (n--)
		c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
	return ~c;
}

/* "rounds=N" from the command line, else DEFAULT_ROUNDS. */
static unsigned rounds(void)
{
	const char *s = test_bi->cmdline;
	for (; *s; s++)
		if ((s == test_bi->cmdline || s[-1] == ' ') && !strncmp(s, "rounds=", 7)) {
			unsigned v = 0;
			for (s += 7; *s >= '0' && *s <= '9'; s++)
				v = v * 10 + (unsigned)(*s - '0');
			return v ? v : DEFAULT_ROUNDS;
		}
	return DEFAULT_ROUNDS;
}

void test_main(void)
{
	unsigned n = rounds();
	make_table();
	fill();
	for (unsigned round = 0; round < n; round++) {
		CHECK_EQ(crc32((const uint8_t *)data, sizeof data), EXPECTED_CRC);
		vmi_sched_yield();
	}
}
