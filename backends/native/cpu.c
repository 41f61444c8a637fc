/*
 * cpu.c - processor-state calls natively: the instructions themselves.
 */
#include "native.h"
#include "drivers/x86.h"

#define CR0_MP 0x2u
#define CR0_EM 0x4u
#define CR0_NE 0x20u
#define CR4_OSFXSR 0x200u
#define CR4_OSXMMEXCPT 0x400u
#define CPUID1_EDX_FXSR (1u << 24)
#define CPUID1_EDX_SSE (1u << 25)

/*
 * FPU and SSE on: native x87 error reporting (NE), WAIT honours TS (MP), no
 * emulation, and - when the CPU has them - FXSAVE/SSE enabled in CR4, so
 * guests and their applications may use SSE and switch its state lazily.
 */
void cpu_init(void)
{
	struct vmi_cpuid_regs r;
	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	asm volatile("fninit");
	vmi_cpuid(1, 0, &r);
	if ((r.edx & CPUID1_EDX_FXSR) && (r.edx & CPUID1_EDX_SSE)) {
		uint32_t cr4;
		asm volatile("mov %%cr4, %0" : "=r"(cr4));
		cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
		asm volatile("mov %0, %%cr4" : : "r"(cr4));
	}
}

void vmi_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *out)
{
	asm volatile("cpuid"
		     : "=a"(out->eax), "=b"(out->ebx), "=c"(out->ecx), "=d"(out->edx)
		     : "a"(leaf), "c"(subleaf));
}

uint64_t vmi_rdtsc(void)
{
	return rdtsc();
}

void vmi_fpu_taskswitch(int set)
{
	if (set)
		write_cr0(read_cr0() | CR0_TS);
	else
		asm volatile("clts");
}

unsigned long vmi_fault_address(void)
{
	return read_cr2();
}
