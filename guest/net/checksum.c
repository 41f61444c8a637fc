/*
 * checksum.c - the Internet checksum (RFC 1071): the one's complement sum
 * of 16-bit words, over IP headers, ICMP messages, and UDP and TCP
 * segments with their pseudo-header.
 *
 * The sum is kept unfolded in 32 bits while adding (a carry never gets
 * lost for the packet sizes we handle: < 2^16 words) and folded once.
 */
#include "net/net.h"
#include "net/tcp.h"

uint32_t inet_sum(const void *data, uint32_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (; len >= 2; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;          /* odd byte: padded with zero */
	return sum;
}

uint16_t inet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* In host order: store it with put16. */
uint16_t inet_checksum(const void *data, uint32_t len)
{
	return inet_fold(inet_sum(data, len, 0));
}

uint16_t inet_pseudo_checksum(uint32_t src, uint32_t dst, uint8_t proto,
			      const void *data, uint32_t len)
{
	uint32_t sum = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) +
		       proto + len;

	return inet_fold(inet_sum(data, len, sum));
}
