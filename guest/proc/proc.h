/*
 * proc.h - processes: the process table, address spaces (struct mm and its
 * areas), and the interfaces the process core's files share with each
 * other (scheduler, memory, ELF loading, signals, fds, user access).
 *
 * One processor, and the kernel is not preemptible: kernel code runs with
 * events masked from the first line of a system call or fault handler
 * until it sleeps or returns to user mode.  Event handlers (timer, console)
 * therefore only ever interrupt user mode, the idle loop, or the few
 * instructions of a trap stub, and may safely change process states.
 */
#ifndef GUEST_PROC_H
#define GUEST_PROC_H

#include <stdint.h>
#include <vmi/vmi.h>
#include "lib/kernel/trap.h"
#include "sys/linux.h"
#include "fs/vfs.h"
#include "proc/cred.h"
#include "proc/caps.h"

#define NPROC_MAX    4096        /* process table slots at most; a boot's limit
                                    follows its memory (proc_limit, proc.c) */
#define NPROC_MIN    256         /* ... and is never below this */
#define NOFILE       4096        /* file descriptors per process: Linux's default
                                    hard limit (the soft one is 1024) */
#define NOFILE_SMALL 64          /* slots a table starts with, inside it */
#define NOFILE_PAGE  1024        /* slots in a page of a grown table */
#define NVMA         140         /* memory areas per address space (a thread
                                    stack is two: stack and guard) */
#define KSTACK_SIZE  8192
#define NTLS         3           /* set_thread_area slots (Linux i386 has 3) */
#define TICK_NS      10000000ull /* the scheduler's tick: 10 ms */
#define HZ           100

/* User address-space layout, like Linux i386's. */
#define USER_TOP     VMI_KERNEL_BASE       /* stack top: 0xC0000000 */
#define STACK_SIZE   (8u << 20)            /* the stack area (demand-paged) */
#define MMAP_BASE    0x40000000u           /* first address mmap tries */
#define PAGE_SIZE    VMI_PAGE_SIZE
#define PAGE_DOWN(a) ((uint32_t)(a) & ~(PAGE_SIZE - 1))
#define PAGE_UP(a)   (((uint32_t)(a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* ---- address spaces (vm.c, vma.c, cow.c) ---- */
#define VMA_BRK   0x1u                     /* the heap grown by brk */
#define VMA_STACK 0x2u
#define VMA_SHARED 0x4u                    /* MAP_SHARED anonymous or of a RAM-fs file:
                                              fork shares its frames */
#define VMA_NOWRITE 0x8u                   /* MAP_SHARED of a file not open for
                                              writing: mprotect may not add PROT_WRITE */
#define VMA_SHARED_FILE 0x10u              /* MAP_SHARED of a disk file: a copy
                                              written back (writeback.c) */
#define VMA_SHM   0x20u                    /* a System V shared memory attachment
                                              (with VMA_SHARED): vma.shm */
#define VMA_LOCKED 0x40u                   /* mlock: Linux's VM_LOCKED (mlock.c) */
#define VMA_LOCKONFAULT 0x80u              /* with VMA_LOCKED: not populated
                                              (MLOCK_ONFAULT, MCL_ONFAULT) */
#define VMA_LOCK_MASK (VMA_LOCKED | VMA_LOCKONFAULT)
#define VMA_GROWSDOWN 0x100u               /* MAP_GROWSDOWN: a fault just below
                                              extends it (vma_grow_down) */
