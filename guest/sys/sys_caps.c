/*
 * sys_caps.c - the system calls of capabilities: capget and capset with
 * their three header versions (1: one data struct, capabilities 0-31; 2
 * and 3: two, 0-63; an unknown version is answered with the preferred
 * one written back and EINVAL), and prctl's capability options (the
 * bounding set, keep-capabilities).  The sets and their rules are
 * proc/caps.c's.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "sys/syscalls.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define PR_GET_KEEPCAPS  7
#define PR_SET_KEEPCAPS  8
#define PR_CAPBSET_READ  23
#define PR_CAPBSET_DROP  24

/* How many data structs the header's version takes (*words), or -errno. */
static int cap_words(uint32_t uhdr, int *words)
{
	uint32_t v;

	if (copy_from_user(&v, (const void *)uhdr, sizeof(v)))
		return -EFAULT;
	if (v == CAP_VERSION_1 || v == CAP_VERSION_2 || v == CAP_VERSION_3) {
		*words = v == CAP_VERSION_1 ? 1 : 2;
		return 0;
	}
	v = CAP_VERSION_3;
	return copy_to_user((void *)uhdr, &v, sizeof(v)) ? -EFAULT : -EINVAL;
}

static int cap_pid(uint32_t uhdr, int32_t *pid)
{
	return copy_from_user(pid, (const void *)(uhdr + 4), sizeof(*pid)) ? -EFAULT : 0;
}

/* capget(2): any thread's sets.  A null data pointer only probes the
 * version: 0, even for an unknown one (whose answer is written back). */
long sys_capget(uint32_t uhdr, uint32_t udata)
{
	struct linux_cap_data d[2];
	struct proc *t;
	int32_t pid;
	int words, rc = cap_words(uhdr, &words);

	if (!udata || rc)
		return !udata && rc == -EINVAL ? 0 : rc;
	if (cap_pid(uhdr, &pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	t = pid == 0 || pid == curproc->pid ? curproc : proc_find(pid);
	if (!t || t->state == P_EMBRYO)
		return -ESRCH;
	for (int i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(t->caps.eff >> (32 * i));
		d[i].permitted = (uint32_t)(t->caps.prm >> (32 * i));
		d[i].inheritable = (uint32_t)(t->caps.inh >> (32 * i));
	}
	return copy_to_user((void *)udata, d, words * sizeof(d[0])) ? -EFAULT : 0;
}

static uint64_t join(uint32_t lo, uint32_t hi)
{
	return (lo | (uint64_t)hi << 32) & CAPS_ALL;
}

/* capset(2): the caller's own sets only (pid 0 or its thread id); a
 * version 1 caller sets capabilities 32 and up to none. */
long sys_capset(uint32_t uhdr, uint32_t udata)
{
	struct linux_cap_data d[2];
	int32_t pid;
	int words, rc = cap_words(uhdr, &words);

	if (rc)
		return rc;
	if (cap_pid(uhdr, &pid))
		return -EFAULT;
	if (pid != 0 && pid != curproc->pid)
		return -EPERM;
	memset(d, 0, sizeof(d));
	if (copy_from_user(d, (const void *)udata, words * sizeof(d[0])))
		return -EFAULT;
	return caps_set(join(d[0].effective, d[1].effective),
	                join(d[0].permitted, d[1].permitted),
	                join(d[0].inheritable, d[1].inheritable));
}

long prctl_caps(int option, uint32_t arg2)
{
	struct caps *k = &curproc->caps;

	switch (option) {
	case PR_CAPBSET_READ:
		return arg2 > CAP_LAST_CAP ? -EINVAL : (long)((k->bnd >> arg2) & 1);
	case PR_CAPBSET_DROP:
		if (!capable(CAP_SETPCAP))
			return -EPERM;
		if (arg2 > CAP_LAST_CAP)
			return -EINVAL;
		k->bnd &= ~(1ull << arg2);
		return 0;
	case PR_GET_KEEPCAPS:
		return k->keep;
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return -EINVAL;
		k->keep = (int)arg2;
		return 0;
	default:
		return -EINVAL;
	}
}
