/*
 * hostile/iso_ring3_hv_memory - attack: a user program (ring 3) reads
 * every page of the hypervisor's part of the address space (0xFC400000 to
 * the top: text, data, the direct map with the frame table, the mapping
 * windows, the switcher's entry code, IDT, GDT, TSS and trap stack) with a
 * plain movl and writes back what it read, in one loop without system
 * calls.
 * Containment (iso_harness.h): every access faults at its instruction and
 * is reflected to the guest kernel as a trap from user mode - #GP(0) where
 * segment limits are enforced, else #PF with the exact address and the
 * user bit, present only on the switcher pages (which are supervisor
 * pages: ring 3 reaches none of them).  The hypervisor runs on (a
 * hypercall and a timer event afterwards) and the victim's checksums come
 * out right.
 */
#include "iso_harness.h"

const char test_title[] = "ring 3 cannot reach the hypervisor's memory";

/* The user program: each page from 0xFC400000 read and written back
 * (2-byte instructions), until the address wraps; then int $0x80. */
__asm__(".pushsection .text\n"
        "r3_sweep:\n\tmovl $" XSTR(PVHV_HV_BASE) ", %eax\n"
        "r3_rd:\n\tmovl (%eax), %ecx\n"
        "r3_wr:\n\tmovl %ecx, (%eax)\n\t"
        "addl $0x1000, %eax\n\tjnz r3_rd\n\tint $0x80\n"
        "r3_sweep_end:\n\tjmp r3_sweep_end\n"
        ".popsection");
extern const char r3_sweep[], r3_sweep_end[], r3_rd[], r3_wr[];

#define USER_RD (R3_CODE_VA + (uint32_t)(r3_rd - r3_sweep))
#define USER_WR (R3_CODE_VA + (uint32_t)(r3_wr - r3_sweep))

static struct { uint32_t accesses, bad, first_bad; } seen[ISO_NR_REGIONS];
static uint32_t strays;

static unsigned region_of(uint32_t va)
{
	unsigned i = 0;

	while (i + 1 < ISO_NR_REGIONS && va >= iso_regions[i + 1].first)
		i++;
	return i;
}

/* One faulting access of the sweep: as iso_expect says for ring 3? */
static void on_fault(struct trap_regs *r)
{
	int write = r->f.eip == USER_WR;
	uint32_t va = r->eax, cr2 = r->vector == 14 ? (uint32_t)vmi_fault_address() : 0;
	struct iso_fault want = iso_expect(va, write, 1);
	unsigned reg = region_of(va);

	if (!trap_from_user(r) || (r->f.eip != USER_RD && !write) || va < ISO_FIRST) {
		strays++;
		test_fail(__FILE__, __LINE__, "trap %u from cs %#x eip %#x", r->vector, r->f.cs,
		          r->f.eip);
		test_done();
	}
	seen[reg].accesses++;
	if (r->vector != want.vector || r->f.error_code != want.error ||
	    (want.vector == 14 && cr2 != va))
		if (seen[reg].bad++ == 0)
			seen[reg].first_bad = va;
	r->f.eip += 2;
}

/* The sweep ended (int $0x80): every access of it must have faulted. */
static void on_done(struct trap_regs *r)
{
	unsigned ticks = timer_ticks;

	CHECK_EQ(r->f.cs, test_bi->user_cs);
	for (unsigned i = 0; i < ISO_NR_REGIONS; i++) {
		const struct iso_region *reg = &iso_regions[i];
		uint32_t pages = (reg->end - reg->first) >> VMI_PAGE_SHIFT;

		printf("attack: ring 3 read and wrote back every page of %s\n", reg->what);
		if (seen[i].accesses == 2 * pages && seen[i].bad == 0)
			test_pass("every access faulted at the instruction as the isolation mode "
			          "says, reflected as a trap from user mode");
		else
			test_fail(__FILE__, __LINE__, "%s: %u of %u accesses faulted, %u not as "
			          "expected, first at %#x", reg->what, seen[i].accesses, 2 * pages,
			          seen[i].bad, seen[i].first_bad);
	}
	CHECK_EQ(strays, 0);
	printf("afterwards: a hypercall and a timer event\n");
	unsigned hypercalls = iso_shared->hypercalls;
	vmi_sched_yield();
	CHECK_EQ(iso_shared->hypercalls - hypercalls, 1);
	vmi_irq_enable();
	timer_arm(1000000);
	CHECK_EQ(timer_wait(ticks), 1);
	test_done();
}

void test_main(void)
{
	iso_setup();
	r3_setup(r3_sweep, r3_sweep_end, NULL);
	trap_set_handler(13, on_fault);
	trap_set_handler(14, on_fault);
	trap_set_handler(VMI_SYSCALL_VECTOR, on_done);
	printf("attack: ring 3 sweeps the hypervisor's addresses from 0xFC400000 up\n");
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