#define VMA_WRITTEN 0x200u                 /* a write fault met it, or a page mapped
                                              writable lost PROT_WRITE: a core
                                              dumps it whole (Linux's anon_vma) */

struct shm_seg;

struct vma {
	uint32_t start, end;        /* page-aligned, end exclusive */
	uint32_t prot;              /* PROT_READ | PROT_WRITE | PROT_EXEC */
	uint32_t flags;             /* VMA_* */
	struct inode *ip;           /* private file mapping, or null: zero-filled */
	uint32_t off;               /* file (or segment) offset of `start` */
	union {                     /* (struct mm must fit a page) */
		uint32_t file_end;      /* file data stops here; zeros above (bss) */
		struct shm_seg *shm;    /* VMA_SHM: the System V segment it maps */
	};
};

struct mm {
	int refs;                   /* processes sharing it (CLONE_VM) */
	uint32_t l2;                /* pinned L2 frame; 0: no address space */
	int nvma;
	struct vma vma[NVMA];       /* sorted by start, never overlapping */
	uint32_t brk_start, brk;    /* the program break */
	uint32_t arg_start, arg_end;  /* argv strings (/proc/<pid>/cmdline) */
	struct ldt *ldt;            /* modify_ldt's table (ldt.c), or null */
	uint32_t ldt_gen;           /* ... which one; 0: none or empty */
	uint32_t def_flags;         /* VMA_LOCK_MASK bits every new area gets
	                               (mlockall MCL_FUTURE) */
	uint32_t auxv;              /* the auxiliary vector on the stack (core dumps) */
	int dumpable;               /* may dump core (prctl PR_SET_DUMPABLE): not
	                               after an exec or id change that gave
	                               other credentials (Linux's suid_dumpable 0) */
};

/* What a futex is to its waiters (futex.c): the address space and the
 * address, or for a shared one the frame and the offset in it. */
struct futex_key {
	uint32_t kind, a, b;
};

/* What a signal's sender left for the handler's siginfo (signal.c). */
struct ksiginfo {
	int32_t code;               /* SI_USER, CLD_EXITED, SEGV_MAPERR, POLL_IN ... */
	int32_t pid;                /* sender, or the child for SIGCHLD */
	int32_t status;             /* SIGCHLD: exit code or signal; POLL_*: si_fd;
	                               sent by a process: its real uid */
	uint32_t addr;              /* faults: the address; POLL_*: si_band;
	                               sent by a process: si_value (SI_QUEUE) */
};

/* Real-time signals queue (signal.c): instances sent while one of their
 * number is pending, oldest first, each taken after those before it. */
#define RTQ_MAX 4               /* (struct proc must fit a page) */
struct rtqueue {
	int n;
	struct {
		int sig;
		struct ksiginfo info;
	} e[RTQ_MAX];
};
void rtq_push(struct rtqueue *q, int sig, const struct ksiginfo *info);
int rtq_pop(struct rtqueue *q, int sig, struct ksiginfo *info);
void rtq_purge(struct rtqueue *q, int sig);

/* ---- what threads share (share.c): each part has its own reference
 * count, because clone can share any of them without the others ---- */
struct files {                  /* CLONE_FILES */
	int refs;
	int nfd;                    /* slots: NOFILE_SMALL, or pages * NOFILE_PAGE */
	struct file *small[NOFILE_SMALL];       /* until page[0] exists */
	struct file **page[NOFILE / NOFILE_PAGE];  /* a grown table (fd.c) */
	uint32_t cloexec[NOFILE / 32];  /* FD_CLOEXEC bits, by fd */
};

struct fs_info {                /* CLONE_FS */
	int refs;
	struct inode *cwd;
	struct inode *root;         /* chroot; null: the real root */
	uint32_t umask;
};

struct sighand {                /* CLONE_SIGHAND */
	int refs;
	struct linux_sigaction action[NSIG + 1];
};

struct mm *mm_new(void);                /* refs 1 and an empty user half, or null */
struct mm *mm_get(struct mm *mm);
void mm_put(struct mm *mm);             /* the last reference destroys it */
struct files *files_new(void);
struct files *files_get(struct files *f);
struct files *files_dup(struct files *f); /* a copy sharing the open files */
void files_put(struct files *f);        /* the last reference closes them */
struct fs_info *fs_new(struct inode *cwd);
struct fs_info *fs_get(struct fs_info *fs);
struct fs_info *fs_dup(struct fs_info *fs);
void fs_put(struct fs_info *fs);
struct sighand *sighand_new(void);
struct sighand *sighand_get(struct sighand *sh);
struct sighand *sighand_dup(struct sighand *sh);
void sighand_put(struct sighand *sh);

/* ---- processes (proc.c) ---- */
enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct context {                /* what swtch saves: callee-saved + eip */
	uint32_t edi, esi, ebx, ebp, eip;
};

struct fpu_state {              /* the FXSAVE image */
	uint8_t image[512];
} __attribute__((aligned(16)));

/*
 * One struct proc per thread.  pid is the thread's id (gettid); a thread
 * group (a process as the user sees it) is named by its leader's pid
 * (tgid, getpid).  The group's own state - its parent, its wait status,
 * its live thread count, signals sent to the whole group - lives in the
 * leader, which stays (as a zombie, if it ended first) until the last
 * thread of the group is gone.  pgid, sid and parent are kept equal in
 * every thread of a group.
 */
struct proc {
	struct fpu_state fpu;       /* first: keeps the 16-byte alignment */
	enum proc_state state;
	int pid, pgid, sid;
	int tgid;                   /* the leader's pid */
	struct proc *leader;        /* the thread group's leader (itself) */
	struct proc *parent;        /* always a group leader */
	char name[16];
	uint8_t *kstack;            /* KSTACK_SIZE bytes; trap frame at the top */
	struct context *ctx;        /* where swtch resumes it */
	struct trap_regs *tf;       /* its user registers (top of kstack) */
	void *chan;                 /* sleeping on this */
	uint64_t wake_at;           /* a timed sleep ends here (0: none) */
	int status;                 /* wait status once a zombie */
	int autoreap;               /* parent ignores SIGCHLD: nobody waits */
	int exit_signal;            /* sent to the parent at exit (clone's CSIGNAL) */
	struct mm *mm;
	struct files *files;
	struct fs_info *fs;
	struct sighand *sighand;
	char *iobuf;                /* one page: the bounce buffer of read/write */
	/* signals (signal.c) */
	sigset64_t sig_pending, sig_blocked, saved_mask;
	int has_saved_mask;         /* sigsuspend/pselect: restore on return */
	struct ksiginfo siginfo[NSIG + 1];
	struct rtqueue rtq;         /* real-time signals after the pending one */
	uint64_t alarm_at;          /* SIGALRM due (0: none); the leader's */
	uint64_t alarm_interval;    /* setitimer's period (0: one shot) */
	/* ITIMER_VIRTUAL, ITIMER_PROF (index 0, 1): CPU time left and period,
	 * in ticks (the leader's); cpu_ticks: the group's CPU time so far */
	uint64_t cpu_timer[2], cpu_interval[2], cpu_ticks;
	struct linux_rlimit64 rlim[RLIM_NLIMITS];  /* the leader's: kept, inherited */
	struct cred cred;           /* the leader's (cred.h); all zero: root */
	struct caps caps;           /* this thread's capabilities (caps.h) */
	uint32_t persona;           /* personality(2), the leader's: kept, inherited */
	/* the thread group, kept in the leader (see above) */
	int nthreads;               /* live threads */
	int group_exiting;          /* exit_group or a fatal signal: all end */
	int group_status;           /* ... with this wait status */
	struct proc *dethreading;   /* this thread's exec ends the others */
	struct proc *dumper;        /* this thread writes the group's core: the
	                               others wait in do_exit until it is done */
	sigset64_t shared_pending;  /* signals sent to the whole group */
	struct ksiginfo shared_info[NSIG + 1];
	struct rtqueue shared_rtq;
	int stopped, stop_sig;      /* job control (jobctl.c): the group is stopped */
	int stop_report, cont_report;  /* a stop / continue wait4 has not reported */
	/* threads */
	uint32_t clear_child_tid;   /* zeroed and futex-woken at exit */
	uint32_t set_child_tid;     /* CLONE_CHILD_SETTID: written when it first runs */
	uint32_t robust_list, robust_len;  /* set_robust_list: walked at exit */
	/* a futex wait (futex.c): the key, or KEY_VECTOR and futex_waitv's
	 * fnkeys keys in fkeys; kind 0 once woken, fwoken by which one */
	struct futex_key fkey;
	struct futex_key *fkeys;
	int fnkeys, fwoken;
	uint32_t fbitset, fseq;
	int lock_owner, lock_blocker;  /* F_SETLKW asleep: this owner waits for that one */
	uint64_t tls[NTLS];         /* GDT descriptors for set_thread_area */
	int fpu_used;               /* fpu holds a state (else: the initial one) */
	int32_t orig_eax;           /* the last system call's number (core dumps) */
	struct proc *vfork_parent;  /* waiting until we exec or exit */
	uint64_t restart_until;     /* a sleep interrupted by a stop resumes to here */
	uint32_t restart_urem;      /* ... and reports what was left here */
	int restart_time64;
	uint64_t utime_ticks, stime_ticks, cutime_ticks, cstime_ticks;
	uint64_t start_ns;
	int slice_entries;          /* sched=det: kernel entries in this slice */
	char exe[256];              /* the program's absolute path (/proc/self/exe) */
	int slot;                   /* its index in proc_table */
};

/* The process table: one page-sized struct proc per slot in use, null
 * for a free slot; slots at and above proc_slots are all free. */
extern struct proc *proc_table[NPROC_MAX];
extern int proc_slots;
extern int proc_limit;                  /* slots this boot may use (threads-max) */
extern struct proc *curproc;
extern uint32_t user_cs, user_ds, kernel_ds;

void proc_init(const struct vmi_boot_info *bi);
void kstack_init(void);                 /* may lower proc_limit to its window */
uint8_t *kstack_alloc(int slot);       /* KSTACK_SIZE bytes, or null */
void kstack_free(uint8_t *stack);
struct proc *proc_alloc(void);          /* an EMBRYO with a kernel stack, or null */
void proc_free(struct proc *p);         /* back to UNUSED (not the current one) */
struct proc *proc_find(int pid);
void shutdown_virq_init(void);           /* shutdown_virq.c */
void proc_start(struct proc *p);        /* EMBRYO -> RUNNABLE: it will enter user mode */
int proc_count(void);

/* ---- scheduling (sched.c, swtch.S) ---- */
void swtch(struct context **old, struct context *new);
void trapret(void);                     /* pop a trap frame and vmi_iret */
void scheduler(void) __attribute__((noreturn));
void sched(void);                       /* give up the CPU (state already set) */
void yield(void);
void sleep_on(void *chan, uint64_t wake_at); /* one sleep; may wake early */
void wakeup(void *chan);
void sched_init(const struct vmi_boot_info *bi);  /* mode (sched=det), timer */
void sched_preempt(const struct trap_regs *r);  /* user_return: end of slice? */
void sched_timer_update(void);          /* a sleep or alarm deadline changed */
int sched_deterministic(void);          /* booted with sched=det */
void mm_activate(struct mm *mm);        /* load its L2 if not loaded */
extern uint32_t kernel_l2;

/* ---- return to user mode (syscall.c) ---- */
void user_return(struct trap_regs *r);  /* signals, preemption */
void syscall_init(void);

/* ---- frames with reference counts (page.c) ---- */
void page_init(const struct vmi_boot_info *bi);
uint32_t page_alloc(void);              /* zeroed, refcount 1; VMI_INVALID_PFN if none */
void page_get(uint32_t pfn);
void page_put(uint32_t pfn);            /* frees at 0 */
uint32_t page_refs(uint32_t pfn);
uint32_t pages_free(void);

/* ---- address spaces (vm.c) ---- */
int mm_create(struct mm *mm);           /* empty user half, kernel half shared */
void mm_destroy(struct mm *mm);         /* must not be the loaded one */
int mm_copy(struct mm *dst, struct mm *src);   /* fork: copy-on-write (cow.c) */
/* Dirty pages of shared file mappings in [start, end) back to their files
 * (writeback.c); clean: clear their dirty bits, the mapping stays. */
void vm_writeback(struct mm *mm, uint32_t start, uint32_t end, int clean);
/* 0; -EFAULT (SIGSEGV), -EIO (SIGBUS: a file page past the end of the
 * file) or -ENOMEM. */
int vm_fault(struct mm *mm, uint32_t va, int write);
int vm_write(struct mm *mm, uint32_t va, const void *src, uint32_t n);
vmi_pte_t vm_pte(struct mm *mm, uint32_t va);
int vm_set_pte(struct mm *mm, uint32_t va, vmi_pte_t pte);
int vm_loaded(struct mm *mm);
int vm_populate(struct mm *mm, uint32_t start, uint32_t end);
/* Fault in every page of the accessible areas in [start, end) as Linux's
 * populate does (a write fault for private writable areas); 0, or the
 * first error (-EFAULT, -ENOMEM) unless ignore_errors. */
int vm_populate_range(struct mm *mm, uint32_t start, uint32_t end, int ignore_errors);
void vm_fault_init(void);               /* the #PF handler */

/* ---- memory areas (vma.c) ---- */
struct vma *vma_find(struct mm *mm, uint32_t va);
int vma_add(struct mm *mm, const struct vma *v);
int vma_unmap(struct mm *mm, uint32_t start, uint32_t end);
int vma_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t prot);
int vma_range_free(struct mm *mm, uint32_t start, uint32_t end);
uint32_t vma_find_gap(struct mm *mm, uint32_t len);
/* The VMA_GROWSDOWN area va lies just below, grown down to va's page, or
 * null when none may grow there (Linux's stack_guard_gap, RLIMIT_STACK). */
