/*
 * caps.c - the capability rules of Linux (capabilities(7), without file
 * capabilities): the test every privileged operation makes (capable),
 * what uid changes and execve do to a thread's sets, what capset may
 * change, and how /proc shows the sets.  The system calls are
 * sys/sys_caps.c.
 */
#include "proc/proc.h"
#include "proc/caps.h"
#include "lib/klib.h"

/* The capabilities a filesystem uid of 0 stands for (Linux's CAP_FS_SET):
 * setfsuid drops them from the effective set and raises them again. */
#define CAPS_FS ((1ull << CAP_CHOWN) | (1ull << CAP_DAC_OVERRIDE) |           \
                 (1ull << CAP_DAC_READ_SEARCH) | (1ull << CAP_FOWNER) |       \
                 (1ull << CAP_FSETID) | (1ull << CAP_LINUX_IMMUTABLE) |      \
                 (1ull << CAP_MKNOD) | (1ull << CAP_MAC_OVERRIDE))

/* No process yet (boot, kernel work): the kernel itself may do anything. */
int capable(enum cap cap)
{
	return !curproc || (curproc->caps.eff >> cap) & 1;
}

/* Every thread of the caller's group gets fn; the ids changed for all. */
static void each_thread(void (*fn)(struct caps *, uint32_t, uint32_t), uint32_t a, uint32_t b)
{
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t->state != P_UNUSED && t->leader == curproc->leader)
			fn(&t->caps, a, b);
	}
}

static int has_root(const uint32_t *id)
{
	return id[ID_REAL] == 0 || id[ID_EFF] == 0 || id[ID_SAVED] == 0;
}

/* a: whether none of the three is 0 any more; b: the effective uid's
 * move (1: left 0, 2: became 0). */
static void setxuid_one(struct caps *k, uint32_t lost_root, uint32_t euid_move)
{
	if (lost_root && !k->keep)
		k->prm = k->eff = 0;
	if (euid_move == 1)
		k->eff = 0;
	else if (euid_move == 2)
		k->eff = k->prm;
}

void caps_setxuid(const uint32_t *old, const uint32_t *new)
{
	int lost_root = has_root(old) && !has_root(new);
	int move = old[ID_EFF] == 0 && new[ID_EFF] != 0 ? 1 :
	           old[ID_EFF] != 0 && new[ID_EFF] == 0 ? 2 : 0;

	each_thread(setxuid_one, lost_root, move);
}

static void setfsuid_one(struct caps *k, uint32_t left_root, uint32_t to_root)
{
	if (left_root)
		k->eff &= ~CAPS_FS;
	if (to_root)
		k->eff |= k->prm & CAPS_FS;
}

void caps_setfsuid(uint32_t old, uint32_t new)
{
	each_thread(setfsuid_one, old == 0 && new != 0, old != 0 && new == 0);
}

/* With no file capabilities the program's permitted set is empty, except
 * for root: the bounding set (and what was inheritable); effective only
 * when the effective uid is 0.  PR_SET_KEEPCAPS ends with the program. */
void caps_exec(struct caps *k, const struct cred *c)
{
	k->prm = 0;
	if (c->uid[ID_EFF] == 0 || c->uid[ID_REAL] == 0)
		k->prm = (k->bnd | k->inh) & CAPS_ALL;
	k->eff = c->uid[ID_EFF] == 0 ? k->prm : 0;
	k->keep = 0;
}

/* Permitted may only shrink, effective stays within it, and inheritable
 * may only gain what is permitted (anything in the bounding set with
 * CAP_SETPCAP). */
int caps_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct caps *k = &curproc->caps;
	uint64_t inh_may = k->inh | (capable(CAP_SETPCAP) ? k->bnd : k->prm);

	if ((inh & ~inh_may) || (inh & ~(k->inh | k->bnd)) || (prm & ~k->prm) || (eff & ~prm))
		return -EPERM;
	k->eff = eff;
	k->prm = prm;
	k->inh = inh;
	return 0;
}

uint64_t caps_for_real_uid(const struct caps *k, uint32_t ruid)
{
	return ruid == 0 ? k->prm : 0;
}

int caps_text(const struct proc *t, char *buf, uint32_t n)
{
	const struct caps *k = &t->caps;

	return snprintf(buf, n, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
	                "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
	                k->inh, k->prm, k->eff, k->bnd, 0ull);
}
