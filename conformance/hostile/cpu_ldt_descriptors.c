/*
 * hostile/cpu_ldt_descriptors - attack: vmi_set_ldt with descriptors that
 * would escalate privilege or reach the hypervisor: DPL 0 and 1 segments
 * (present or not), call, task, interrupt and trap gates to the
 * hypervisor's code segment or TSS, a TSS and an LDT descriptor,
 * conforming code, expand-down data (it reaches 4 GiB), segments based at
 * or reaching past the hypervisor - alone, or as the last of 8192 entries;
 * counts past 8192 and tables in the hypervisor's memory.  Then the
 * return path: %gs holds an LDT selector across a hypercall (remembered
 * as loadable), and its entry becomes not present; forged vmi_iret frames
 * whose cs is an LDT data segment, an LDT code segment with eip past its
 * limit or with RPL 1.
 * Containment: each table is refused (-VMI_EINVAL or -VMI_EFAULT) and the
 * table before stays (lar/lsl of its selector unchanged, a far call
 * through it is no gate: #GP(selector)); the remembered selector is null
 * after the change; each frame is refused with #GP(0) from vmi_iret; a
 * trap afterwards returns normally.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "LDT descriptors that could escalate are refused";

#define SEL0 (0 | 4 | 3)                 /* LDT entry 0, RPL 3 */
#define SEL1 ((1 << 3) | 4 | 3)          /* LDT entry 1 */

static uint64_t table[VMI_LDT_ENTRIES];
static uint8_t fake_tss[104];
uint32_t far_target[2];                  /* offset, selector: named in asm */

static uint32_t get_gs(void) { uint32_t v; __asm__ volatile("movl %%gs, %0" : "=r"(v)); return v; }

/* The good table: entry 0 DPL 3 data, entry 1 DPL 3 code of one page. */
static void good_table(void)
{
	memset(table, 0, sizeof(table));
	table[0] = vmi_seg_desc(0x2000, 0xFFF, 0xF2, 0x4);
	table[1] = vmi_seg_desc(0, 0xFFF, 0xFA, 0x4);
}