struct vma *vma_grow_down(struct mm *mm, uint32_t va);
/* Areas in [start, end) get flags (VMA_LOCK_MASK bits) in place of their
 * lock bits, split at the ends as mprotect splits; -ENOMEM if [start, end)
 * is not all mapped or no area is left for a split. */
int vma_set_lock(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags);
void vma_set_lock_all(struct mm *mm, uint32_t flags);  /* every area (mlockall) */
uint32_t vma_locked_bytes(struct mm *mm);  /* sum of VMA_LOCKED areas: VmLck */

/* ---- memory locks (sys/sys_mlock.c) ---- */
/* May a new area of `bytes` with area flags vflags be made (Linux's
 * mlock_future_ok): unlocked, or within RLIMIT_MEMLOCK, or CAP_IPC_LOCK. */
int mlock_future_ok(struct mm *mm, uint32_t vflags, uint32_t bytes);
int mlock_allowed(void);                /* Linux's can_do_mlock: else EPERM */

/* ---- areas mapping System V shared memory (ipc/shm_attach.c): every
 * copy of such an area made or dropped is counted (shm_nattch) ---- */
void shm_vma_open(struct vma *v);       /* a new area maps v->shm (split, fork) */
void shm_vma_close(struct vma *v);      /* an area mapping it goes */
uint32_t shm_vma_page(struct vma *v, uint32_t va);  /* its frame, referenced for
                                                       the mapping; VMI_INVALID_PFN */
