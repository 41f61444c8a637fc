/* lapi/capability.h - capability numbers (the kernel's), for tests that
 * drop or require one (tst_capability.h). */
#ifndef LAPI_CAPABILITY_H__
#define LAPI_CAPABILITY_H__

#include <linux/capability.h>

#ifndef CAP_NET_RAW
# define CAP_NET_RAW 13
#endif
#ifndef CAP_SYS_CHROOT
# define CAP_SYS_CHROOT 18
#endif
#ifndef CAP_SYS_RESOURCE
# define CAP_SYS_RESOURCE 24
#endif
#ifndef CAP_SYS_TIME
# define CAP_SYS_TIME 25
#endif
#ifndef CAP_AUDIT_READ
# define CAP_AUDIT_READ 37
#endif
#ifndef CAP_PERFMON
# define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
# define CAP_BPF 39
#endif
#ifndef CAP_CHECKPOINT_RESTORE
# define CAP_CHECKPOINT_RESTORE 40
#endif
#ifndef CAP_TO_INDEX
# define CAP_TO_INDEX(x) ((x) >> 5)
#endif
#ifndef CAP_TO_MASK
# define CAP_TO_MASK(x) (1 << ((x) & 31))
#endif

#endif
