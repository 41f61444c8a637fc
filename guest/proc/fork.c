/*
 * fork.c - new processes: fork, vfork and clone with the flags glibc and
 * BusyBox use.
 *
 * The child gets a copy-on-write copy of the address space (cow.c), the
 * parent's open files, working directory, signal handlers and mask, TLS
 * descriptors and FPU state, and a copy of the parent's trap frame with
 * eax = 0, so it returns from the same system call.  There are no threads:
 * CLONE_VM is honoured only together with CLONE_VFORK (posix_spawn), where
 * a copy of the address space behaves the same as long as the child only
 * execs or exits, which is all vfork allows.  The vfork parent sleeps until
 * its child has done one or the other.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

int tls_set_for(struct proc *p, uint32_t uinfo);

/* A copy of the current process; null with *err set. */
static struct proc *copy_process(uint32_t flags, uint32_t newsp, uint32_t tls, int *err)
{
	struct proc *cur = curproc, *np = proc_alloc();

	if (!np) {
		*err = -EAGAIN;
		return 0;
	}
	*err = mm_copy(&np->mm, &cur->mm);
	if (*err == 0 && (flags & CLONE_SETTLS))
		*err = tls_set_for(np, tls);
	if (*err) {
		mm_destroy(&np->mm);
		proc_free(np);
		return 0;
	}
	*np->tf = *cur->tf;
	np->tf->eax = 0;
	if (newsp)
		np->tf->f.esp = newsp;
	fd_copy(np, cur);
	np->cwd = cur->cwd;
	inode_get(np->cwd);
	np->umask = cur->umask;
	memcpy(np->sigact, cur->sigact, sizeof(np->sigact));
	np->sig_blocked = cur->sig_blocked;
	if (!(flags & CLONE_SETTLS))
		memcpy(np->tls, cur->tls, sizeof(np->tls));
	fpu_save(cur);
	np->fpu = cur->fpu;
	np->fpu_used = cur->fpu_used;
	memcpy(np->name, cur->name, sizeof(np->name));
	memcpy(np->exe, cur->exe, sizeof(np->exe));
	np->pgid = cur->pgid;
	np->sid = cur->sid;
	np->parent = cur;
	np->exit_signal = flags & CSIGNAL;
	return np;
}

/* The vfork child execs or exits: its parent may go on. */
void vfork_release(struct proc *p)
{
	if (p->vfork_parent) {
		p->vfork_parent = 0;
		wakeup(p);
	}
}

long do_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls, uint32_t ctid)
{
	struct proc *np;
	int err, pid;

	if ((flags & (CLONE_THREAD | CLONE_SIGHAND)) ||
	    ((flags & CLONE_VM) && !(flags & CLONE_VFORK)))
		return -EINVAL;                   /* threads are not supported */
	np = copy_process(flags, newsp, tls, &err);
	if (!np)
		return err;
	pid = np->pid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)ptid, &pid, sizeof(pid));
	if (flags & CLONE_CHILD_SETTID)
		np->set_child_tid = ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		np->clear_child_tid = ctid;
	if (flags & CLONE_VFORK)
		np->vfork_parent = curproc;
	proc_start(np);
	/* Sleep on the child until it lets go (its slot stays ours: only we
	 * can reap it). */
	while (np->vfork_parent == curproc && np->pid == pid)
		sleep_on(np, 0);
	return pid;
}

long sys_fork(void)
{
	return do_clone(SIGCHLD, 0, 0, 0, 0);
}

long sys_vfork(void)
{
	return do_clone(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, 0, 0, 0);
}

/* i386 argument order: flags, stack, parent_tid, tls, child_tid. */
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls, uint32_t ctid)
{
	return do_clone(flags, newsp, ptid, tls, ctid);
}
