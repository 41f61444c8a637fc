/*
 * cpuid - vmi_cpuid returns a coherent CPUID leaf 0 and leaf 1.
 *
 * A deprivileged guest may not execute CPUID itself (it would see the host's
 * features, including ones the backend does not virtualise), so feature
 * detection goes through VMI.  Checked: leaf 0 names a max leaf >= 1 and a
 * 12-character printable vendor; leaf 1 reports the x87 FPU (the lazy FPU
 * switch of fpu_taskswitch depends on it); results are stable and leaf 0
 * ignores the subleaf.  The vendor string may differ between backends, so it
 * is printed on an env: line only.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: cpuid leaves 0 and 1";

#define CPUID_1_EDX_FPU (1u << 0)

static int same(const struct vmi_cpuid_regs *a, const struct vmi_cpuid_regs *b)
{
	return a->eax == b->eax && a->ebx == b->ebx && a->ecx == b->ecx && a->edx == b->edx;
}

void test_main(void)
{
	struct vmi_cpuid_regs l0, again, l1;
	char vendor[13];
	int printable = 1;

	vmi_cpuid(0, 0, &l0);
	memcpy(vendor, &l0.ebx, 4);             /* the vendor is ebx, edx, ecx */
	memcpy(vendor + 4, &l0.edx, 4);
	memcpy(vendor + 8, &l0.ecx, 4);
	vendor[12] = 0;
	for (int i = 0; i < 12; i++)
		printable &= vendor[i] >= ' ' && vendor[i] <= '~';
	test_env("cpuid vendor=%s max-leaf=%u", printable ? vendor : "?", l0.eax);

	CHECK_GE(l0.eax, 1);
	CHECK(printable);
	CHECK_NE(vendor[0], ' ');

	/* Stable, and leaf 0 has no subleaves. */
	vmi_cpuid(0, 0, &again);
	CHECK(same(&l0, &again));
	vmi_cpuid(0, 5, &again);
	CHECK(same(&l0, &again));

	/* Leaf 1: an FPU, and a plausible family. */
	vmi_cpuid(1, 0, &l1);
	CHECK(l1.edx & CPUID_1_EDX_FPU);
	CHECK_NE((l1.eax >> 8) & 0xF, 0);
	vmi_cpuid(1, 0, &again);
	CHECK_EQ(again.eax, l1.eax);
	CHECK_EQ(again.edx, l1.edx);
}
