/*
 * hostile/insn_ring1_lgdt - attack: load the descriptor tables from the
 * guest kernel (ring 1): lgdt and lidt pointing at tables in guest memory
 * (a guest GDT could hold ring-0 segments, a guest IDT ring-0 gates).
 * Containment: each raises #GP(0) at the instruction, reflected to the
 * guest kernel; the tables in use are unchanged (sgdt/sidt return what
 * they returned before) and traps still go through the real IDT.
 */
#include "insn_harness.h"

const char test_title[] = "lgdt/lidt in ring 1 are contained";

struct __attribute__((packed)) dtr { uint16_t limit; uint32_t base; };

static uint64_t fake_table[32];
struct dtr fake = { sizeof(fake_table) - 1, 0 };   /* named in asm */
static struct dtr gdt0, idt0, gdt1, idt1;

void test_main(void)
{
	fake.base = (uint32_t)fake_table;
	for (unsigned i = 1; i < 32; i++)
		fake_table[i] = 0x00CF9A000000FFFFull;  /* flat ring-0 code everywhere */
	r1_catch_all();
	__asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdt0), "=m"(idt0));
	R1_EXPECT("lgdt (guest table of ring-0 segments)", 13, 0, "", "lgdt fake");
	R1_EXPECT("lidt (guest table)", 13, 0, "", "lidt fake");
	__asm__ volatile("sgdt %0\n\tsidt %1" : "=m"(gdt1), "=m"(idt1));
	CHECK(gdt1.base == gdt0.base && gdt1.limit == gdt0.limit);
	CHECK(idt1.base == idt0.base && idt1.limit == idt0.limit);
	CHECK(gdt1.base != fake.base && idt1.base != fake.base);
	R1_EXPECT("ud2 afterwards (the real IDT)", 6, 0, "", "ud2");
}
