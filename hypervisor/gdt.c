/*
 * gdt.c - the hypervisor's segments: ring-0 flat, the guests' ring-1 and
 * ring-3 segments ending at PVHV_SEG_LIMIT, the TSS, and each domain's three
 * TLS slots (validated, reloaded on every switch), and the slot describing
 * the current domain's LDT (ldt.c).
 *
 * The TSS gives a trap from a guest the hypervisor stack (ss0/esp0; the
 * switcher's trap stack in address-space mode) and the direct system-call
 * gate the guest kernel's declared stack (ss1/esp1).
 *
 * The GDT and TSS sit on the switcher's data page, which a guest's view
 * maps read-only in address-space mode: the processor must then never
 * write them while a guest runs.  So every descriptor is stored with its
 * accessed bit set (loading a segment sets it otherwise) and the TSS
 * descriptor is busy from the ltr at boot on (no task switches).
 */
#include "hv.h"
#include "drivers/gdt.h"
#include <vmi/rules.h>

#define GDT_ENTRIES (PVHV_LDT_SLOT + 1)
#define GUEST_LIMIT_PAGES (PVHV_SEG_LIMIT >> 12)     /* 4 KiB granular */
#define DESC_ACCESSED (1ull << 40)

extern char hv_stack_top[];
static uint64_t gdt[GDT_ENTRIES] HV_SWITCHER_DATA __attribute__((aligned(8)));
static struct x86_tss tss HV_SWITCHER_DATA __attribute__((aligned(128)));

/* Advanced at every write of a TLS slot and every change of the loaded
 * LDT: a selector checked against them stays checked until they change
 * (traps.c's return path). */
uint32_t gdt_tls_generation;

/* A TLS slot was written or the LDT changed: a new generation; at the
 * wrap to 0 the return path forgets the selectors it remembered
 * (traps.c), so no remembered generation can come back after 2^32 writes. */
void gdt_segments_changed(void)
{
	if (++gdt_tls_generation == 0)
		selectors_forget();
}

/* A descriptor as it goes into the GDT: accessed already, if present. */
static uint64_t accessed(uint64_t desc)
{
	return desc ? desc | DESC_ACCESSED : 0;
}

void gdt_init(void)
{
	gdt[PVHV_HV_CS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0x9B, 0xC);
	gdt[PVHV_HV_DS >> 3] = vmi_seg_desc(0, 0xFFFFF, 0x93, 0xC);
	gdt[PVHV_KERNEL_CS >> 3] = vmi_seg_desc(0, GUEST_LIMIT_PAGES, 0xBB, 0xC); /* DPL 1 */
	gdt[PVHV_KERNEL_DS >> 3] = vmi_seg_desc(0, GUEST_LIMIT_PAGES, 0xB3, 0xC);
	gdt[PVHV_USER_CS >> 3] = vmi_seg_desc(0, GUEST_LIMIT_PAGES, 0xFB, 0xC);   /* DPL 3 */
	gdt[PVHV_USER_DS >> 3] = vmi_seg_desc(0, GUEST_LIMIT_PAGES, 0xF3, 0xC);
	tss.esp0 = (uint32_t)hv_stack_top;
	tss.ss0 = PVHV_HV_DS;
	/* No I/O bitmap (guests get #GP on port I/O) and no LDT: gdt_load. */
	gdt_load(gdt, GDT_ENTRIES, &tss, PVHV_HV_CS, PVHV_HV_DS, PVHV_TSS);
}

void tss_set_trap_stack(uint32_t esp0)
{
	tss.esp0 = esp0;
}

void tss_set_kernel_stack(uint32_t ss, uint32_t esp)
{
	tss.ss1 = ss;
	tss.esp1 = esp;
}

void gdt_load_domain(struct domain *d)
{
	for (int i = 0; i < PVHV_TLS_COUNT; i++)
		gdt[PVHV_TLS_FIRST + i] = accessed(d->tls[i]);
	ldt_load(d);
	gdt_segments_changed();
	tss_set_kernel_stack(d->kernel_ss, d->kernel_esp);
}

/* ldt.c: the descriptor of the LDT it loads (system type 2, ring 0). */
void gdt_set_ldt_desc(uint64_t desc)
{
	gdt[PVHV_LDT_SLOT] = desc;
}