const char *shm_vma_name(const struct vma *v, char *buf, uint32_t n);  /* maps: /SYSVkey */

/* ---- exec (elf_load.c, exec.c) ---- */
struct elf_image {
	uint32_t entry, phdr, phent, phnum, brk;
};
int elf_load(struct mm *mm, struct inode *ip, struct elf_image *img);
int exec_init_process(const char *path, const char *const argv[],
                      const char *const envp[]);
int do_execve(const char *path, uint32_t uargv, uint32_t uenvp);

/* ---- exit and wait (exit.c) ---- */
void do_exit(int status) __attribute__((noreturn));       /* this thread */
void do_group_exit(int status) __attribute__((noreturn)); /* every thread */
void thread_group_dethread(void);       /* exec: end the other threads */
/* A signal's default action ends the group (a core first, if the signal's
 * action is "core" and the limits allow: coredump.c). */
void do_signal_exit(int sig, const struct ksiginfo *info) __attribute__((noreturn));

/* ---- core dumps (coredump.c) ---- */
int signal_dumps_core(int sig);         /* the default action is "core" */
/* Write the calling thread group's core file for signal sig (the other
 * threads held in do_exit): 1 if a core was dumped (the status's 0x80). */
int coredump_write(int sig, const struct ksiginfo *info);

