/* tst_buffers.c - guarded buffers: the buffer ends exactly where a
 * PROT_NONE page begins, and the unused start of its first page is filled
 * with a mirrored random canary that tst_free_all() checks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

struct guarded {
	char *addr;          /* the mapping */
	size_t size;         /* its size, guard page included */
	size_t shift;        /* canary bytes before the buffer */
	struct guarded *next;
};

static struct guarded *buffers;

static void put_canary(struct guarded *g)
{
	size_t i;

	for (i = 0; i < g->shift / 2; i++) {
		char c = random();

		g->addr[i] = c;
		g->addr[g->shift - 1 - i] = c;
	}
}

static void check_canary(struct guarded *g)
{
	size_t i;

	for (i = 0; i < g->shift / 2; i++)
		if (g->addr[i] != g->addr[g->shift - 1 - i])
			tst_res(TWARN, "pid %i: buffer modified address %p[%zi]",
				getpid(), g->addr + g->shift, -(ssize_t)i - 1);
}

void *tst_alloc(size_t size)
{
	size_t page = getpagesize();
	size_t pages = (size + page - 1) / page + 1;
	struct guarded *g = SAFE_MALLOC(sizeof(*g));
	static int told;

	if (!told) {
		tst_res(TINFO, "Test is using guarded buffers");
		told = 1;
	}
	g->addr = SAFE_MMAP(NULL, pages * page, PROT_READ | PROT_WRITE,
			    MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	mprotect(g->addr + (pages - 1) * page, page, PROT_NONE);
	g->size = pages * page;
	g->shift = size % page ? page - size % page : 0;
	g->next = buffers;
	buffers = g;
	put_canary(g);
	return g->addr + g->shift;
}

char *tst_strdup(const char *str)
{
	return strcpy(tst_alloc(strlen(str) + 1), str);
}

char *tst_aprintf(const char *fmt, ...)
{
	va_list va;
	char *ret;
	int len;

	va_start(va, fmt);
	len = vsnprintf(NULL, 0, fmt, va);
	va_end(va);
	ret = tst_alloc(len + 1);
	va_start(va, fmt);
	vsprintf(ret, fmt, va);
	va_end(va);
	return ret;
}

struct iovec *tst_iovec_alloc(int sizes[])
{
	int i, cnt = 0;
	struct iovec *iov;

	while (sizes[cnt] != -1)
		cnt++;
	if (!cnt)
		return NULL;
	iov = tst_alloc(sizeof(*iov) * cnt);
	for (i = 0; i < cnt; i++) {
		iov[i].iov_base = sizes[i] ? tst_alloc(sizes[i]) : NULL;
		iov[i].iov_len = sizes[i];
	}
	return iov;
}

void tst_buffers_alloc(struct tst_buffers bufs[])
{
	unsigned int i;

	for (i = 0; bufs[i].ptr; i++) {
		void **ptr = bufs[i].ptr;

		if (bufs[i].size)
			*ptr = tst_alloc(bufs[i].size);
		else if (bufs[i].iov_sizes)
			*ptr = tst_iovec_alloc(bufs[i].iov_sizes);
		else
			*ptr = tst_strdup(bufs[i].str);
	}
}

void tst_free_all(void)
{
	struct guarded *g = buffers, *next;

	for (; g; g = next) {
		next = g->next;
		check_canary(g);
		SAFE_MUNMAP(g->addr, g->size);
		free(g);
	}
	buffers = NULL;
}
