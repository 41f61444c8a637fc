/*
 * nl_msg.c - netlink messages: replies built into a batch that is queued
 * on the requesting socket as whole-message datagrams, and the attributes
 * (struct rtattr, 4-byte aligned) of requests parsed.
 *
 * Replies are built with memcpy into a byte buffer, never through
 * pointers kept across calls: a message being built moves to the front of
 * the batch when the messages before it are queued.
 */
#include "net/netlink.h"
#include "lib/klib.h"

#define NLA_TYPE_MASK 0x3FFFu         /* without NLA_F_NESTED, NLA_F_NET_BYTEORDER */
#define NLM_F_CAPPED  0x100           /* an error carrying only part of the request */

static const uint8_t zeros[4];

/* Queue buf[0..n) as one datagram from the kernel (port 0). */
static void queue(struct nl_out *o, uint32_t n)
{
	struct sockaddr_k from = { 0 };

	if (n && dgram_enqueue(o->s, &from, o->buf, n) < 0)
		o->s->error = ENOBUFS;
}

/* Room for n more bytes: the complete messages go out, the one being
 * built moves to the front.  0, or -EMSGSIZE if it cannot fit at all. */
static int room(struct nl_out *o, uint32_t n)
{
	uint32_t start = o->open ? o->msg : o->len;

	if (o->len + n <= NL_BATCH)
		return 0;
	queue(o, start);
	memmove(o->buf, o->buf + start, o->len - start);
	o->len -= start;
	o->msg = 0;
	return o->len + n <= NL_BATCH ? 0 : -EMSGSIZE;
}

/* n bytes (then zeros to a multiple of 4) at the end of the batch. */
static void append(struct nl_out *o, const void *data, uint32_t n)
{
	uint32_t pad = NLMSG_ALIGN(n) - n;

	if (o->open < 0 || room(o, n + pad) < 0) {
		o->open = -1;                    /* too big: nl_end drops it */
		return;
	}
	memcpy(o->buf + o->len, data, n);
	memcpy(o->buf + o->len + n, zeros, pad);
	o->len += n + pad;
}

void nl_begin(struct nl_out *o, uint16_t type, uint16_t flags, const void *fixed, uint32_t len)
{
	struct nlmsghdr h = { 0, type, flags, o->seq, o->pid };

	if (o->open)
		nl_end(o);
	if (room(o, NLMSG_HDRLEN) < 0)
		return;
	o->msg = o->len;
	o->open = 1;
	append(o, &h, sizeof(h));
	append(o, fixed, len);
}

void nl_put(struct nl_out *o, uint16_t type, const void *data, uint32_t len)
{
	struct rtattr a = { (uint16_t)(RTA_HDRLEN + len), type };

	if (!o->open || len > NL_BATCH) {
		o->open = o->open ? -1 : 0;
		return;
	}
	if (room(o, RTA_HDRLEN + RTA_ALIGN(len)) < 0) {
		o->open = -1;
		return;
	}
	append(o, &a, sizeof(a));
	append(o, data, len);
}

void nl_put32(struct nl_out *o, uint16_t type, uint32_t v)
{
	nl_put(o, type, &v, sizeof(v));
}

void nl_put_be32(struct nl_out *o, uint16_t type, uint32_t v)
{
	nl_put32(o, type, bswap32(v));
}

void nl_end(struct nl_out *o)
{
	uint32_t len = o->len - o->msg;

	if (o->open < 0)
		o->len = o->msg;                  /* a message that could not fit */
	else if (o->open)
		memcpy(o->buf + o->msg, &len, sizeof(len));
	o->open = 0;
}

void nl_flush(struct nl_out *o)
{
	if (o->open)
		nl_end(o);
	queue(o, o->len);
	o->len = 0;
}

/* Linux's error carries the whole request, an ack only its header; what
 * does not fit in a batch is cut off (and flagged). */
void nl_error(struct nl_out *o, int err, const void *req, uint32_t len)
{
	int32_t e = err;
	uint32_t max = NL_BATCH - 2 * NLMSG_HDRLEN - sizeof(e);
	uint32_t n = err ? len : NLMSG_HDRLEN;
	uint16_t flags = 0;

	if (n > max) {
		n = max;
		flags = NLM_F_CAPPED;
	}
	nl_begin(o, NLMSG_ERROR, flags, &e, sizeof(e));
	append(o, req, n);
	nl_end(o);
}

void nl_done(struct nl_out *o)
{
	int32_t zero = 0;

	nl_begin(o, NLMSG_DONE, NLM_F_MULTI, &zero, sizeof(zero));
	nl_end(o);
}

void nl_attrs(const uint8_t *p, uint32_t len, const struct rtattr **tb, int max)
{
	for (int i = 0; i <= max; i++)
		tb[i] = NULL;
	while (len >= RTA_HDRLEN) {
		struct rtattr a;
		uint32_t step;

		memcpy(&a, p, sizeof(a));
		if (a.len < RTA_HDRLEN || a.len > len)
			break;
		if ((a.type & NLA_TYPE_MASK) <= (uint32_t)max)
			tb[a.type & NLA_TYPE_MASK] = (const struct rtattr *)p;
		step = RTA_ALIGN(a.len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
}

const void *nl_data(const struct rtattr *a)
{
	return (const uint8_t *)a + RTA_HDRLEN;
}

uint32_t nl_len(const struct rtattr *a)
{
	uint16_t len;

	memcpy(&len, a, sizeof(len));
	return len - RTA_HDRLEN;
}

int nl_get32(const struct rtattr *a, uint32_t *v)
{
	*v = 0;
	if (nl_len(a) < sizeof(*v))
		return -EINVAL;
	memcpy(v, nl_data(a), sizeof(*v));
	return 0;
}

int nl_get_be32(const struct rtattr *a, uint32_t *v)
{
	int rc = nl_get32(a, v);

	*v = bswap32(*v);
	return rc;
}