/* ---- signals (signal.c) ---- */
void signal_init_proc(struct proc *p);
int signal_send(struct proc *p, int sig, const struct ksiginfo *info);  /* one thread */
int signal_send_group(struct proc *p, int sig, const struct ksiginfo *info); /* p's group */
void signal_force(struct proc *p, int sig, uint32_t addr, int code);  /* faults */
int signal_deliverable(struct proc *p);  /* the next signal to act on, or 0 */
void signal_drop(struct proc *p, int sig);  /* pending and queued, thread's and group's */
void signal_deliver(struct trap_regs *r, int restart_nr);
int signal_default_ignored(int sig);
int signal_take(struct proc *p, sigset64_t set, struct linux_siginfo *out);
/* The user's siginfo_t of signal sig sent with k (handlers, a core's NT_SIGINFO). */
void signal_siginfo(struct linux_siginfo *out, int sig, const struct ksiginfo *k);

/* ---- job-control stops (jobctl.c) ---- */
int jobctl_is_stop(int sig);
void jobctl_on_send(struct proc *leader, int sig);  /* before the disposition counts */
int jobctl_orphaned(int pgid);
void jobctl_stop(struct proc *p, int sig);  /* a stop signal's default action */
void jobctl_park(struct proc *p);           /* wait while the group is stopped */
int jobctl_wait_status(struct proc *c, uint32_t options);  /* -1: nothing */

