/*
 * fpu.c - per-process FPU/SSE state, switched lazily.
 *
 * The registers hold the state of at most one process, fpu_owner.  When
 * any other process runs, CR0.TS is set (vmi_fpu_taskswitch(1)), so its
 * first FPU or SSE instruction raises #NM: the handler saves the owner's
 * registers into its struct proc (FXSAVE), loads the new owner's (FXRSTOR,
 * or the power-on state for a process that never used the FPU) and lets
 * the instruction run again.  Processes that never touch the FPU never pay
 * for it.  TS is tracked here so the call is made only when it changes.
 * The kernel itself has no FPU code (-mgeneral-regs-only).
 */
#include "proc/proc.h"
#include "lib/klib.h"

#define NM_VECTOR 7

static struct proc *fpu_owner;
static int ts_set = -1;
static struct fpu_state fpu_initial;

static void set_ts(int on)
{
	if (on != ts_set) {
		vmi_fpu_taskswitch(on);
		ts_set = on;
	}
}

static void fxsave(struct fpu_state *s)
{
	asm volatile("fxsave %0" : "=m"(*s));
}

static void fxrstor(const struct fpu_state *s)
{
	asm volatile("fxrstor %0" : : "m"(*s));
}

/* #NM: the current process wants the FPU. */
static void device_not_available(struct trap_regs *r)
{
	struct proc *p = curproc;

	if (!p || !trap_from_user(r))
		panic("kernel: FPU used in the kernel (eip %#x)", r->f.eip);
	set_ts(0);
	if (fpu_owner && fpu_owner != p)
		fxsave(&fpu_owner->fpu);
	fxrstor(p->fpu_used ? &p->fpu : &fpu_initial);
	p->fpu_used = 1;
	fpu_owner = p;
}

void fpu_init(void)
{
	/* Power-on state: x87 control word 0x37F, MXCSR 0x1F80 (all masked). */
	memset(&fpu_initial, 0, sizeof(fpu_initial));
	fpu_initial.image[0] = 0x7F;
	fpu_initial.image[1] = 0x03;
	fpu_initial.image[24] = 0x80;
	fpu_initial.image[25] = 0x1F;
	trap_set_handler(NM_VECTOR, device_not_available);
	set_ts(1);
}

void fpu_switch_in(struct proc *p)
{
	set_ts(fpu_owner != p);
}

void fpu_save(struct proc *p)
{
	if (fpu_owner == p) {
		set_ts(0);
		fxsave(&p->fpu);
		set_ts(fpu_owner != curproc);
	} else if (!p->fpu_used) {
		p->fpu = fpu_initial;
		p->fpu_used = 1;
	}
}

void fpu_reload(struct proc *p)
{
	p->fpu_used = 1;
	if (fpu_owner == p)
		fpu_owner = 0;
	if (p == curproc)
		set_ts(1);
}

void fpu_reset(struct proc *p)
{
	fpu_reload(p);
	p->fpu_used = 0;
}

void fpu_release(struct proc *p)
{
	if (fpu_owner == p)
		fpu_owner = 0;
}
