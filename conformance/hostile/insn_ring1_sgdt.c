/*
 * hostile/insn_ring1_sgdt - attack: sgdt and sidt in the guest kernel
 * (ring 1).  They do not fault on this processor model (no UMIP): they are
 * sensitive, not privileged, and reveal where the hypervisor keeps its GDT
 * and IDT.  The attack is to use that knowledge: map the tables' page into
 * the guest through VMI.
 * Containment: the revealed bases lie in the hypervisor's image
 * (>= 0xFC400000), above the guest segments' limit (the kernel data
 * segment ends below them, per lsl), in an L2 slot the guest cannot write
 * (vmi_pte_write on it is -VMI_EPERM) and whose entry is supervisor-only,
 * so no guest mapping and no ring-3 access reaches them.  Honest limit:
 * ring 1 is "supervisor" to the MMU; only the segment limit keeps a direct
 * ring-1 load away, which QEMU's TCG does not enforce (docs/DESIGN.md),
 * so this test does not try one.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "sgdt/sidt in ring 1 reveal nothing reachable";

struct __attribute__((packed)) dtr { uint16_t limit; uint32_t base; };

static void unreachable(const char *what, const struct dtr *t)
{
	uint32_t l2 = pt_current_l2, slot = t->base >> 22, lim;
	const vmi_pte_t *l2v = pfn_to_va(l2);

	test_env("%s base %#x limit %#x", what, t->base, t->limit);
	printf("attack: map the %s's page\n", what);
	__asm__ volatile("lsl %1, %0" : "=r"(lim) : "r"(test_bi->kernel_ds));
	CHECK_GE(t->base, PVHV_HV_BASE);
	CHECK_GT(t->base, lim);
	CHECK_GT(t->base, test_bi->seg_limit);
	CHECK_EQ(l2v[slot] & VMI_PTE_U, 0);
	CHECK_RET(vmi_pte_write((l2 << 12) | (slot * 4), l2v[0x300]), -VMI_EPERM);
}

void test_main(void)
{
	struct dtr gdt, idt;

	r1_catch_all();
	unsigned before = r1_caught.count;
	__asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdt), "=m"(idt));
	CHECK_EQ(r1_caught.count, before);          /* no fault: sensitive only */
	unreachable("GDT", &gdt);
	unreachable("IDT", &idt);
}
