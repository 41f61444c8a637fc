/*
 * hostile/insn_ring1_iret - attack: the raw `iret` instruction in the
 * guest kernel (ring 1), bypassing vmi_iret: to the hypervisor's code
 * segment 0x08, to the kernel code segment with RPL 0, to the hypervisor's
 * data segment and the kernel data segment as code; to ring 1 with IOPL 3
 * and IF clear in the popped eflags; and with NT set, a "task return"
 * through the TSS's back link.  (VM set: see iret_raw_vm86.)
 * Containment: a return to a more privileged or non-code selector raises
 * #GP(selector) at the iret; the ring-1 return succeeds but IOPL stays 0
 * and IF stays set (and so does the virtual event flag); the task return raises #TS(0) (the
 * hypervisor's TSS has no back link).  Every fault is reflected to the
 * guest kernel.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "raw iret in ring 1 is contained";

static uint32_t saved_esp;

/* iret to cs:1f with eflags fl (plus NT in the live flags if nt); returns
 * the eflags found at 1f, reached either way. */
static uint32_t raw_iret(uint32_t cs, uint32_t fl, int nt)
{
	uint32_t out;

	__asm__ volatile("movl %%esp, %[sv]\n\tmovl $1f, %[res]\n\t"
	                 "pushl %[fl]\n\tpushl %[cs]\n\tpushl $1f\n\t"
	                 "testl %[nt], %[nt]\n\tjz 2f\n\t"
	                 "pushfl\n\torl $0x4000, (%%esp)\n\tpopfl\n"
	                 "2:\tiret\n"
	                 "1:\tmovl %[sv], %%esp\n\tpushfl\n\tpopl %[out]"
	                 : [sv] "+m"(saved_esp), [res] "=m"(r1_resume), [out] "=r"(out)
	                 : [fl] "r"(fl), [cs] "r"(cs), [nt] "r"(nt) : "memory", "cc");
	return out;
}

static void refused(const char *what, uint32_t cs, uint32_t vector, uint32_t error, int nt)
{
	unsigned before = r1_caught.count;

	raw_iret(cs, read_eflags(), nt);
	printf("attack: %s\n", what);
	CHECK_EQ(r1_caught.count, before + 1);
	CHECK_EQ(r1_caught.vector, vector);
	CHECK_EQ(r1_caught.error, error);
	CHECK_EQ(r1_caught.cs, test_bi->kernel_cs);
}

void test_main(void)
{
	r1_catch_all();
	vmi_irq_enable();
	refused("iret to the hypervisor's code segment", PVHV_HV_CS, 13, PVHV_HV_CS, 0);
	refused("iret to the kernel code segment with RPL 0", test_bi->kernel_cs & ~3u, 13,
	        test_bi->kernel_cs & ~3u, 0);
	refused("iret to the hypervisor's data segment", PVHV_HV_DS, 13, PVHV_HV_DS, 0);
	refused("iret to the kernel data segment", test_bi->kernel_ds, 13,
	        test_bi->kernel_ds & ~3u, 0);
	refused("iret with NT set (task return)", test_bi->kernel_cs, 10, 0, 1);
	CHECK_EQ(read_eflags() & EFLAGS_NT, 0);

	printf("attack: iret to ring 1 with IOPL 3, IF clear\n");
	unsigned before = r1_caught.count;
	uint32_t fl = raw_iret(test_bi->kernel_cs,
	                       (read_eflags() | EFLAGS_IOPL) & ~EFLAGS_IF, 0);
	CHECK_EQ(r1_caught.count, before);
	CHECK_EQ(fl & EFLAGS_IOPL, 0);
	CHECK_EQ(fl & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);
}
