/*
 * hostile/cpu_ldt_leak - attack: use another domain's LDT.  Two copies of
 * this image run: the "owner" installs an LDT whose entry 0 covers a
 * secret of its own and keeps it; later the "other", which never set an
 * LDT, looks at the processor's LDT register and loads the owner's
 * selector.  The hypervisor keeps one table for the processor (the current
 * domain's), so a switch that forgot to unload it would hand it over.
 * Containment: the other finds the LDT register null (sldt 0) while the
 * owner still holds its table, lar/lsl do
 * not see the selector and loading it raises #GP(selector); the owner's
 * entry still reads its secret after the other ran.
 * Run with cpu_ldt_leak.domains (role=owner / role=other).
 */
#include "insn_harness.h"

const char test_title[] = "an LDT is never another domain's";

#define SECRET 0x1D75EC12u
#define SEL0 (0 | 4 | 3)
#define LOOK_AT_NS  1000000000ull    /* the owner installed its table at boot */
#define CHECK_AT_NS 5000000000ull    /* ... and holds it until then (three
                                      * domains boot in about 1.3 s on TCG) */

static uint32_t secret[4] = { SECRET, SECRET + 1, SECRET + 2, SECRET + 3 };
static uint64_t table[1];

static int is_other(void)
{
	for (const char *s = test_bi->cmdline; *s; s++)
		if (!strncmp(s, "role=other", 10))
			return 1;
	return 0;
}

static void wait_until(uint64_t t)
{
	while (vmi_time_ns() < t)
		;
}

static uint32_t fs_read(uint32_t off)
{
	uint32_t v;

	__asm__ volatile("movl %1, %%fs\n\tmovl %%fs:(%2), %0\n\tmovl %3, %%fs"
	                 : "=&r"(v) : "r"(SEL0), "r"(off), "r"(0) : "memory");
	return v;
}

void test_main(void)
{
	uint32_t ldtr = 0xFFFF;

	r1_catch_all();
	if (is_other()) {
		wait_until(LOOK_AT_NS);
		printf("attack: the LDT register and the owner's selector\n");
		__asm__ volatile("sldt %0" : "=r"(ldtr));
		CHECK_EQ(ldtr & 0xFFFF, 0);
		CHECK_LT(vmi_time_ns(), CHECK_AT_NS);          /* the owner holds it now */
		CHECK_EQ(sel_rights(SEL0), ~0u);
		CHECK_EQ(sel_limit(SEL0), ~0u);
		R1_EXPECT("load the owner's LDT selector into %fs", 13, SEL0 & ~3u,
		          "movl $" XSTR(SEL0) ", %%eax", "movl %%eax, %%fs");
		return;
	}
	table[0] = vmi_seg_desc((uint32_t)secret, sizeof(secret) - 1, 0xF2, 0x4);
	CHECK_RET(vmi_set_ldt(table, 1), 0);
	CHECK_EQ(fs_read(4), SECRET + 1);
	wait_until(CHECK_AT_NS);
	__asm__ volatile("sldt %0" : "=r"(ldtr));
	CHECK_NE(ldtr & 0xFFFF, 0);
	CHECK_EQ(fs_read(12), SECRET + 3);                 /* kept across the switches */
}
