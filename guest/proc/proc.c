/*
 * proc.c - the process table: allocation of slots and kernel stacks, pids,
 * lookup, and the services the file layer asks of the process core
 * (vfs.h: proc_sleep, proc_wakeup, proc_signal_pending, proc_signal_pgrp,
 * proc_pgid, proc_sid, proc_sig_refused, proc_pgrp_orphaned, poll_channel,
 * proc_sleep_until, proc_clock_ns; proc_send_sigio is sigio.c).
 *
 * The table is fixed (NPROC): a full table makes fork fail with -EAGAIN,
 * which is how a fork bomb ends.  Each slot's kernel stack is mapped from
 * two frames while the slot is in use (kstack.c).  A new
 * process's stack holds its trap frame at the top and, just below, a
 * context whose eip is forkret: the first swtch to it "returns" there and
 * then into trapret, which leaves for user mode through the trap frame.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

struct proc proc_table[NPROC];
struct proc *curproc;
uint32_t user_cs, user_ds, kernel_ds;

static int next_pid = 1;
static char poll_chan;              /* the address is the channel */

void proc_init(const struct vmi_boot_info *bi)
{
	user_cs = bi->user_cs;
	user_ds = bi->user_ds;
	kernel_ds = bi->kernel_ds;
}

/* The first code a new process runs in the kernel (through swtch). */
static void forkret(void)
{
	struct proc *p = curproc;

	if (p->set_child_tid) {
		uint32_t tid = p->pid;

		vm_write(p->mm, p->set_child_tid, &tid, sizeof(tid));
		p->set_child_tid = 0;
	}
	user_return(p->tf);
	/* returns into trapret (the word above this frame) */
}

/* A pid not in use: counts up, wrapping below PID_MAX (Linux's default
 * pid_max, which /proc/sys/kernel/pid_max reports). */
static int alloc_pid(void)
{
	for (;;) {
		int pid = next_pid++;

		if (next_pid >= PID_MAX)
			next_pid = 2;
		if (!proc_find(pid))
			return pid;
	}
}

struct proc *proc_alloc(void)
{
	struct proc *p = 0;
	uint32_t *sp;
	uint32_t buf;

	for (int i = 0; i < NPROC && !p; i++)
		if (proc_table[i].state == P_UNUSED)
			p = &proc_table[i];
	if (!p)
		return 0;
	buf = page_alloc();
	if (buf == VMI_INVALID_PFN)
		return 0;
	memset(p, 0, sizeof(*p));
	p->kstack = kstack_alloc(p - proc_table);
	if (!p->kstack) {
		page_put(buf);
		return 0;
	}
	p->iobuf = pfn_to_va(buf);
	p->state = P_EMBRYO;
	p->pid = p->tgid = alloc_pid();
	forks_total++;
	p->leader = p;
	p->nthreads = 1;
	p->tf = (struct trap_regs *)(p->kstack + KSTACK_SIZE) - 1;
	sp = (uint32_t *)p->tf;
	*--sp = (uint32_t)trapret;               /* forkret returns here */
	sp -= sizeof(struct context) / 4;
	p->ctx = (struct context *)sp;
	p->ctx->eip = (uint32_t)forkret;
	p->start_ns = vmi_time_ns();
	signal_init_proc(p);
	return p;
}

void proc_free(struct proc *p)
{
	if (p->leader == p && p->pid)
		procfs_pid_remove(p->pid);
	if (p->iobuf)
		page_put(va_to_pfn(p->iobuf));
	if (p->kstack)
		kstack_free(p->kstack);
	p->iobuf = 0;
	p->kstack = 0;
	p->state = P_UNUSED;
	p->pid = 0;
}

void proc_start(struct proc *p)
{
	if (p->leader == p) {
		procfs_pid_add(p->pid);
		cred_publish(p);
	}
	p->state = P_RUNNABLE;
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED && proc_table[i].pid == pid)
			return &proc_table[i];
	return 0;
}

int proc_count(void)
{
	int n = 0;

	for (int i = 0; i < NPROC; i++)
		n += proc_table[i].state != P_UNUSED;
	return n;
}

/* ---- services for the file layer (vfs.h) ---- */

void proc_sleep(void *chan)
{
	sleep_on(chan, 0);
}

void proc_sleep_until(void *chan, uint64_t deadline_ns)
{
	sleep_on(chan, deadline_ns ? deadline_ns : 1);
}

uint64_t proc_clock_ns(void)
{
	return vmi_time_ns();
}

/* A readiness change is also what signal-driven I/O waits for. */
void proc_wakeup(void *chan)
{
	wakeup(chan);
	if (chan == poll_channel())
		fasync_scan();
}

int proc_signal_pending(void)
{
	return curproc && signal_deliverable(curproc) != 0;
}

void proc_signal_pgrp(int pgid, int sig)
{
	if (pgid <= 0)
		return;
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];

		if (p->state != P_UNUSED && p->leader == p && p->nthreads > 0 &&
		    p->pgid == pgid)
			signal_send_group(p, sig, 0);
	}
}

struct inode *proc_root(void)
{
	return curproc && curproc->fs ? curproc->fs->root : 0;
}

int proc_pgid(void)
{
	return curproc ? curproc->pgid : 0;
}

int proc_sid(void)
{
	return curproc ? curproc->sid : 0;
}

int proc_session_alive(int sid)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];

		if (p->state != P_UNUSED && p->state != P_ZOMBIE && p->sid == sid)
			return 1;
	}
	return 0;
}

int proc_sig_refused(int sig)
{
	struct proc *p = curproc;

	return p && ((p->sig_blocked & (1ull << (sig - 1))) ||
	             p->sighand->action[sig].handler == SIG_IGN);
}

int proc_pgrp_orphaned(int pgid)
{
	return jobctl_orphaned(pgid);
}

void *poll_channel(void)
{
	return &poll_chan;
}
