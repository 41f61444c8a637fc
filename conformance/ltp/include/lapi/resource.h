/* lapi/resource.h - resource limits (RLIMIT_*) and struct rlimit64. */
#ifndef LAPI_RESOURCE_H__
#define LAPI_RESOURCE_H__

#include <stdint.h>
#include <sys/resource.h>

#include "config.h"
#include "lapi/syscalls.h"

#ifndef HAVE_STRUCT_RLIMIT64
struct rlimit64 {
	uint64_t rlim_cur;
	uint64_t rlim_max;
};
#endif

/* 64-bit limits through prlimit64 on every architecture. */
static inline int setrlimit_u64(int resource, const struct rlimit64 *rlim)
{
	return tst_syscall(__NR_prlimit64, 0, resource, rlim, NULL);
}

static inline int getrlimit_u64(int resource, struct rlimit64 *rlim)
{
	return tst_syscall(__NR_prlimit64, 0, resource, NULL, rlim);
}

#ifndef RLIMIT_RTTIME
# define RLIMIT_RTTIME 15
#endif

#endif
