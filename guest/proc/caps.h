/*
 * caps.h - a thread's Linux capabilities: the effective, permitted,
 * inheritable and bounding sets (bit n is capability n, as capget shows
 * them) and the rules that change them - uid changes, execve, capset -
 * as capabilities(7) gives them for a kernel without file capabilities,
 * ambient capabilities or user namespaces.
 *
 * The sets are per thread, as on Linux (capset changes the caller
 * only).  The ids are per thread group here (cred.h), so a uid change
 * applies its capability rule to every thread of the group at once -
 * what glibc's set*id broadcast makes of Linux's per-thread rule.
 */
#ifndef GUEST_PROC_CAPS_H
#define GUEST_PROC_CAPS_H

#include <stdint.h>
#include "fs/vfs.h"             /* enum cap, capable */

#define CAPS_ALL ((2ull << CAP_LAST_CAP) - 1)   /* every capability there is */

struct caps {
	uint64_t eff, prm, inh, bnd;
	int keep;                   /* PR_SET_KEEPCAPS: leaving uid 0 keeps prm */
};

struct proc;
struct cred;
/* The group's real, effective and saved uids went from old to new
 * (setuid, setreuid, setresuid; ID_REAL.. order of cred.h). */
void caps_setxuid(const uint32_t *old, const uint32_t *new);
/* The group's filesystem uid went from old to new (setfsuid). */
void caps_setfsuid(uint32_t old, uint32_t new);
/* execve: k becomes the program's sets; c holds its ids (set-user-id
 * applied).  Root (real or effective uid 0) gets the bounding set. */
void caps_exec(struct caps *k, const struct cred *c);
/* capset(2)'s rules on the caller's sets: 0, or -EPERM. */
int caps_set(uint64_t eff, uint64_t prm, uint64_t inh);
/* access(2) checks as the real uid: root's permitted set, or none. */
uint64_t caps_for_real_uid(const struct caps *k, uint32_t ruid);
/* /proc/<pid>/status's CapInh ... CapAmb lines of thread t. */
int caps_text(const struct proc *t, char *buf, uint32_t n);

#endif /* GUEST_PROC_CAPS_H */
