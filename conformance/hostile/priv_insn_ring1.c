/*
 * hostile/priv_insn_ring1 - attacks: privileged instructions executed by the
 * guest kernel itself (ring 1): cli, sti, hlt, port I/O, control-register
 * and descriptor-table access, MSRs, cache and TLB control.
 * Containment: each raises #GP(0), reflected to the guest's own handler;
 * nothing takes effect (events stay as they were) and the hypervisor runs on.
 */
#include "../runtime/test.h"

const char test_title[] = "privileged instructions in ring 1 are contained";

static volatile unsigned gp_count;
static volatile uint32_t gp_error;
static volatile uint32_t skip;       /* bytes of the instruction under test */

static void on_gp(struct trap_regs *r)
{
	gp_count++;
	gp_error = r->f.error_code;
	r->f.eip += skip;                /* step over the refused instruction */
}

#define ATTACK(name, len, insn) do { \
	unsigned before = gp_count; \
	skip = (len); \
	asm volatile(insn ::: "memory", "eax", "ecx", "edx"); \
	if (gp_count == before + 1 && gp_error == 0) test_pass(name " refused with #GP(0)"); \
	else test_fail(__FILE__, __LINE__, "%s: %u #GP, error %#x", name, \
		       gp_count - before, gp_error); } while (0)

void test_main(void)
{
	unsigned long flags = vmi_irq_save();
	trap_set_handler(13, on_gp);
	ATTACK("cli", 1, "cli");
	ATTACK("sti", 1, "sti");
	ATTACK("hlt", 1, "hlt");
	ATTACK("outb", 2, "outb %%al, $0x80");
	ATTACK("inb", 2, "inb $0x60, %%al");
	ATTACK("mov to cr3", 3, "mov %%eax, %%cr3");
	ATTACK("mov from cr0", 3, "mov %%cr0, %%eax");
	ATTACK("clts", 2, "clts");
	ATTACK("wbinvd", 2, "wbinvd");
	ATTACK("rdmsr", 2, "xor %%ecx, %%ecx; rdmsr");   /* fault at rdmsr */
	ATTACK("lidt", 3, "mov %%esp, %%eax; lidt (%%eax)");
	ATTACK("invlpg", 3, "mov %%esp, %%eax; invlpg (%%eax)");
	CHECK_EQ(vmi_irq_save(), 0);     /* cli/sti changed nothing virtual */
	vmi_irq_restore(flags);
}