/* ---- pidfds (pidfd.c) ---- */
int pidfd_file(struct file *f);         /* is f a pidfd? */
struct proc *pidfd_proc(struct file *f); /* its process's leader; null once collected */

/* ---- files (fd.c) ---- */
struct file *fd_get(int fd);
struct file *fd_get_raw(int fd);                        /* O_PATH ones too */
struct file *files_fd(struct files *p, int fd);         /* another table's fd, or null */
struct file **fd_slot(struct files *p, int fd);         /* fd below p->nfd */
int fd_cloexec(struct files *p, int fd);                /* its FD_CLOEXEC bit */
void fd_set_cloexec(struct files *p, int fd, int on);
int files_grow(struct files *p, int fd);                /* room for fd: 0 or -ENOMEM */
int fd_install(struct file *f, int min, int cloexec);   /* fd or -EMFILE */
int fd_limit(void);                     /* fds below the soft RLIMIT_NOFILE */
int fd_close(int fd);
void fd_close_on_exec(struct files *f);
struct inode *at_base(int dirfd, int *err);  /* cwd or dirfd's directory */
/* Path arguments (sys_file.c): copied into a fresh page, freed with
 * path_put; at_path also resolves dirfd into *base.  Null with *err set. */
char *path_get(uint32_t upath, int *err);
char *at_path(int dirfd, uint32_t upath, struct inode **base, int *err);
void path_put(char *path);
/* The inode at (dirfd, upath), referenced (sys_fs.c); null with *err set. */
struct inode *at_inode(int dirfd, uint32_t upath, int follow, int *err);

