/*
 * guest/net/tcp_ring.c - a connection's send or receive buffer: 64 KiB
 * addressed by sequence number modulo its size, so data never moves and
 * out-of-order bytes go straight to their place.  Pages are taken when
 * first written (an idle or closed connection holds none).
 */
#include "net/tcp_int.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* Copy n bytes to the ring at seq; -ENOBUFS if a page is not available. */
int tcp_ring_write(struct tcp_ring *r, uint32_t seq, const void *src, uint32_t n)
{
	const uint8_t *s = src;
	while (n) {
		uint32_t off = seq & (TCP_RING - 1);
		uint32_t pg = off >> 12, in = off & 4095;
		uint32_t k = 4096 - in < n ? 4096 - in : n;
		if (!r->page[pg] && !(r->page[pg] = kpage_alloc()))
			return -ENOBUFS;
		memcpy(r->page[pg] + in, s, k);
		s += k;
		seq += k;
		n -= k;
	}
	return 0;
}

/* Copy n bytes at seq out of the ring (written earlier). */
void tcp_ring_read(const struct tcp_ring *r, uint32_t seq, void *dst, uint32_t n)
{
	uint8_t *d = dst;
	while (n) {
		uint32_t off = seq & (TCP_RING - 1);
		uint32_t pg = off >> 12, in = off & 4095;
		uint32_t k = 4096 - in < n ? 4096 - in : n;
		if (r->page[pg])
			memcpy(d, r->page[pg] + in, k);
		else
			memset(d, 0, k);
		d += k;
		seq += k;
		n -= k;
	}
}

void tcp_ring_free(struct tcp_ring *r)
{
	for (uint32_t i = 0; i < TCP_RING_PAGES; i++) {
		if (r->page[i])
			kpage_free(r->page[i]);
		r->page[i] = 0;
	}
}
