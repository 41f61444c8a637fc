/*
 * proc.c - the process table: allocation of slots and kernel stacks, pids,
 * lookup, and the services the file layer asks of the process core
 * (vfs.h: proc_sleep, proc_wakeup, proc_signal_pending, proc_signal_pgrp,
 * proc_pgid, proc_sid, proc_sig_refused, proc_pgrp_orphaned, poll_channel,
 * proc_sleep_until, proc_clock_ns; proc_send_sigio is sigio.c).
 *
 * The table is an array of pointers: a slot in use has a struct proc of
 * its own page, allocated at fork and freed when the process is collected,
 * so memory follows the processes there are.  How many there may be
 * (proc_limit) follows the memory, as Linux's threads-max does: a process
 * per 16 pages (its kernel stack, struct proc and I/O page are 4), never
 * fewer than NPROC_MIN nor more than NPROC_MAX; beyond it fork fails with
 * -EAGAIN, which is how a fork bomb ends.  Each slot's kernel stack is
 * mapped from two frames while the slot is in use (kstack.c).  A new
 * process's stack holds its trap frame at the top and, just below, a
 * context whose eip is forkret: the first swtch to it "returns" there and
 * then into trapret, which leaves for user mode through the trap frame.
 *
 * Pids count up from the last one given out (ns_last_pid, which root may
 * set) and wrap below PID_MAX to RESERVED_PIDS, as Linux's do.
 */
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define PAGES_PER_PROC 16           /* Linux's i386 threads-max: memory / 8 stacks */
#define RESERVED_PIDS  300          /* where pids start again after PID_MAX */

_Static_assert(sizeof(struct proc) <= PAGE_SIZE, "a struct proc fits its page");
_Static_assert(NPROC_MAX <= PROC_PIDS_MAX, "procfs has a directory for each");

struct proc *proc_table[NPROC_MAX];
int proc_slots;
int proc_limit = NPROC_MIN;
struct proc *curproc;
uint32_t user_cs, user_ds, kernel_ds;

static int last_pid;
static char poll_chan;              /* the address is the channel */

void proc_init(const struct vmi_boot_info *bi)
{
	uint32_t by_memory = bi->nr_pages / PAGES_PER_PROC;

	user_cs = bi->user_cs;
	user_ds = bi->user_ds;
	kernel_ds = bi->kernel_ds;
	proc_limit = by_memory > NPROC_MAX ? NPROC_MAX
	           : by_memory < NPROC_MIN ? NPROC_MIN : (int)by_memory;
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

/* A pid not in use, the first after the last one given out. */
static int alloc_pid(void)
{
	int pid = last_pid;

	do
		pid = pid + 1 < PID_MAX ? pid + 1 : RESERVED_PIDS;
	while (proc_find(pid));
	last_pid = pid;
	return pid;
}

int pid_last(void)
{
	return last_pid;
}

/* Writing ns_last_pid (procfs_sysctl.c checks the writer may):
 * checkpoint/restore's way to choose the next pid. */
int pid_set_last(int pid)
{
	if (pid < 0 || pid > PID_MAX)
		return -EINVAL;
	last_pid = pid;
	return 0;
}

/* A free slot below proc_limit, or -1. */
static int free_slot(void)
{
	for (int i = 0; i < proc_limit; i++)
		if (!proc_table[i])
			return i;
	return -1;
}

/* The new process's kernel stack: its trap frame at the top, below it
 * the context the first swtch to it resumes (forkret, then trapret). */
static void kstack_frame(struct proc *p)
{
	uint32_t *sp;

	p->tf = (struct trap_regs *)(p->kstack + KSTACK_SIZE) - 1;
	sp = (uint32_t *)p->tf;
	*--sp = (uint32_t)trapret;               /* forkret returns here */
	sp -= sizeof(struct context) / 4;
	p->ctx = (struct context *)sp;
	p->ctx->eip = (uint32_t)forkret;
}

struct proc *proc_alloc(void)
{
	int slot = free_slot();
	struct proc *p;
	uint32_t buf;

	if (slot < 0 || !(p = kpage_alloc()))
		return 0;
	buf = page_alloc();
	p->kstack = buf == VMI_INVALID_PFN ? 0 : kstack_alloc(slot);
	if (!p->kstack) {
		if (buf != VMI_INVALID_PFN)
			page_put(buf);
		kpage_free(p);
		return 0;
	}
	proc_table[slot] = p;
	if (slot >= proc_slots)
		proc_slots = slot + 1;
	p->slot = slot;
	p->iobuf = pfn_to_va(buf);
	p->state = P_EMBRYO;
	p->pid = p->tgid = alloc_pid();
	forks_total++;
	p->leader = p;
	p->nthreads = 1;
	kstack_frame(p);
	p->start_ns = vmi_time_ns();
	signal_init_proc(p);
	return p;
}

/* Its slot and memory go (it must not be the current process, nor be
 * named by any other any more). */
void proc_free(struct proc *p)
{
	if (p->leader == p && p->pid)
		procfs_pid_remove(p->pid);
	if (p->iobuf)
		page_put(va_to_pfn(p->iobuf));
	if (p->kstack)
		kstack_free(p->kstack);
	fpu_release(p);
	proc_table[p->slot] = 0;
	while (proc_slots > 0 && !proc_table[proc_slots - 1])
		proc_slots--;
	p->state = P_UNUSED;
	kpage_free(p);
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
	for (int i = 0; i < proc_slots; i++)
		if (proc_table[i] && proc_table[i]->pid == pid)
			return proc_table[i];
	return 0;
}

int proc_count(void)
{
	int n = 0;

	for (int i = 0; i < proc_slots; i++)
		n += proc_table[i] != 0;
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
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (p && p->leader == p && p->nthreads > 0 &&
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
	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (p && p->state != P_ZOMBIE && p->sid == sid)
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
