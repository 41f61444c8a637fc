/* lapi/seek.h - lseek whence values for holes and data. */
#ifndef LAPI_SEEK_H__
#define LAPI_SEEK_H__

#include <unistd.h>

#ifndef SEEK_DATA
# define SEEK_DATA 3
#endif
#ifndef SEEK_HOLE
# define SEEK_HOLE 4
#endif

#endif
