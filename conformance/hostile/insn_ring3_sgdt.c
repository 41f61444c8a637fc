/*
 * hostile/insn_ring3_sgdt - attack: the descriptor-table and status stores
 * sgdt, sidt, sldt, str and smsw in a user program (ring 3).  They do not
 * fault on this processor model (no UMIP) and reveal the hypervisor's GDT
 * and IDT addresses and its TSS selector; the user program then reads and
 * writes the GDT at the revealed address.
 * Containment: the stores only reveal (no trap); the revealed bases are in
 * the hypervisor's range (>= 0xFC400000, above the user segments' limit);
 * the read and the write each fault, reflected to the guest kernel with the
 * user's frame: #PF (present, user; fault address = the base) since the
 * hypervisor's pages are supervisor-only - or #GP(0) where the processor
 * checks the segment limit first (hardware; QEMU's TCG does not).
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "descriptor-table stores in ring 3 reveal nothing reachable";

#define SAVE_VA (R3_STACK_TOP - 64)

R3_BLOB(user_blob,
	"subl $64, %esp\n\tsgdt (%esp)\n\tsidt 8(%esp)\n\t"
	"sldt %eax\n\tmovl %eax, 16(%esp)\n\tstr %eax\n\tmovl %eax, 20(%esp)\n\t"
	"smsw %eax\n\tmovl %eax, 24(%esp)\n\tmovl 2(%esp), %eax\n\t"
	R3_TRY(0, 2, "movl (%eax), %ebx")
	R3_TRY(1, 2, "movl %ebx, (%eax)"))

/* Either containment of an access at va: the page (#PF) or the limit (#GP). */
static void refused(unsigned i, const char *what, uint32_t va, uint32_t pf_error)
{
	const struct r3_trap *t = &r3_traps[i];

	if (t->vector == 13)
		r3_expect(i, what, i, 13, 0);
	else {
		r3_expect(i, what, i, 14, pf_error);
		CHECK_EQ(t->cr2, va);
	}
}

static void finish(struct trap_regs *r)
{
	const uint8_t *save = (const uint8_t *)SAVE_VA;
	uint32_t gdt_base = *(const uint32_t *)(save + 2), idt_base = *(const uint32_t *)(save + 10);

	(void)r;
	test_env("user saw gdt %#x idt %#x ldt %#x tr %#x msw %#x", gdt_base, idt_base,
	         *(const uint32_t *)(save + 16) & 0xFFFF, *(const uint32_t *)(save + 20) & 0xFFFF,
	         *(const uint32_t *)(save + 24) & 0xFFFF);
	CHECK_GE(gdt_base, PVHV_HV_BASE);
	CHECK_GE(idt_base, PVHV_HV_BASE);
	CHECK_GT(gdt_base, test_bi->seg_limit);
	CHECK_EQ(r3_count, 2);                        /* the stores did not trap */
	refused(0, "read the GDT", gdt_base, VMI_PTE_P | VMI_PTE_U);
	refused(1, "write the GDT", gdt_base, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
