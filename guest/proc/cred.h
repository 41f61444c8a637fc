/*
 * cred.h - a process's credentials: real, effective, saved and filesystem
 * user and group ids and the supplementary groups, as Linux keeps them.
 *
 * One set per process (thread group): glibc changes ids in every thread
 * at once anyway (its setxid broadcast), so the leader holds them.
 * The capabilities are per thread (caps.h, in struct proc).
 */
#ifndef GUEST_PROC_CRED_H
#define GUEST_PROC_CRED_H

#include <stdint.h>
#include "fs/vfs.h"             /* proc_in_group */

#define CRED_NGROUPS 64        /* supplementary groups kept (Linux: 65536) */
#define OVERFLOW_ID  65534     /* what the 16-bit calls report for a larger id */

enum { ID_REAL, ID_EFF, ID_SAVED, ID_FS, ID_KINDS };

struct cred {
	uint32_t uid[ID_KINDS], gid[ID_KINDS];
	int ngroups;
	uint32_t groups[CRED_NGROUPS];     /* sorted, for in_group */
};

struct proc;
struct cred *proc_cred(struct proc *p);         /* the thread group's */
/* execve of a file (mode, owner) turns c into the program's: a
 * set-user-id / set-group-id file's owner becomes the effective id, and
 * saved = fs = effective, as Linux's exec. */
void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid);
/* p's credentials changed (or p appeared): /proc/<pid> shows its owner. */
void cred_publish(struct proc *p);
/* May the caller signal p (kill(2)'s rule; sig for SIGCONT's exception)? */
int cred_may_signal(struct proc *p, int sig);
/* Does the caller own p (for changing its scheduling; else CAP_SYS_NICE)? */
int cred_same_owner(struct proc *p);
/* /proc/<pid>/status's Uid: and Gid: lines, and its Groups: line. */
int cred_ids_text(struct proc *p, char *buf, uint32_t n);
int cred_groups_text(struct proc *p, char *buf, uint32_t n);
/* access(2) checks with the real ids (and their capabilities): swap them
 * in, and back. */
struct cred_saved {
	uint32_t fsuid, fsgid;
	uint64_t eff;
};
void cred_access_begin(struct cred_saved *saved);
void cred_access_end(const struct cred_saved *saved);

#endif /* GUEST_PROC_CRED_H */
