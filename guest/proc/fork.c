/*
 * fork.c - new processes and threads: fork, vfork and clone with the
 * flags glibc (pthread_create, posix_spawn) and BusyBox use.
 *
 * The child gets the caller's address space, open files, working
 * directory and signal handlers - shared or copied, as the CLONE_ flags
 * say (share.c; a copied address space is copy-on-write, cow.c) - its
 * signal mask, TLS descriptors (or the one CLONE_SETTLS gives) and FPU
 * state, and a copy of the caller's trap frame with eax = 0, so it returns
 * from the same system call (on the new stack, if one is given).  Only the
 * calling thread is copied.  CLONE_THREAD puts the child in the caller's
 * thread group (proc.h); otherwise it is a new process whose parent is the
 * caller's group.  The vfork parent sleeps until its child execs or exits.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

int tls_set_for(struct proc *p, uint32_t uinfo);

/* The parts clone shares or copies, by its flags; 0 or -ENOMEM. */
static int share_or_copy(struct proc *np, struct proc *cur, uint32_t flags)
{
	int err = 0;

	if (flags & CLONE_VM)
		np->mm = mm_get(cur->mm);
	else if (!(np->mm = kmalloc(sizeof(*np->mm))))
		return -ENOMEM;
	else if ((err = mm_copy(np->mm, cur->mm)) != 0 ||
	         (err = ldt_copy(np->mm, cur->mm)) != 0)
		return err;                    /* its refs are 0: copy_process frees it */
	else
		np->mm->refs = 1;
	np->files = flags & CLONE_FILES ? files_get(cur->files) : files_dup(cur->files);
	np->fs = flags & CLONE_FS ? fs_get(cur->fs) : fs_dup(cur->fs);
	np->sighand = flags & CLONE_SIGHAND ? sighand_get(cur->sighand)
	                                    : sighand_dup(cur->sighand);
	return np->files && np->fs && np->sighand ? 0 : -ENOMEM;
}

/* Undo share_or_copy for a child that never ran. */
static void unshare_all(struct proc *np)
{
	if (np->mm && np->mm->refs == 0) {
		mm_destroy(np->mm);
		kfree(np->mm);
	} else {
		mm_put(np->mm);
	}
	files_put(np->files);
	fs_put(np->fs);
	sighand_put(np->sighand);
}

/* The new thread joins the caller's group; a new process leads its own. */
static void set_group(struct proc *np, struct proc *cur, uint32_t flags)
{
	if (flags & CLONE_THREAD) {
		np->leader = cur->leader;
		np->tgid = cur->tgid;
		np->parent = cur->parent;
		np->nthreads = 0;
		np->leader->nthreads++;
	} else {
		np->leader = np;
		np->tgid = np->pid;
		np->parent = cur->leader;
		np->nthreads = 1;
		np->exit_signal = flags & CSIGNAL;
		memcpy(np->rlim, cur->leader->rlim, sizeof(np->rlim));
		np->cred = cur->leader->cred;
		np->persona = cur->leader->persona;
	}
	np->pgid = cur->pgid;
	np->sid = cur->sid;
	np->caps = cur->caps;           /* the caller's, thread or process */
}

/* A copy of the current thread; null with *err set. */
static struct proc *copy_process(uint32_t flags, uint32_t newsp, uint32_t tls, int *err)
{
	struct proc *cur = curproc, *np = proc_alloc();

	if (!np) {
		*err = -EAGAIN;
		return 0;
	}
	*err = share_or_copy(np, cur, flags);
	if (*err == 0 && (flags & CLONE_SETTLS))
		*err = tls_set_for(np, tls);
	if (*err) {
		unshare_all(np);
		proc_free(np);
		return 0;
	}
	*np->tf = *cur->tf;
	np->tf->eax = 0;
	if (newsp)
		np->tf->f.esp = newsp;
	np->sig_blocked = cur->sig_blocked;
	if (!(flags & CLONE_SETTLS))
		memcpy(np->tls, cur->tls, sizeof(np->tls));
	fpu_save(cur);
	np->fpu = cur->fpu;
	np->fpu_used = cur->fpu_used;
	memcpy(np->name, cur->name, sizeof(np->name));
	memcpy(np->exe, cur->exe, sizeof(np->exe));
	set_group(np, cur, flags);
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

	/* Linux's rules: a thread shares the handlers, which need the
	 * address space. */
	if (((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) ||
	    ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)))
		return -EINVAL;
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