static void descriptors(void)
{
	uint32_t lim = PVHV_SEG_LIMIT;
	struct { const char *what; uint64_t d; } evil[] = {
		{ "DPL 0 flat data", vmi_seg_desc(0, 0xFFFFF, 0x92, 0xC) },
		{ "DPL 1 data", vmi_seg_desc(0x2000, 0xFFF, 0xB2, 0x4) },
		{ "DPL 1 code", vmi_seg_desc(0x2000, 0xFFF, 0xBA, 0x4) },
		{ "not-present DPL 0 code", vmi_seg_desc(0x2000, 0xFFF, 0x1A, 0x4) },
		{ "call gate to 0x08:hypervisor", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xC, 3) },
		{ "16-bit call gate to 0x08", gate_desc(PVHV_HV_CS, 0x1000, 0x4, 3) },
		{ "task gate to the hypervisor's TSS", gate_desc(PVHV_TSS, 0, 0x5, 3) },
		{ "interrupt gate to 0x08", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xE, 3) },
		{ "trap gate to 0x08", gate_desc(PVHV_HV_CS, PVHV_HV_BASE, 0xF, 3) },
		{ "available 32-bit TSS", vmi_seg_desc((uint32_t)fake_tss, 103, 0xE9, 0) },
		{ "LDT descriptor", vmi_seg_desc((uint32_t)fake_tss, 103, 0xE2, 0) },
		{ "DPL 3 conforming code", vmi_seg_desc(0x2000, 0xFFF, 0xFE, 0x4) },
		{ "not-present conforming code", vmi_seg_desc(0x2000, 0xFFF, 0x7E, 0x4) },
		{ "expand-down data", vmi_seg_desc(0x2000, 0x10, 0xF6, 0xC) },
		{ "data at the hypervisor's base", vmi_seg_desc(PVHV_HV_BASE, 0, 0xF2, 0x4) },
		{ "data one byte past seg_limit", vmi_seg_desc(lim - 0xFFF, 0x1000, 0xF2, 0x4) },
		{ "flat 4 GiB DPL 3 data", vmi_seg_desc(0, 0xFFFFF, 0xF2, 0xC) },
		{ "not-present flat 4 GiB data", vmi_seg_desc(0, 0xFFFFF, 0x72, 0xC) },
	};
	uint32_t rights, limit;

	good_table();
	CHECK_RET(vmi_set_ldt(table, 2), 0);
	rights = sel_rights(SEL0);
	limit = sel_limit(SEL0);
	CHECK_EQ(limit, 0xFFF);
	for (unsigned i = 0; i < ARRAY_SIZE(evil); i++) {
		printf("attack: %s\n", evil[i].what);
		table[0] = evil[i].d;
		CHECK_RET(vmi_set_ldt(table, 2), -VMI_EINVAL);
		table[0] = 0;
		table[VMI_LDT_ENTRIES - 1] = evil[i].d;       /* the last of a full table */
		CHECK_RET(vmi_set_ldt(table, VMI_LDT_ENTRIES), -VMI_EINVAL);
		table[VMI_LDT_ENTRIES - 1] = 0;
		CHECK_EQ(sel_rights(SEL0), rights);
		CHECK_EQ(sel_limit(SEL0), limit);
	}
	good_table();
	printf("attack: counts past 8192, tables in the hypervisor\n");
	CHECK_RET(vmi_set_ldt(table, VMI_LDT_ENTRIES + 1), -VMI_EINVAL);
	CHECK_RET(vmi_set_ldt(table, 0x20000001u), -VMI_EINVAL);   /* * 8 wraps to 8 */
	CHECK_RET(vmi_set_ldt(table, 0xFFFFFFFFu), -VMI_EINVAL);
	CHECK_RET(vmi_set_ldt((const uint64_t *)PVHV_HV_BASE, 1), -VMI_EFAULT);
	CHECK_RET(vmi_set_ldt((const uint64_t *)(VMI_HV_START - 8), 2), -VMI_EFAULT);
	CHECK_RET(vmi_set_ldt((const uint64_t *)0xFFFFFFF8u, 2), -VMI_EFAULT);
	CHECK_EQ(sel_rights(SEL0), rights);
	CHECK_EQ(sel_limit(SEL0), limit);
	far_target[1] = SEL0;
	R1_EXPECT("lcall through the kept data entry", 13, SEL0 & ~3u, "", "lcall *far_target");
}

/* The return path's remembered selectors (traps.c) see an LDT change. */
static void remembered(void)
{
	printf("attack: a remembered LDT selector's entry becomes not present\n");
	__asm__ volatile("movl %0, %%gs" : : "r"(SEL0));
	vmi_sched_yield();
	CHECK_EQ(get_gs(), SEL0);
	table[0] &= ~(1ull << 47);
	CHECK_RET(vmi_set_ldt(table, 2), 0);
	CHECK_EQ(get_gs(), 0);
	good_table();
	CHECK_RET(vmi_set_ldt(table, 2), 0);
}

static void frames(void)
{
	uint32_t cs[] = { SEL0, SEL1 & ~2u, SEL1 };   /* data; RPL 1 code; code, eip past */
	const char *what[] = { "cs = an LDT data segment", "cs = LDT code with RPL 1",
	                       "cs = LDT code, eip past its limit" };

	for (unsigned i = 0; i < ARRAY_SIZE(cs); i++) {
		const uint32_t f[5] = { i == 2 ? 0x1000 : 0x10, cs[i], read_eflags(),
		                        (uint32_t)&iret_area.room[512], test_bi->user_ds };
		unsigned before = r1_caught.count;

		printf("attack: %s\n", what[i]);
		iret_forge(f, 5);
		iret_refused(what[i], before);
	}
}

void test_main(void)
{
	r1_catch_all();
	descriptors();
	remembered();
	frames();
	unsigned before = r1_caught.count;
	uint32_t at = R1_TRY("", "ud2");
	r1_expect("ud2 afterwards", before, at, 6, 0);
}
