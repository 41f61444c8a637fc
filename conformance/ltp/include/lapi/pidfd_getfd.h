/* lapi/pidfd_getfd.h - older name: see lapi/pidfd.h. */
#include "lapi/pidfd.h"
