/*
 * klib.h - the freestanding C library of guest-side programs (the guest
 * kernel and the conformance tests): memory and string functions, printf to
 * the VMI console, and panic.  GCC requires memcpy/memmove/memset/memcmp in
 * any freestanding program; these are the only definitions in every image.
 */
#ifndef GUEST_KLIB_H
#define GUEST_KLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *dst, const char *src, size_t n);
char *strrchr(const char *s, int c);
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);

/* %d %i %u %x %X %o %c %s %p %% with flags '-' '0', width, precision for %s,
 * and length modifiers hh h l ll z.  Returns the length it wanted to write. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The engine (format.c): formats in bounded chunks handed to `out`. */
typedef void (*format_out_t)(const char *buf, size_t len);
int vformat(format_out_t out, const char *fmt, va_list ap);
/* Formats in chunks written with vmi_console_write, "\n" sent as "\r\n". */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

/* Print "panic: ..." and end the guest with VMI_SHUTDOWN_CRASH. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* GUEST_KLIB_H */
