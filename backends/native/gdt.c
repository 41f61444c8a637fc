/*
 * gdt.c - segments natively: the GDT, the TSS and the guest's TLS slots.
 *
 * Flat ring-0 and ring-3 segments; the TSS carries only the ring-0 stack a
 * trap from user mode switches to (vmi_set_kernel_stack).  Three GDT slots
 * are the guest's to fill with vmi_write_gdt_entry, under the same rules
 * pvhv enforces: user-level code/data segments only.
 */
#include "native.h"
#include "drivers/gdt.h"
#include <vmi/rules.h>

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static struct x86_tss tss;


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
