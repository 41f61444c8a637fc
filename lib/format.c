/*
 * format.c - the printf formatting engine, with no output device of its own.
 *
 * One formatter writes characters into a "sink".  vsnprintf's sink is the
 * caller's buffer (truncating, always NUL-terminated when size > 0, counting
 * what it would have written, as C99 says).  vformat's sink is a small stack
 * buffer handed to an output function whenever it fills and at the end, so
 * output of any length costs bounded stack and short lines reach the device
 * in one write.  printf.c (guest console) and the hypervisor's log use it;
 * nothing here depends on VMI, so every image may link it.
 *
 * Supported: %d %i %u %x %X %o %c %s %p %%, flags - 0 # + space, width and
 * precision (numbers or *), length modifiers hh h l ll z j t.  %p prints
 * "0x" and 8 hex digits.  A NULL %s prints "(null)".  An unknown conversion
 * is printed as written, so a mistake shows up in the output.  64-bit values
 * are divided with the helpers of libgcc64.c.
 */
#include "klib.h"

#define FORMAT_CHUNK 256  /* vformat's stack buffer; output is flushed per chunk */

struct sink {
	char *buf;
	size_t size;
	size_t pos;      /* characters stored in buf */
	int total;       /* characters produced, stored or not */
	format_out_t out; /* flush here when full instead of truncating */
};

/* One conversion specification, parsed. */
struct spec {
	int left, zero, alt, plus, space;
	int width;
	int prec;        /* -1: none given */
	int size;        /* 'H' hh, 'h', 'l', 'L' ll (z j t map onto these) */
	char conv;
};

static void sink_flush(struct sink *s)
{
	if (s->pos)
		s->out(s->buf, s->pos);
	s->pos = 0;
}

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->out) {
		if (s->pos == s->size)
			sink_flush(s);
		s->buf[s->pos++] = c;
	} else if (s->pos + 1 < s->size) {
		s->buf[s->pos++] = c;  /* keep the last byte for the NUL */
	}
}

static void put_n(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* Digits of v in base, least significant first; returns their count.  The
 * 64-bit divisions run only while v needs more than 32 bits. */
static int to_digits(char *out, uint64_t v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint32_t w;
	int n = 0;

	while (v >> 32) {
		out[n++] = digits[v % base];
		v /= base;
	}
	w = (uint32_t)v;
	do {
		out[n++] = digits[w % base];
		w /= base;
	} while (w);
	return n;
}

/* An integer with sign/prefix, precision (minimum digits), zero padding
 * and width, in the order C specifies. */
static void fmt_int(struct sink *s, const struct spec *sp, uint64_t v, int neg,
                    unsigned base)
{
	char digits[24], prefix[3];
	int nd = to_digits(digits, v, base, sp->conv == 'X');
	int np = 0, zeros, pad;

	if (sp->prec == 0 && v == 0)
		nd = 0;                          /* "%.0d" of 0 prints nothing */
	if (neg || sp->plus || sp->space)
		prefix[np++] = neg ? '-' : sp->plus ? '+' : ' ';
	if ((sp->alt && base == 16 && v != 0) || sp->conv == 'p') {
		prefix[np++] = '0';
		prefix[np++] = sp->conv == 'X' ? 'X' : 'x';
	}
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	if (sp->alt && base == 8 && zeros == 0 && (nd == 0 || digits[nd - 1] != '0'))
		zeros = 1;                       /* "%#o" always starts with 0 */
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > np + nd + zeros)
		zeros = sp->width - np - nd;
	pad = sp->width - np - zeros - nd;
	if (!sp->left)
		put_n(s, ' ', pad);
	for (int i = 0; i < np; i++)
		put(s, prefix[i]);
	put_n(s, '0', zeros);
	while (nd)
		put(s, digits[--nd]);
	if (sp->left)
		put_n(s, ' ', pad);
}

