/* tst_capability.h - test.caps: capabilities required (raised) or dropped
 * around the test, with capget/capset on the calling process. */
#ifndef TST_CAPABILITY_H__
#define TST_CAPABILITY_H__

#include <stdint.h>
#include <linux/capability.h>

#ifndef CAP_SYS_ADMIN
# define CAP_SYS_ADMIN 21
#endif
#ifndef CAP_BPF
# define CAP_BPF 39
#endif
#ifndef CAP_PERFMON
# define CAP_PERFMON 38
#endif
#ifndef CAP_CHECKPOINT_RESTORE
# define CAP_CHECKPOINT_RESTORE 40
#endif

#define TST_CAP_DROP 1
#define TST_CAP_REQ  (1 << 1)

#define TST_CAP(action, capability) {action, capability, #capability}

struct tst_cap {
	uint32_t action;
	uint32_t id;
	char *name;
};

int tst_capget(struct __user_cap_header_struct *hdr,
	       struct __user_cap_data_struct *data);
int tst_capset(struct __user_cap_header_struct *hdr,
	       const struct __user_cap_data_struct *data);
void tst_cap_action(struct tst_cap *cap);
void tst_cap_setup(struct tst_cap *cap, unsigned int action_mask);

#endif
