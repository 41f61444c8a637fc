/* lapi/resource.h - resource limits (RLIMIT_*) and struct rlimit64. */
#ifndef LAPI_RESOURCE_H__
#define LAPI_RESOURCE_H__

#include <stdint.h>
#include <sys/resource.h>

#ifndef RLIMIT_RTTIME
# define RLIMIT_RTTIME 15
#endif

#endif
