/*
 * guest/net/tcp_parse.c - an arriving segment checked and decoded: length,
 * data offset, checksum, flag combinations, ports and options.  Anything
 * malformed is refused here, so the state machine only sees segments whose
 * every field is within the bytes that arrived.
 */
#include "net/tcp_int.h"

static uint32_t get16(const uint8_t *b)
{
	return (uint32_t)b[0] << 8 | b[1];
}

static uint32_t get32(const uint8_t *b)
{
	return get16(b) << 16 | get16(b + 2);
}

/* The options between the header and the data: every length in bounds;
 * only the MSS (on a SYN) is used. 0, or -1 if malformed. */
static int parse_options(const uint8_t *o, uint32_t n, struct tcp_seg *s)
{
	uint32_t i = 0;
	while (i < n) {
		uint8_t kind = o[i];
		if (kind == 0)
			break;                         /* end of options */
		if (kind == 1) {
			i++;                           /* no-op */
			continue;
		}
		if (i + 1 >= n || o[i + 1] < 2 || o[i + 1] > n - i)
			return -1;
		if (kind == 2) {
			if (o[i + 1] != 4)
				return -1;
			if (s->flags & TH_SYN)
				s->mss = (uint16_t)get16(o + i + 2);
		}
		i += o[i + 1];
	}
	return 0;
}

/* Decode seg (len bytes from src to dst) into s: 0, or -1 to drop. */
int tcp_parse(uint32_t src, uint32_t dst, const uint8_t *seg, uint32_t len,
	      struct tcp_seg *s)
{
	if (!seg || len < TCP_HDR)
		return -1;
	uint32_t hlen = (uint32_t)(seg[12] >> 4) * 4;
	if (hlen < TCP_HDR || hlen > len)
		return -1;
	if (inet_pseudo_checksum(src, dst, IPPROTO_TCP, seg, len) != 0)
		return -1;
	*s = (struct tcp_seg){
		.src = src, .dst = dst,
		.sport = (uint16_t)get16(seg), .dport = (uint16_t)get16(seg + 2),
		.seq = get32(seg + 4), .ack = get32(seg + 8),
		.flags = (uint8_t)(seg[13] & 0x3f), .win = (uint16_t)get16(seg + 14),
		.data = seg + hlen, .len = len - hlen,
	};
	if (!s->sport || !s->dport || !src || src == 0xffffffffu)
		return -1;
	if ((s->flags & TH_SYN) && (s->flags & (TH_RST | TH_FIN)))
		return -1;                         /* never legitimate */
	return parse_options(seg + TCP_HDR, hlen - TCP_HDR, s);
}
