/*
 * cpu.c - processor-state calls on pvhv.
 *
 * cpuid and rdtsc are not privileged: ring 1 executes them directly (cpuid
 * minus the features the hypervisor does not virtualise).  The FPU's TS flag
 * and the GDT belong to the hypervisor, which keeps a virtual CR0.TS per
 * domain and validates every descriptor; the fault address of a reflected
 * #PF is published in the shared page, since CR2 cannot be read in ring 1.
 */
#include "backend.h"
#include "hypercall.h"

#define CPUID1_ECX_MONITOR (1u << 3)    /* monitor/mwait: ring 0 only */
#define CPUID1_ECX_VMX     (1u << 5)    /* no nested virtualisation */

void vmi_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *out)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
	if (leaf == 1)
		c &= ~(CPUID1_ECX_MONITOR | CPUID1_ECX_VMX);
	*out = (struct vmi_cpuid_regs){ a, b, c, d };
}

uint64_t vmi_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void vmi_fpu_taskswitch(int set)
{
	hc1(HC_FPU_TASKSWITCH, set != 0);
}

unsigned long vmi_fault_address(void)
{
	return SHARED->cr2;
}

int vmi_write_gdt_entry(uint32_t index, uint64_t desc)
{
	return hc3(HC_SET_GDT_ENTRY, index, (uint32_t)desc, (uint32_t)(desc >> 32));
}

int vmi_set_ldt(const uint64_t *descs, uint32_t count)
{
	return hc2(HC_SET_LDT, (uint32_t)descs, count);
}
