/*
 * ldt - vmi_set_ldt: a local descriptor table works through %gs, is a copy,
 * survives a trip through the backend, and every descriptor that could
 * escalate privilege or reach the platform is refused with the table
 * before left as it was.
 *
 * The guest kernel gives each address space the LDT its programs asked for
 * with modify_ldt (Linux's i386 ABI); the backend owns the real table.
 * Selectors are (index << 3) | 4 | 3.  A not-present entry raises #NP, an
 * index past the table or a cleared table #GP, each with the selector
 * (RPL bits clear) as error code.  Limits themselves are not checked by
 * access (TCG does not enforce them; see gdt_tls).
 */
#include "../runtime/test.h"
#include <vmi/rules.h>

const char test_title[] = "cpu: set_ldt LDT segments, a copy, and their rules";

#define NP_VECTOR 11
#define GP_VECTOR 13
#define ACC_DATA3 0xF2u          /* present, DPL 3, S=1, data read/write */
#define LDT_SEL(i) (((i) << 3) | 4 | 3)

static uint32_t ldt_a[4] = { 0xA0A0A0A0, 0xA1A1A1A1, 0xA2A2A2A2, 0xA3A3A3A3 };
static uint32_t ldt_b[4] = { 0xB0B0B0B0 };
static uint64_t table[VMI_LDT_ENTRIES];
static volatile unsigned trap_count;
static volatile uint32_t trap_vector, trap_err;
static uint32_t resume;

static void on_trap(struct trap_regs *r)
{
	trap_count++;
	trap_vector = r->vector;
	trap_err = r->f.error_code;
	r->f.eip = resume;
}

/* Load sel into %gs and read the word at %gs:off; 0 after a trap. */
static uint32_t gs_read(uint32_t sel, uint32_t off)
{
	uint32_t v = 0, old;

	__asm__ volatile("movl %%gs, %[old]\n\tmovl $1f, %[r]\n\t"
	                 "movw %w[sel], %%gs\n\tmovl %%gs:(%[off]), %[v]\n"
	                 "1:\tmovw %w[old], %%gs"
	                 : [v] "+r"(v), [old] "=&r"(old), [r] "=m"(resume)
	                 : [sel] "r"(sel), [off] "r"(off) : "memory");
	return v;
}

/* gs_read, but with a VMI call that enters the backend (a hypervisor's
 * way back checks every selector) between the load and the read. */
static uint32_t gs_read_across_call(uint32_t sel, uint32_t off)
{
	uint32_t v = 0, old;

	__asm__ volatile("movl %%gs, %[old]\n\tmovw %w[sel], %%gs" : [old] "=&r"(old)
	                 : [sel] "r"(sel));
	vmi_write_gdt_entry(test_bi->tls_gdt_first, 0);
	__asm__ volatile("movl $1f, %[r]\n\tmovl %%gs:(%[off]), %[v]\n"
	                 "1:\tmovw %w[old], %%gs"
	                 : [v] "+r"(v), [r] "=m"(resume) : [off] "r"(off), [old] "r"(old)
	                 : "memory");
	return v;
}

static uint64_t data_seg(const void *base, uint32_t limit)
{
	return vmi_seg_desc((uint32_t)base, limit, ACC_DATA3, 0x4);
}

/* A table whose entry 0 is t0 and the rest empty, refused. */
static void refused(uint64_t t0)
{
	table[0] = t0;
	CHECK_RET(vmi_set_ldt(table, 1), -VMI_EINVAL);
}

