/* lapi/futex.h - futex constants and the futex word type. */
#ifndef LAPI_FUTEX_H__
#define LAPI_FUTEX_H__

#include <stdint.h>
#include <linux/futex.h>

typedef volatile uint32_t futex_t;

#ifndef FUTEX_WAITV_MAX
# define FUTEX_WAITV_MAX 128
struct futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t __reserved;
};
#endif
#ifndef FUTEX_32
# define FUTEX_32 2
#endif

#endif
