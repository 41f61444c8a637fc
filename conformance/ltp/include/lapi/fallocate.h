/* lapi/fallocate.h - fallocate modes and a fallocate() that works for
 * 64-bit offsets on a 32-bit build (the C library's). */
#ifndef LAPI_FALLOCATE_H__
#define LAPI_FALLOCATE_H__

#include <fcntl.h>
#include <linux/falloc.h>

#ifndef FALLOC_FL_KEEP_SIZE
# define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
# define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_COLLAPSE_RANGE
# define FALLOC_FL_COLLAPSE_RANGE 0x08
#endif
#ifndef FALLOC_FL_ZERO_RANGE
# define FALLOC_FL_ZERO_RANGE 0x10
#endif
#ifndef FALLOC_FL_INSERT_RANGE
# define FALLOC_FL_INSERT_RANGE 0x20
#endif

#endif