int gdt_set_tls(struct domain *d, uint32_t index, uint64_t desc)
{
	if (index < PVHV_TLS_FIRST || index >= PVHV_TLS_FIRST + PVHV_TLS_COUNT)
		return -VMI_EINVAL;
	if (!vmi_desc_allowed(desc, PVHV_SEG_LIMIT))
		return -VMI_EINVAL;
	d->tls[index - PVHV_TLS_FIRST] = desc;
	if (d == current) {
		gdt[index] = accessed(desc);
		gdt_segments_changed();
	}
	return 0;
}

/* The type field (bits 8-11 of the high word) of the TLS slot or present
 * LDT entry sel names with RPL 3, or -1 if sel names no such slot or the
 * slot is empty.  A non-empty slot holds a present DPL 3 code/data segment
 * (validated), an LDT entry a DPL 3 one (ldt.c). */
static int tls_type(uint32_t sel)
{
	uint32_t idx = sel >> 3;
	if (sel & 4)
		return (sel & 3) == 3 ? ldt_type(sel) : -1;
	if ((sel & 7) != 3 || idx < PVHV_TLS_FIRST || idx >= PVHV_TLS_FIRST + PVHV_TLS_COUNT ||
	    gdt[idx] == 0)
		return -1;
	return (int)((gdt[idx] >> 40) & 0xF);
}

/* Is sel usable as a data selector at privilege `cpl` after a return?
 * The guest may rewrite a TLS slot while a register still holds its
 * selector, so the slot is checked as the pop will check it: data, or
 * readable code (an execute-only one would fault in ring 0). */
int gdt_data_selector_ok(uint32_t sel, uint32_t cpl)
{
	int type;
	if ((sel & ~3u) == 0)
		return 1;                   /* null: always loadable */
	if (sel == PVHV_KERNEL_DS)
		return cpl == 1;
	if (sel == PVHV_USER_DS)
		return 1;
	type = tls_type(sel);
	return type >= 0 && (!(type & 0x8) || (type & 0x2));
}

/* Is sel loadable as SS by an iret to ring 3?  Never null; a writable
 * data segment of DPL 3 with RPL 3 (iret would fault in ring 0 otherwise). */
int gdt_user_stack_selector_ok(uint32_t sel)
{
	int type;
	if (sel == PVHV_USER_DS)
		return 1;
	type = tls_type(sel);
	return type >= 0 && !(type & 0x8) && (type & 0x2);
}

/*
 * Does the processor enforce data-segment limits?  A one-byte data segment
 * over probe_area, in the first TLS slot (no domain has run yet), goes into
 * %fs and a word 16 bytes in is read - mapped memory, so the only possible
 * fault is the limit's: hardware and KVM raise #GP, which hv_mode_trap
 * turns into a jump to limit_probe_fault (the .fixup_table entry); QEMU's
 * TCG reads on.  limit_probe(sel) returns 1 if the read faulted.
 */
int limit_probe(uint32_t sel);
asm(".text\n"
    "limit_probe:\n\t"
    "pushl %ebx\n\t"
    "movl %fs, %ebx\n\t"
    "movl 8(%esp), %eax\n\t"
    "movl %eax, %fs\n\t"
    "xorl %eax, %eax\n"
    "limit_probe_insn:\n\t"
    "movl %fs:16, %ecx\n"
    "limit_probe_done:\n\t"
    "movl %ebx, %fs\n\t"
    "popl %ebx\n\t"
    "ret\n"
    "limit_probe_fault:\n\t"
    "movl $1, %eax\n\t"
    "jmp limit_probe_done\n"
    ".section .fixup_table, \"a\"\n\t"
    ".long limit_probe_insn, limit_probe_fault\n\t"
    ".text");

int gdt_limits_enforced(void)
{
	static uint32_t probe_area[8];
	int faulted;

	gdt[PVHV_TLS_FIRST] = vmi_seg_desc((uint32_t)probe_area, 0, 0x93, 0x4); /* 1 byte */
	faulted = limit_probe(PVHV_TLS_FIRST << 3);
	gdt[PVHV_TLS_FIRST] = 0;
	gdt_segments_changed();
	return faulted;
}
