/* tst_buffers.h - guarded buffers: each ends at a PROT_NONE page and
 * starts after a canary, so overruns fault and underruns are reported when
 * the buffer is freed (test.bufs allocates them before setup). */
#ifndef TST_BUFFERS_H__
#define TST_BUFFERS_H__

#include <stddef.h>
#include <sys/uio.h>

struct tst_buffers {
	void *ptr;        /* where to store the buffer's address */
	size_t size;      /* its size, or */
	int *iov_sizes;   /* a -1 terminated list of iovec sizes, or */
	char *str;        /* a string to copy */
};

void tst_buffers_alloc(struct tst_buffers bufs[]);
char *tst_strdup(const char *str);
void *tst_alloc(size_t size);
char *tst_aprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct iovec *tst_iovec_alloc(int sizes[]);
void tst_free_all(void);

#endif
