/*
 * hostile/trap_movss_int - attack: single-step (TF) across `mov %ss` into a
 * gate of the hypervisor: `mov %ax, %ss` defers the single-step trap past
 * the next instruction, and when that instruction is `int $0x82` (the
 * hypercall) or `int3` (a DPL-3 gate into the hypervisor) a deferred #DB
 * could be raised on the hypervisor's first instruction, in ring 0 (the
 * POP SS/MOV SS problem, CVE-2018-8897, there with data breakpoints).
 * Containment: no #DB is ever raised in ring 0 (the hypervisor would take
 * it for its own fault); the guest sees its single-step traps in ring 1,
 * its hypercall returns its result and int3 reaches its #BP handler; the
 * hypervisor runs on.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "single-step over mov ss into a hypervisor gate is contained";

#define EFLAGS_TF 0x100u

static volatile unsigned db_count, bp_count, db_bad;

static void on_db(struct trap_regs *r)
{
	db_count++;
	if (r->f.cs != test_bi->kernel_cs)
		db_bad++;
	r->f.eflags &= ~EFLAGS_TF;       /* one step is enough */
}

static void on_bp(struct trap_regs *r)
{
	(void)r;
	bp_count++;
}

void test_main(void)
{
	int32_t rc;

	trap_set_handler(1, on_db);
	trap_set_handler(3, on_bp);
	printf("attack: TF, mov %%ss, int $0x82\n");
	__asm__ volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\t"
	                 "movl %%ss, %%ecx\n\tmovl %%ecx, %%ss\n\tint $0x82\n\tnop"
	                 : "=a"(rc) : "a"(HC_EVENT_CHECK) : "ecx", "memory", "cc");
	CHECK_RET(rc, 0);
	CHECK_GE(db_count, 1);
	CHECK_EQ(db_bad, 0);
	CHECK_EQ(read_eflags() & EFLAGS_TF, 0);

	printf("attack: TF, mov %%ss, int3\n");
	unsigned before = db_count;
	__asm__ volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\t"
	                 "movl %%ss, %%ecx\n\tmovl %%ecx, %%ss\n\tint3\n\tnop"
	                 : : : "ecx", "memory", "cc");
	CHECK_EQ(bp_count, 1);
	CHECK_GE(db_count, before + 1);
	CHECK_EQ(db_bad, 0);
	CHECK_EQ(read_eflags() & EFLAGS_TF, 0);
}
