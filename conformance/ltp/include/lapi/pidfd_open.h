/* lapi/pidfd_open.h - older name: see lapi/pidfd.h. */
#include "lapi/pidfd.h"
