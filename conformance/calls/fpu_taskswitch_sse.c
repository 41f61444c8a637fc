/*
 * fpu_taskswitch_sse - SSE instructions obey vmi_fpu_taskswitch too: they
 * run with TS clear and raise #NM (vector 7), not #UD, with TS set.
 *
 * The spec says "the next FPU/SSE instruction raises #NM".  When CPUID (as
 * VMI reports it) advertises SSE, user programs and libraries use it (glibc
 * picks SSE2 string functions from CPUID), so the backend must have enabled
 * it (CR4.OSFXSR) and the lazy FPU switch must cover the XMM registers as
 * well.  A #UD here means SSE is advertised but unusable.  The #UD handler
 * only records and skips the instruction so that a failure is reported
 * instead of crashing the run.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: SSE instructions run, and trap #NM under TS";

#define UD_VECTOR 6
#define NM_VECTOR 7
#define CPUID_1_EDX_SSE (1u << 25)

static volatile unsigned nm_count, ud_count;
static uint32_t resume_eip;     /* where a #UD continues (set by sse_copy) */

static void nm_handler(struct trap_regs *r)
{
	(void)r;
	nm_count++;
	vmi_fpu_taskswitch(0);      /* retried with TS clear */
}

static void ud_handler(struct trap_regs *r)
{
	ud_count++;
	r->f.eip = resume_eip;      /* skip the SSE sequence */
}

/* Copy a word through %xmm0 (SSE1 movss); 0 if the copy was skipped. */
static uint32_t sse_copy(uint32_t v)
{
	uint32_t out = 0;

	__asm__ volatile("movl $1f, %[resume]\n\t"
	                 "movss %[in], %%xmm0\n\t"
	                 "movss %%xmm0, %[out]\n"
	                 "1:"
	                 : [out] "+m"(out), [resume] "=m"(resume_eip)
	                 : [in] "m"(v) : "memory");
	return out;
}

void test_main(void)
{
	struct vmi_cpuid_regs l1;

	vmi_cpuid(1, 0, &l1);
	if (!(l1.edx & CPUID_1_EDX_SSE)) {
		test_skip("cpuid does not report SSE");
		return;
	}
	trap_set_handler(NM_VECTOR, nm_handler);
	trap_set_handler(UD_VECTOR, ud_handler);

	/* TS clear: SSE runs. */
	vmi_fpu_taskswitch(0);
	CHECK_EQ(sse_copy(0x3F800000u), 0x3F800000u);
	CHECK_EQ(ud_count, 0);
	CHECK_EQ(nm_count, 0);

	/* TS set: one #NM, then the instruction re-executes. */
	vmi_fpu_taskswitch(1);
	CHECK_EQ(sse_copy(0x40000000u), 0x40000000u);
	CHECK_EQ(nm_count, 1);
	CHECK_EQ(ud_count, 0);
}
