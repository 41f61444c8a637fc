/* lapi/personality.h - personality(2) flags (the kernel's values). */
#ifndef LAPI_PERSONALITY_H__
#define LAPI_PERSONALITY_H__

#include <sys/personality.h>

#ifndef UNAME26
# define UNAME26 0x0020000
#endif
#ifndef READ_IMPLIES_EXEC
# define READ_IMPLIES_EXEC 0x0400000
#endif

#endif
