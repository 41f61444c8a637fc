/*
 * hostile/iso_ring1_hv_memory - attack: the guest kernel (ring 1) reads
 * every page of the hypervisor's part of the address space with a plain
 * movl and writes back what it read - its text and data, the direct map of
 * machine memory (frame table, M2P, heap, every domain's shared page), the
 * mapping windows through which it reaches domain memory, the IDT, GDT and
 * TSS - starting with the word of hypervisor text at 0xFC401000 that a
 * ring-1 guest under TCG could once read and rewrite.
 * Containment (iso_harness.h): every access faults and is reflected to
 * the guest kernel at the instruction - #GP(0) where segment limits are
 * enforced, else #PF with the exact address, not present - except reads of
 * the switcher pages in address-space mode, which the processor itself
 * must reach: those read, and every write to them faults but on the trap
 * stack, which only ever holds this guest's own frame.  The hypervisor
 * runs on (a hypercall and a timer event afterwards) and the victim's
 * checksums come out right.
 */
#include "iso_harness.h"

const char test_title[] = "ring 1 cannot reach the hypervisor's memory";

/* One access each, of known length (2 bytes), for the fault handler. */
uint32_t iso_read(uint32_t va);
void iso_write(uint32_t va, uint32_t v);
extern const char iso_rd[], iso_wr[];
__asm__(".text\n"
        "iso_read:\n\tmovl 4(%esp), %eax\n\txorl %ecx, %ecx\n"
        "iso_rd:\n\tmovl (%eax), %ecx\n\tmovl %ecx, %eax\n\tret\n"
        "iso_write:\n\tmovl 4(%esp), %eax\n\tmovl 8(%esp), %ecx\n"
        "iso_wr:\n\tmovl %ecx, (%eax)\n\tret\n");

static volatile struct { unsigned n; uint32_t vector, error, cr2, eip; } caught;

static void on_fault(struct trap_regs *r)
{
	caught.n++;
	caught.vector = r->vector;
	caught.error = r->f.error_code;
	caught.eip = r->f.eip;
	caught.cr2 = r->vector == 14 ? (uint32_t)vmi_fault_address() : 0;
	if (r->f.eip != (uint32_t)iso_rd && r->f.eip != (uint32_t)iso_wr) {
		test_fail(__FILE__, __LINE__, "trap %u at eip %#x, not at a probe", r->vector,
		          r->f.eip);
		test_done();
	}
	r->f.eip += 2;
}

/* One access; 1 if it went as iso_expect says (fault, vector, error, cr2). */
static int probe(uint32_t va, int write, uint32_t value, uint32_t *read)
{
	struct iso_fault want = iso_expect(va, write, 0);
	unsigned before = caught.n;
	uint32_t v = 0;

	if (write)
		iso_write(va, value);
	else
		v = iso_read(va);
	if (read)
		*read = v;
	if (caught.n == before)
		return want.vector == 0;
	return caught.n == before + 1 && caught.vector == want.vector &&
	       caught.error == want.error && caught.eip == (uint32_t)(write ? iso_wr : iso_rd) &&
	       (want.vector != 14 || caught.cr2 == va);
}

/* Read a page's first word, write it back: both as expected? */
static int attack_page(uint32_t va)
{
	uint32_t v;
	int ok = probe(va, 0, 0, &v);

	return probe(va, 1, v, NULL) && ok;
}

static void attack_region(const struct iso_region *reg)
{
	uint32_t bad = 0, first_bad = 0, pages = 0, va = reg->first;

	printf("attack: read and write back every page of %s\n", reg->what);
	do {
		if (!attack_page(va) && bad++ == 0)
			first_bad = va;
		pages++;
		va += VMI_PAGE_SIZE;
	} while (va != reg->end);
	if (bad)
		test_fail(__FILE__, __LINE__, "%s: %u of %u pages not contained, first at %#x",
		          reg->what, bad, pages, first_bad);
	else
		test_pass("every access faulted as the isolation mode says, reflected at the "
		          "instruction");
}

/* The tables the processor reads: readable in address-space mode, never
 * writable (CR0.WP holds for ring 1). */
static void attack_tables(void)
{
	static const char *const what[] = { "IDT", "GDT", "TSS" };
	uint32_t page[] = { iso.idt, iso.gdt, iso.tss };

	for (unsigned i = 0; i < 3; i++) {
		uint32_t v;

		printf("attack: write the %s's page\n", what[i]);
		CHECK(probe(page[i], 0, 0, &v));
		CHECK(probe(page[i], 1, v, NULL));
		CHECK_EQ(caught.error, PF_P | PF_W);
	}
}

void test_main(void)
{
	unsigned ticks = timer_ticks;

	iso_setup();
	trap_set_handler(13, on_fault);
	trap_set_handler(14, on_fault);
	printf("attack: read the hypervisor text at 0xFC401000 and write it back\n");
	CHECK(attack_page(0xFC401000u));
	CHECK_EQ(caught.n, 2);
	if (iso.mode == PVHV_ISOLATION_ADDRESS_SPACES && !iso.limits)
		attack_tables();
	for (unsigned i = 0; i < ISO_NR_REGIONS; i++)
		attack_region(&iso_regions[i]);
	printf("afterwards: a hypercall and a timer event\n");
	unsigned hypercalls = iso_shared->hypercalls;
	vmi_sched_yield();
	CHECK_EQ(iso_shared->hypercalls - hypercalls, 1);
	vmi_irq_enable();
	timer_arm(1000000);
	CHECK_EQ(timer_wait(ticks), 1);
}
