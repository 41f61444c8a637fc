/*
 * gdt_tls - vmi_write_gdt_entry: a TLS segment works through %gs, and
 * every descriptor that could escalate privilege is refused.
 *
 * Thread-local storage (glibc's %gs) is the only reason a guest writes GDT
 * entries.  The rules protect the platform: only the TLS slots, only DPL 3
 * code/data segments (a DPL 0/1 segment or a call gate would be a way into
 * kernel or hypervisor privilege), never reaching past seg_limit (where the
 * hypervisor lives on pvhv), not-present only as the all-zero descriptor.
 * A rejected write must leave the slot as it was; writing 0 must really
 * clear it (loading the selector then raises #GP with the selector as error
 * code).  The segment limit itself is not checked by access: QEMU's TCG does
 * not enforce data-segment limits (KVM does), so the verdict would depend on
 * the accelerator.
 */
#include "../runtime/test.h"
#include <vmi/rules.h>

const char test_title[] = "cpu: write_gdt_entry TLS segments and their rules";

#define GP_VECTOR 13
#define ACC_DATA3 0xF2u          /* present, DPL 3, S=1, data read/write */

static uint32_t tls_a[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
static uint32_t tls_b[4] = { 0xBBBB0000 };
static volatile unsigned gp_count;
static volatile uint32_t gp_err;
static uint32_t resume;

static void gp_handler(struct trap_regs *r)
{
	gp_count++;
	gp_err = r->f.error_code;
	r->f.eip = resume;
}


/* Load sel into %gs and read the word at %gs:off; 0 after a #GP. */
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

void test_main(void)
{
	uint32_t first = test_bi->tls_gdt_first, last = first + test_bi->tls_gdt_count - 1;
	uint32_t sel = (first << 3) | 3, lim = test_bi->seg_limit;
	uint64_t a = vmi_seg_desc((uint32_t)tls_a, sizeof(tls_a) - 1, ACC_DATA3, 0x4);
	int flat_code = lim == 0xFFFFFFFFu ? 0 : -VMI_EINVAL;

	trap_set_handler(GP_VECTOR, gp_handler);

	/* A byte-granular 16-byte data segment over tls_a. */
	CHECK_RET(vmi_write_gdt_entry(first, a), 0);
	CHECK_EQ(gs_read(sel, 0), 0x11111111);
	CHECK_EQ(gs_read(sel, 12), 0x44444444);
	tls_a[1] = 0x2222AAAA;                   /* the same memory, not a copy */
	CHECK_EQ(gs_read(sel, 4), 0x2222AAAA);
	CHECK_EQ(gp_count, 0);

	/* Refused, and the slot keeps tls_a. */
	CHECK_RET(vmi_write_gdt_entry(first - 1, a), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(last + 1, a), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(0, a), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(0xFFFFFFFFu, a), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, 0x92, 0x4)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, 0xB2, 0x4)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, 0xE9, 0x0)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 0, 0xEC, 0x0)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, 0x72, 0x4)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(lim - 0xFFF, 0x1000, ACC_DATA3, 0x4)), -VMI_EINVAL);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0x1000, 0xFFFFF, ACC_DATA3, 0xC)), -VMI_EINVAL);
	CHECK_EQ(gs_read(sel, 0), 0x11111111);
	CHECK_EQ(gp_count, 0);

	/* Accepted: ending exactly at seg_limit; a DPL 3 code segment (flat
	 * 4 GiB only where seg_limit allows it); the last slot; rewriting a
	 * slot changes what %gs reaches. */
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(lim - 0xFFF, 0xFFF, ACC_DATA3, 0x4)), 0);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, 0xFA, 0x4)), 0);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, 0xFFFFF, 0xFA, 0xC)), flat_code);
	CHECK_RET(vmi_write_gdt_entry(last, vmi_seg_desc((uint32_t)tls_b, 15, ACC_DATA3, 0x4)), 0);
	CHECK_EQ(gs_read((last << 3) | 3, 0), 0xBBBB0000);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc((uint32_t)tls_b, 15, ACC_DATA3, 0x4)), 0);
	CHECK_EQ(gs_read(sel, 0), 0xBBBB0000);

	/* Cleared: the selector no longer loads (#GP, error = selector). */
	CHECK_RET(vmi_write_gdt_entry(first, 0), 0);
	CHECK_RET(vmi_write_gdt_entry(last, 0), 0);
	CHECK_EQ(gs_read(sel, 0), 0);
	CHECK_EQ(gp_count, 1);
	CHECK_EQ(gp_err, sel & ~3u);
}
