/*
 * gdt.c - segments natively: the GDT, the TSS, the guest's TLS slots and
 * its LDT.
 *
 * Flat ring-0 and ring-3 segments; the TSS carries only the ring-0 stack a
 * trap from user mode switches to (vmi_set_kernel_stack).  Three GDT slots
 * are the guest's to fill with vmi_write_gdt_entry, under the same rules
 * pvhv enforces: user-level code/data segments only.  vmi_set_ldt copies
 * the guest's table into the backend's own (the same rule per entry, and
 * a copy as on pvhv: later writes to the guest's array change nothing),
 * which one GDT slot describes, and loads it with lldt.
 */
#include "native.h"
#include "drivers/gdt.h"
#include <vmi/rules.h>

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static struct x86_tss tss;
static uint64_t ldt[VMI_LDT_ENTRIES] __attribute__((aligned(4096)));


void gdt_init(void)
{
	gdt[GDT_KERNEL_CS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0x9A, 0xC);  /* ring 0 code */
	gdt[GDT_KERNEL_DS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0x92, 0xC);  /* ring 0 data */
	gdt[GDT_USER_CS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0xFA, 0xC);    /* ring 3 code */
	gdt[GDT_USER_DS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0xF2, 0xC);    /* ring 3 data */
	tss.ss0 = GDT_KERNEL_DS;
	gdt_load(gdt, GDT_ENTRIES, &tss, GDT_KERNEL_CS, GDT_KERNEL_DS, GDT_TSS);
}

int vmi_set_kernel_stack(uint32_t ss, uint32_t esp)
{
	if (ss != GDT_KERNEL_DS || esp >= VMI_HV_START)
		return -VMI_EINVAL;
	tss.esp0 = esp;
	tss.ss0 = ss;
	return 0;
}

int vmi_write_gdt_entry(uint32_t index, uint64_t desc)
{
	if (index < GDT_TLS_FIRST || index >= GDT_TLS_FIRST + GDT_TLS_COUNT)
		return -VMI_EINVAL;
	if (!vmi_desc_allowed(desc, native_bi.seg_limit))
		return -VMI_EINVAL;
	gdt[index] = desc;
	return 0;
}

/* The guest's LDT, checked whole first; count 0: the LDT register null. */
int vmi_set_ldt(const uint64_t *descs, uint32_t count)
{
	if (count > VMI_LDT_ENTRIES)
		return -VMI_EINVAL;
	if ((uint32_t)descs >= VMI_HV_START || count * 8 > VMI_HV_START - (uint32_t)descs)
		return -VMI_EFAULT;         /* as pvhv: the platform's memory is not the guest's */
	for (uint32_t i = 0; i < count; i++)
		if (!vmi_ldt_desc_allowed(descs[i], native_bi.seg_limit))
			return -VMI_EINVAL;
	if (count == 0) {
		__asm__ volatile("lldt %w0" : : "r"(0));
		return 0;
	}
	for (uint32_t i = 0; i < count; i++)
		ldt[i] = descs[i];
	/* An LDT descriptor (system type 2), ring 0 only, over count entries. */
	gdt[GDT_LDT] = vmi_seg_desc((uint32_t)ldt, count * 8 - 1, 0x82, 0);
	__asm__ volatile("lldt %w0" : : "r"(GDT_LDT << 3) : "memory");
	return 0;
}