/* ---- POSIX record locks (sys_lock.c) ---- */
long file_lock(struct file *f, int cmd, uint32_t arg);  /* fcntl F_[GS]ETLK* */
void locks_release(int owner, struct inode *ip);  /* owner's (a tgid); ip 0: all */

/* ---- FPU and TLS (fpu.c, tls.c) ---- */
void fpu_init(void);
void fpu_switch_in(struct proc *p);
void fpu_save(struct proc *p);          /* make p->fpu current */
void fpu_release(struct proc *p);
void fpu_reset(struct proc *p);         /* exec: the initial state */
void fpu_reload(struct proc *p);        /* p->fpu was changed: use it */
void tls_init(const struct vmi_boot_info *bi);
void tls_load(struct proc *p);
int tls_selector_ok(uint32_t sel);
/* ---- the LDT of an address space (ldt.c) ---- */
void ldt_init(const struct vmi_boot_info *bi);
void ldt_switch(struct mm *mm);                 /* loads mm's table */
extern uint32_t ldt_loaded_gen;                 /* the table loaded; 0: none */
/* On a switch: mm's table, only if another is loaded (inline: processes
 * without an LDT pay a compare). */
static inline void ldt_load(struct mm *mm)
{
	if ((mm ? mm->ldt_gen : 0) != ldt_loaded_gen)
		ldt_switch(mm);
}
int ldt_copy(struct mm *dst, const struct mm *src);  /* fork */
void ldt_free(struct mm *mm);                   /* the mm goes */
int ldt_selector_ok(uint32_t sel);              /* sigreturn's data selectors */
uint32_t tls_entry(int i);                /* the GDT entry of p->tls[i] */

/* ---- resource limits (sys_proc.c) ---- */
void rlimit_defaults(struct proc *p);

/* ---- futexes (futex.c) ---- */
int futex_wake(uint32_t uaddr, int private, int n);   /* thread exit: clear_child_tid */
void futex_robust_exit(struct proc *p); /* p exits: its robust locks' owner died */

/* ---- clocks (sys_time.c) ---- */
/* struct rusage (18 words) with these times; the rest zero but maxrss. */
void rusage_fill(uint32_t ru[18], uint64_t uticks, uint64_t sticks, uint32_t maxrss_kb);
uint32_t mm_rss_pages(struct mm *mm);   /* pages present (proc_mm_info.c) */
void cpu_timers_tick(struct proc *leader, int user);   /* sys_time.c */
int64_t clock_now_ns(int clk);          /* -1: no such clock */
int time_from_user(uint32_t uts, int64_t *ns, int time64);  /* a timespec */

/* ---- /proc's view of an address space (proc_mm_info.c); mm may be null ---- */
uint32_t mm_mapped_bytes(struct mm *mm);   /* VmSize */
int mm_maps_text(struct mm *mm, char *buf, uint32_t n);
int mm_smaps_rollup_text(struct mm *mm, char *buf, uint32_t n);
int mm_smaps_read(struct mm *mm, struct proc_cursor *c, uint64_t pos, char *buf, uint32_t n);
int mm_pagemap_read(struct mm *mm, uint64_t pos, char *buf, uint32_t n);

/* ---- /proc's view of processes (proc_info.c) ---- */
void proc_set_exe(struct proc *p, const char *path);  /* exec: resolve it */
void loadavg_update(uint64_t now);      /* the tick, and readers */
extern uint64_t cpu_user_ticks, cpu_system_ticks;  /* all processes, since boot */
/* Nanoseconds of system time the processor waited with nothing to run
 * (sched.c's idle loop): /proc/stat's vmi_idle_ns, which make bench takes
 * off the elapsed time of the disk rows. */
extern uint64_t idle_ns;
extern uint32_t forks_total;

/* ---- misc ---- */
uint32_t random_u32(void);
void random_fill(void *buf, uint32_t n);

#endif /* GUEST_PROC_H */
