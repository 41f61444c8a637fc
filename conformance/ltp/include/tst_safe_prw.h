/* tst_safe_prw.h - pread/pwrite and the vector forms: TBROK on failure or,
 * with LEN_STRICT, on a short count. Inline so _FILE_OFFSET_BITS counts. */
#ifndef TST_SAFE_PRW_H__
#define TST_SAFE_PRW_H__

#include <unistd.h>
#include <sys/uio.h>
#include "tst_safe_call.h"

#define TST_SAFE_COUNT_(EXPR, strict, want, ...) ({ \
	ssize_t tst_n_ = (EXPR); \
	if (tst_n_ == -1 || ((strict) && (size_t)tst_n_ != (size_t)(want))) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, NULL, __VA_ARGS__); \
	tst_n_; })

#define SAFE_PREAD(strict, fd, buf, n, off) TST_SAFE_COUNT_(pread(fd, buf, n, off), \
	strict, n, "pread(%d,%p,%zu,%lld) failed", fd, (void *)(buf), (size_t)(n), (long long)(off))
#define SAFE_PWRITE(strict, fd, buf, n, off) TST_SAFE_COUNT_(pwrite(fd, buf, n, off), \
	strict, n, "pwrite(%d,%p,%zu,%lld) failed", fd, (const void *)(buf), (size_t)(n), (long long)(off))

static inline size_t tst_iov_len_(const struct iovec *iov, int cnt)
{
	size_t n = 0;

	while (cnt--)
		n += iov[cnt].iov_len;
	return n;
}

#define SAFE_PREADV(strict, fd, iov, cnt, off) TST_SAFE_COUNT_(preadv(fd, iov, cnt, off), \
	strict, tst_iov_len_(iov, cnt), "preadv(%d,%p,%d,%lld) failed", fd, (void *)(iov), cnt, (long long)(off))
#define SAFE_PWRITEV(strict, fd, iov, cnt, off) TST_SAFE_COUNT_(pwritev(fd, iov, cnt, off), \
	strict, tst_iov_len_(iov, cnt), "pwritev(%d,%p,%d,%lld) failed", fd, (void *)(iov), cnt, (long long)(off))

#endif