/* A string of at most prec characters, padded to width. */
static void fmt_str(struct sink *s, const struct spec *sp, const char *str)
{
	int len = 0, pad;

	if (!str)
		str = "(null)";
	while (str[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	pad = sp->width - len;
	if (!sp->left)
		put_n(s, ' ', pad);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		put_n(s, ' ', pad);
}

/* One character (even NUL), padded to width. */
static void fmt_char(struct sink *s, const struct spec *sp, char c)
{
	if (!sp->left)
		put_n(s, ' ', sp->width - 1);
	put(s, c);
	if (sp->left)
		put_n(s, ' ', sp->width - 1);
}

/* A decimal number at *fmt (0 if there is none). */
static int parse_num(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + (*(*fmt)++ - '0');
	return n;
}

/* Flags, width, precision and length after a '%'; leaves *fmt at the
 * conversion character.  A '*' width or precision is taken from the
 * arguments; a negative one means '-' or no precision, as in C. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
	const char *f = *fmt;

	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') sp->left = 1;
		else if (*f == '0') sp->zero = 1;
		else if (*f == '#') sp->alt = 1;
		else if (*f == '+') sp->plus = 1;
		else if (*f == ' ') sp->space = 1;
		else break;
	}
	if (*f == '*') {
		f++;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
	} else {
		sp->width = parse_num(&f);
	}
	if (*f == '.') {
		f++;
		if (*f == '*') {
			f++;
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else {
			sp->prec = parse_num(&f);
		}
	}
	if (*f == 'h') sp->size = *++f == 'h' ? (f++, 'H') : 'h';
	else if (*f == 'l') sp->size = *++f == 'l' ? (f++, 'L') : 'l';
	else if (*f == 'z' || *f == 't') f++, sp->size = 'l';
	else if (*f == 'j') f++, sp->size = 'L';
	sp->conv = *f;
	*fmt = f;
}

/* The next integer argument, of the type the length modifier names,
 * sign- or zero-extended to 64 bits. */
static uint64_t fetch_int(const struct spec *sp, va_list *ap, int is_signed)
{
	int v;

	if (sp->size == 'L')
		return va_arg(*ap, unsigned long long);
	if (sp->size == 'l')
		return is_signed ? (uint64_t)(int64_t)va_arg(*ap, long) :
		                   va_arg(*ap, unsigned long);
	v = va_arg(*ap, int);     /* char and short arrive promoted to int */
	if (sp->size == 'H')
		return is_signed ? (uint64_t)(int64_t)(signed char)v : (unsigned char)v;
	if (sp->size == 'h')
		return is_signed ? (uint64_t)(int64_t)(short)v : (unsigned short)v;
	return is_signed ? (uint64_t)(int64_t)v : (unsigned)v;
}

/* One conversion; sp->conv is already known. */
static void convert(struct sink *s, struct spec *sp, va_list *ap)
{
	uint64_t v;

	switch (sp->conv) {
	case 'd': case 'i':
		v = fetch_int(sp, ap, 1);
		fmt_int(s, sp, (int64_t)v < 0 ? -v : v, (int64_t)v < 0, 10);
		return;
	case 'u': fmt_int(s, sp, fetch_int(sp, ap, 0), 0, 10); return;
	case 'x': case 'X': fmt_int(s, sp, fetch_int(sp, ap, 0), 0, 16); return;
	case 'o': fmt_int(s, sp, fetch_int(sp, ap, 0), 0, 8); return;
	case 'p':
		sp->prec = 8;          /* fmt_int gives 'p' its "0x" */
		fmt_int(s, sp, (uintptr_t)va_arg(*ap, void *), 0, 16);
		return;
	case 's': fmt_str(s, sp, va_arg(*ap, const char *)); return;
	case 'c': fmt_char(s, sp, (char)va_arg(*ap, int)); return;
	case '%': put(s, '%'); return;
	default:
		put(s, '%');          /* unknown: show it as written */
		if (sp->conv)
			put(s, sp->conv);
	}
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;
	struct spec sp;

	va_copy(args, ap);         /* so the helpers can take it by pointer */
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &args, &sp);
		convert(s, &sp, &args);
		if (!*fmt)
			break;             /* a lone '%' at the end */
	}
	va_end(args);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.pos] = '\0';
	return s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vformat(format_out_t out, const char *fmt, va_list ap)
{
	char buf[FORMAT_CHUNK];
	struct sink s = { .buf = buf, .size = sizeof(buf), .out = out };

	format(&s, fmt, ap);
	sink_flush(&s);
	return s.total;
}