void test_main(void)
{
	uint32_t lim = test_bi->seg_limit;

	trap_set_handler(NP_VECTOR, on_trap);
	trap_set_handler(GP_VECTOR, on_trap);

	/* Entries 0 and 3 over ldt_a and ldt_b, 5 not present. */
	table[0] = data_seg(ldt_a, sizeof(ldt_a) - 1);
	table[3] = data_seg(ldt_b, sizeof(ldt_b) - 1);
	table[5] = data_seg(ldt_b, sizeof(ldt_b) - 1) & ~(1ull << 47);
	CHECK_RET(vmi_set_ldt(table, 6), 0);
	CHECK_EQ(gs_read(LDT_SEL(0), 0), 0xA0A0A0A0);
	CHECK_EQ(gs_read(LDT_SEL(0), 12), 0xA3A3A3A3);
	CHECK_EQ(gs_read(LDT_SEL(3), 0), 0xB0B0B0B0);
	ldt_a[1] = 0xA1A1AAAA;                   /* the segment's memory, not a copy */
	CHECK_EQ(gs_read(LDT_SEL(0), 4), 0xA1A1AAAA);
	CHECK_EQ(gs_read_across_call(LDT_SEL(0), 8), 0xA2A2A2A2);
	CHECK_EQ(trap_count, 0);

	/* The table is a copy: rewriting the array changes nothing. */
	table[0] = data_seg(ldt_b, sizeof(ldt_b) - 1);
	CHECK_EQ(gs_read(LDT_SEL(0), 0), 0xA0A0A0A0);

	/* Not present: #NP; past the table: #GP; both with the selector. */
	CHECK_EQ(gs_read(LDT_SEL(5), 0), 0);
	CHECK_EQ(trap_count, 1);
	CHECK_EQ(trap_vector, NP_VECTOR);
	CHECK_EQ(trap_err, LDT_SEL(5) & ~3u);
	CHECK_EQ(gs_read(LDT_SEL(6), 0), 0);
	CHECK_EQ(trap_count, 2);
	CHECK_EQ(trap_vector, GP_VECTOR);
	CHECK_EQ(trap_err, LDT_SEL(6) & ~3u);

	/* Refused, and the table before stays: DPL 0 and 1 data, conforming
	 * code, expand-down data, a call gate, a TSS, an LDT, a segment
	 * reaching past seg_limit (present or not), too many entries, a table in the
	 * platform's memory. */
	refused(vmi_seg_desc((uint32_t)ldt_b, 15, 0x92, 0x4));
	refused(vmi_seg_desc((uint32_t)ldt_b, 15, 0xB2, 0x4));
	refused(vmi_seg_desc((uint32_t)ldt_b, 15, 0xFE, 0x4));
	refused(vmi_seg_desc((uint32_t)ldt_b, 15, 0xF6, 0x4));
	refused(vmi_seg_desc((uint32_t)ldt_b, 0, 0xEC, 0x0));
	refused(vmi_seg_desc((uint32_t)ldt_b, 103, 0xE9, 0x0));
	refused(vmi_seg_desc((uint32_t)ldt_b, 15, 0xE2, 0x0));
	refused(vmi_seg_desc(lim - 0xFFF, 0x1000, ACC_DATA3, 0x4));
	refused(vmi_seg_desc(0x1000, 0xFFFFF, 0x72, 0xC));      /* not present, DPL 3, 4 GiB */
	table[0] = data_seg(ldt_b, 3);
	CHECK_RET(vmi_set_ldt(table, VMI_LDT_ENTRIES + 1), -VMI_EINVAL);
	CHECK_RET(vmi_set_ldt((const uint64_t *)test_bi->hv_start, 1), -VMI_EFAULT);
	CHECK_EQ(gs_read(LDT_SEL(0), 0), 0xA0A0A0A0);
	CHECK_EQ(gs_read(LDT_SEL(3), 0), 0xB0B0B0B0);
	CHECK_EQ(trap_count, 2);

	/* Accepted: ending exactly at seg_limit; a DPL 3 code segment; the
	 * whole 8192 entries, the last one reachable. */
	memset(table, 0, sizeof(table));
	table[0] = vmi_seg_desc(lim - 0xFFF, 0xFFF, ACC_DATA3, 0x4);
	table[1] = vmi_seg_desc((uint32_t)ldt_b, 15, 0xFA, 0x4);
	table[VMI_LDT_ENTRIES - 1] = data_seg(ldt_a, sizeof(ldt_a) - 1);
	CHECK_RET(vmi_set_ldt(table, VMI_LDT_ENTRIES), 0);
	CHECK_EQ(gs_read(LDT_SEL(VMI_LDT_ENTRIES - 1), 4), 0xA1A1AAAA);
	CHECK_EQ(gs_read(LDT_SEL(3), 0), 0);     /* an empty entry: #GP */
	CHECK_EQ(trap_count, 3);
	CHECK_EQ(trap_vector, GP_VECTOR);

	/* Cleared: no selector with the TI bit loads. */
	CHECK_RET(vmi_set_ldt(0, 0), 0);
	CHECK_EQ(gs_read(LDT_SEL(VMI_LDT_ENTRIES - 1), 0), 0);
	CHECK_EQ(trap_count, 4);
	CHECK_EQ(trap_vector, GP_VECTOR);
	CHECK_EQ(trap_err, LDT_SEL(VMI_LDT_ENTRIES - 1) & ~3u);
}
