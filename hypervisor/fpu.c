/*
 * fpu.c - lazy FPU switching between domains, and the guest's virtual TS.
 *
 * The FPU/SSE registers hold the state of at most one domain, fpu_owner.
 * The real CR0.TS is set whenever the running domain is not the owner or
 * has asked for TS itself (vfpu_ts, HC_FPU_TASKSWITCH), so the first FPU
 * instruction traps with #NM: if the guest asked for TS, the #NM is its
 * own and is reflected; otherwise the owner's state is saved, this
 * domain's restored (or initialised on first use), and the instruction is
 * retried.  fpu_dirty means "fpu_state holds a saved image".
 */
#include "hv.h"
#include "drivers/x86.h"

#define CR0_MP 0x02u
#define CR0_EM 0x04u
#define CR0_NE 0x20u
#define CR4_OSFXSR     0x200u
#define CR4_OSXMMEXCPT 0x400u
#define CPUID_FXSR (1u << 24)
#define CPUID_SSE  (1u << 25)
#define NM_VECTOR 7

static struct domain *fpu_owner;

static inline void set_ts(int on)
{
	uint32_t cr0 = read_cr0();
	write_cr0(on ? cr0 | CR0_TS : cr0 & ~CR0_TS);
}

/* On every switch: TS unless next owns the FPU and has not asked for TS. */
void fpu_context_switch(struct domain *next)
{
	set_ts(next->vfpu_ts || next != fpu_owner);
}

/* HC_FPU_TASKSWITCH: the guest's own TS, applied at once if it is running. */
void fpu_set_virtual_ts(struct domain *d, int set)
{
	d->vfpu_ts = set != 0;
	if (d == current)
		set_ts(set || d != fpu_owner);
}

/* Power-on x87 state and, with SSE, the default MXCSR (all exceptions
 * masked) - and every data register zeroed: fninit alone only marks the
 * x87 registers empty (fxsave still shows their contents) and leaves the
 * xmm registers, i.e. the previous owner's values, to this domain.  An
 * fxrstor of a clean image sets all of it (the switch itself already
 * relies on fxsave/fxrstor). */
static void fpu_fresh_state(void)
{
	static const struct {
		uint16_t fcw, fsw;
		uint8_t ftw, reserved;
		uint16_t fop;
		uint32_t fip, fcs, fdp, fds, mxcsr, mxcsr_mask;
		uint8_t regs[512 - 32];         /* st0-7, xmm0-7, unused: zero */
	} __attribute__((aligned(16))) clean = { .fcw = 0x037F, .mxcsr = 0x1F80 };
	_Static_assert(sizeof clean == 512, "fxsave image");
	asm volatile("fxrstor %0" : : "m"(clean));
}

/* #NM: the guest's own (reflected) or the lazy switch's (handled here). */
void fpu_device_not_available(struct hv_regs *r)
{
	struct domain *d = current;

	if (d->vfpu_ts) {
		trap_reflect(r, NM_VECTOR, 0, 0);
		return;
	}
	set_ts(0);
	if (fpu_owner == d)
		return;
	if (fpu_owner)
		asm volatile("fxsave %0" : "=m"(fpu_owner->fpu_state));
	if (d->fpu_dirty)
		asm volatile("fxrstor %0" : : "m"(d->fpu_state));
	else
		fpu_fresh_state();              /* first use: a fresh FPU */
	fpu_owner = d;
	d->fpu_dirty = 1;
}

/* A dying domain's state is dropped, never saved. */
void fpu_release_domain(struct domain *d)
{
	if (fpu_owner == d)
		fpu_owner = 0;
}

/* FPU on, exceptions native (NE), SSE enabled when present; TS set. */
void fpu_init(void)
{
	uint32_t a, b, c, d;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	write_cr0((read_cr0() & ~(CR0_MP | CR0_EM | CR0_TS | CR0_NE)) | CR0_MP | CR0_NE);
	asm volatile("fninit");
	if ((d & (CPUID_FXSR | CPUID_SSE)) == (CPUID_FXSR | CPUID_SSE)) {
		uint32_t cr4;
		asm volatile("mov %%cr4, %0" : "=r"(cr4));
		asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
	}
	set_ts(1);
}
