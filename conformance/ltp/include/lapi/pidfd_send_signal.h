/* lapi/pidfd_send_signal.h - older name: see lapi/pidfd.h. */
#include "lapi/pidfd.h"
