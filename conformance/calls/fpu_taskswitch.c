/*
 * fpu_taskswitch - vmi_fpu_taskswitch(1) makes the next FPU instruction
 * raise #NM (vector 7); vmi_fpu_taskswitch(0) lets it run.
 *
 * This is lazy FPU switching: a kernel sets TS on every task switch and
 * saves/restores FPU state only when the new task really uses the FPU, in
 * the #NM handler, which clears TS and returns so the instruction runs
 * again.  Checked: with TS clear x87 code runs without a trap; with TS set
 * the first FPU instruction traps exactly once, the frame points AT it (a
 * fault, not a trap: it has not executed yet), and after the handler clears
 * TS it re-executes and computes the right result; setting TS twice is still
 * one trap.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: fpu_taskswitch sets and clears TS (#NM)";

#define NM_VECTOR 7

static volatile unsigned nm_count, nm_at_fninit, nm_kernel_cs;

static void nm_handler(struct trap_regs *r)
{
	const uint8_t *ip = (const uint8_t *)r->f.eip;

	nm_count++;
	nm_at_fninit += ip[0] == 0xDB && ip[1] == 0xE3;   /* fninit */
	nm_kernel_cs += r->f.cs == test_bi->kernel_cs;
	vmi_fpu_taskswitch(0);          /* clts: the instruction is retried */
}

/* fninit; 3 * 2 = 6 with the x87, stored as an integer. */
static int32_t fpu_compute(void)
{
	int32_t three = 3, out = 0;

	__asm__ volatile("fninit\n\t"
	                 "fildl %1\n\t"
	                 "fadd %%st(0), %%st(0)\n\t"
	                 "fistpl %0"
	                 : "=m"(out) : "m"(three) : "memory");
	return out;
}

void test_main(void)
{
	trap_set_handler(NM_VECTOR, nm_handler);

	/* TS clear: no trap. */
	vmi_fpu_taskswitch(0);
	CHECK_EQ(fpu_compute(), 6);
	CHECK_EQ(nm_count, 0);

	/* TS set: one #NM at fninit, then the code runs to the right result. */
	vmi_fpu_taskswitch(1);
	CHECK_EQ(fpu_compute(), 6);
	CHECK_EQ(nm_count, 1);
	CHECK_EQ(nm_at_fninit, 1);
	CHECK_EQ(nm_kernel_cs, 1);

	/* The handler cleared TS: the FPU stays usable without traps. */
	CHECK_EQ(fpu_compute(), 6);
	CHECK_EQ(nm_count, 1);

	/* Setting TS twice is still one trap. */
	vmi_fpu_taskswitch(1);
	vmi_fpu_taskswitch(1);
	CHECK_EQ(fpu_compute(), 6);
	CHECK_EQ(nm_count, 2);
	CHECK_EQ(nm_at_fninit, 2);

	/* Clearing twice: no trap. */
	vmi_fpu_taskswitch(0);
	vmi_fpu_taskswitch(0);
	CHECK_EQ(fpu_compute(), 6);
	CHECK_EQ(nm_count, 2);
}
