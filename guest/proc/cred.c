/*
 * cred.c - what the kernel asks of a process's credentials: its
 * filesystem ids, whether it is in a group, how exec of a
 * set-user-id file changes them, whether it may signal another process,
 * and how /proc shows them.  The system calls that read and change them
 * are sys/sys_cred.c; the capabilities the ids come with are caps.c's.
 */
#include "proc/proc.h"
#include "proc/cred.h"
#include "fs/vfs_abi.h"
#include "lib/klib.h"

struct cred *proc_cred(struct proc *p)
{
	return &p->leader->cred;
}

uint32_t proc_fsuid(void)
{
	return curproc ? proc_cred(curproc)->uid[ID_FS] : 0;
}

uint32_t proc_ruid(void)
{
	return curproc ? proc_cred(curproc)->uid[ID_REAL] : 0;
}

uint32_t proc_fsgid(void)
{
	return curproc ? proc_cred(curproc)->gid[ID_FS] : 0;
}

int proc_in_group(uint32_t gid)
{
	struct cred *c = curproc ? proc_cred(curproc) : 0;
	int lo = 0, hi = c ? c->ngroups - 1 : -1;

	if (gid == proc_fsgid())
		return 1;
	while (lo <= hi) {              /* the list is kept sorted */
		int mid = (lo + hi) / 2;

		if (c->groups[mid] == gid)
			return 1;
		if (c->groups[mid] < gid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid)
{
	if (mode & S_ISUID)
		c->uid[ID_EFF] = uid;
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))   /* else: mandatory locking */
		c->gid[ID_EFF] = gid;
	c->uid[ID_SAVED] = c->uid[ID_FS] = c->uid[ID_EFF];
	c->gid[ID_SAVED] = c->gid[ID_FS] = c->gid[ID_EFF];
}

/* Linux gives /proc/<pid>/ and its files the effective ids of the process. */
void cred_publish(struct proc *p)
{
	struct cred *c = proc_cred(p);

	procfs_pid_owner(p->leader->pid, c->uid[ID_EFF], c->gid[ID_EFF]);
}

/* Linux's kill_ok_by_cred: the sender's real or effective uid is the
 * target's real or saved one; SIGCONT also within the session. */
int cred_may_signal(struct proc *p, int sig)
{
	struct cred *me = proc_cred(curproc), *t = proc_cred(p);
	uint32_t ru = me->uid[ID_REAL], eu = me->uid[ID_EFF];

	if (capable(CAP_KILL) || (sig == SIGCONT && p->sid == curproc->sid))
		return 1;
	return eu == t->uid[ID_SAVED] || eu == t->uid[ID_REAL] ||
	       ru == t->uid[ID_SAVED] || ru == t->uid[ID_REAL];
}

/* Linux's check_same_owner: the caller's effective uid is p's real or
 * effective one. */
int cred_same_owner(struct proc *p)
{
	uint32_t eu = proc_cred(curproc)->uid[ID_EFF];

	return eu == proc_cred(p)->uid[ID_EFF] || eu == proc_cred(p)->uid[ID_REAL];
}

int cred_ids_text(struct proc *p, char *buf, uint32_t n)
{
	struct cred *c = proc_cred(p);

	return snprintf(buf, n, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
	                c->uid[0], c->uid[1], c->uid[2], c->uid[3],
	                c->gid[0], c->gid[1], c->gid[2], c->gid[3]);
}

int cred_groups_text(struct proc *p, char *buf, uint32_t n)
{
	struct cred *c = proc_cred(p);
	int len = snprintf(buf, n, "Groups:\t");

	for (int i = 0; i < c->ngroups && (uint32_t)len < n; i++)
		len += snprintf(buf + len, n - len, "%u ", c->groups[i]);
	if ((uint32_t)len < n)
		len += snprintf(buf + len, n - len, "\n");
	return len;
}

/* access(2) and faccessat(2) without AT_EACCESS check with the real ids
 * and the capabilities a real uid 0 has (Linux's override credentials). */
void cred_access_begin(struct cred_saved *saved)
{
	struct cred *c = proc_cred(curproc);

	saved->fsuid = c->uid[ID_FS];
	saved->fsgid = c->gid[ID_FS];
	saved->eff = curproc->caps.eff;
	c->uid[ID_FS] = c->uid[ID_REAL];
	c->gid[ID_FS] = c->gid[ID_REAL];
	curproc->caps.eff = caps_for_real_uid(&curproc->caps, c->uid[ID_REAL]);
}

void cred_access_end(const struct cred_saved *saved)
{
	struct cred *c = proc_cred(curproc);

	c->uid[ID_FS] = saved->fsuid;
	c->gid[ID_FS] = saved->fsgid;
	curproc->caps.eff = saved->eff;
}
