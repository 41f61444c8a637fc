/* lapi/posix_types.h - the kernel's basic types (__kernel_long_t...). */
#ifndef LAPI_POSIX_TYPES_H__
#define LAPI_POSIX_TYPES_H__

#include <linux/posix_types.h>

#endif
