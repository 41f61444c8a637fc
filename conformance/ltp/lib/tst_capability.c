/* tst_capability.c - test.caps: before setup raise the TST_CAP_REQ
 * capabilities (they must be permitted), after it drop the TST_CAP_DROP
 * ones from the effective set, with capget/capset (version 3). */
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"

int tst_capget(struct __user_cap_header_struct *hdr,
	       struct __user_cap_data_struct *data)
{
	return syscall(SYS_capget, hdr, data);
}

int tst_capset(struct __user_cap_header_struct *hdr,
	       const struct __user_cap_data_struct *data)
{
	return syscall(SYS_capset, hdr, data);
}

void tst_cap_action(struct tst_cap *cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	uint32_t word = cap->id / 32, bit = 1u << (cap->id % 32);
	int has;

	memset(data, 0, sizeof(data));
	if (tst_capget(&hdr, data))
		tst_brk(TBROK | TERRNO, "capget()");
	has = !!(data[word].effective & bit);
	if (cap->action == TST_CAP_DROP) {
		if (!has)
			return;
		data[word].effective &= ~bit;
		tst_res(TINFO, "Dropping %s(%d)", cap->name, cap->id);
	} else {
		if (has)
			return;
		if (!(data[word].permitted & bit))
			tst_brk(TCONF, "Need %s(%d)", cap->name, cap->id);
		data[word].effective |= bit;
		tst_res(TINFO, "Permitting %s(%d)", cap->name, cap->id);
	}
	if (tst_capset(&hdr, data))
		tst_brk(TBROK | TERRNO, "capset(%s)", cap->name);
}

void tst_cap_setup(struct tst_cap *caps, unsigned int action_mask)
{
	for (; caps->action; caps++)
		if (caps->action & action_mask)
			tst_cap_action(caps);
}
