/*
 * hostile/iso_harness.h - shared by the isolation tests (iso_*): which
 * isolation the hypervisor chose and whether this processor backs it, what
 * a guest may legitimately see of the hypervisor, the regions of the
 * hypervisor's part of the address space, and the expected fault of any
 * access to them.
 *
 * Every address from PVHV_HV_BASE (0xFC400000) up is the hypervisor's.
 * What keeps a guest out depends on the mode in its shared page:
 *
 *  - segment limits: the guest's segments end at 0xFC3FFFFF, so every
 *    access is #GP(0) - where the processor enforces limits (hardware,
 *    KVM).  Where it does not (QEMU's TCG, with isolation=segments forced
 *    for testing) nothing keeps the guest out: the tests SKIP there.
 *  - address spaces: the guest runs on page tables that map none of it
 *    but the switcher pages the processor itself must reach - the entry
 *    code, the IDT, GDT and TSS, the trap stack - as supervisor pages,
 *    read-only but for the trap stack.  Any other access is #PF with the
 *    page not present; a write to a switcher page other than the trap
 *    stack is #PF present|write; from ring 3 every access is #PF with
 *    the user bit (and present for the switcher pages).  Where the
 *    processor also enforces limits, #GP(0) comes first.
 *
 * iso_setup() prints the mode (env:), skips where the mode is not backed,
 * and finds the switcher pages from what the processor is told: sidt,
 * sgdt, the TSS descriptor str names, TSS.esp0, the IDT gates'
 * targets; the switcher is one contiguous run of pages from the entry
 * code to the trap stack (hypervisor/hv.ld), which the tests check.
 */
#ifndef HOSTILE_ISO_HARNESS_H
#define HOSTILE_ISO_HARNESS_H

#include "insn_harness.h"
#include <vmi/pvhv.h>

#define ISO_FIRST   PVHV_HV_BASE
#define ISO_SWITCHER_MAX_PAGES 8u   /* entry code, tables, trap stack */
#define PF_P 1u
#define PF_W 2u
#define PF_U 4u

/* The hypervisor's half, as hypervisor/hv.h lays it out; end 0 = 4 GiB. */
struct iso_region { const char *what; uint32_t first, end; };
static const struct iso_region iso_regions[] = {
	{ "the hypervisor image (text, data, bss, stack)", 0xFC400000u, 0xFD000000u },
	{ "the direct map of machine memory (frame table, M2P, heap, domains' pages)",
	  0xFD000000u, 0xFE000000u },
	{ "the unused hypervisor slots", 0xFE000000u, 0xFFC00000u },
	{ "the mapping windows and their L1", 0xFFC00000u, 0 },
};
#define ISO_NR_REGIONS (sizeof iso_regions / sizeof iso_regions[0])

static volatile const struct pvhv_shared_info *const iso_shared =
	(const struct pvhv_shared_info *)PVHV_SHARED_INFO_VA;

/* What the tests found out at setup. */
static struct {
	uint32_t mode;                  /* PVHV_ISOLATION_* */
	int limits;                     /* the processor enforces segment limits */
	uint32_t first, last;           /* the switcher's pages (address spaces) */
	uint32_t idt, gdt, tss, stack;  /* pages named by sidt, sgdt, str, TSS.esp0 */
} iso;

/* ---- does the processor enforce data-segment limits? (ring 1) ---- */

static volatile unsigned iso_gp_count;
static uint32_t iso_gp_resume;

static void iso_on_gp(struct trap_regs *r)
{
	iso_gp_count++;
	r->f.eip = iso_gp_resume;
}

/* A 16-byte TLS data segment over a buffer, read 32 bytes in. */
static UNUSED int iso_limits_enforced(void)
{
	static uint32_t buf[16];
	uint32_t slot = test_bi->tls_gdt_first, sel = (slot << 3) | 3, old, v;

	trap_set_handler(13, iso_on_gp);
	CHECK_RET(vmi_write_gdt_entry(slot, vmi_seg_desc((uint32_t)buf, 15, 0xF2, 0x4)), 0);
	__asm__ volatile("movl %%gs, %[old]\n\tmovl $1f, %[r]\n\t"
	                 "movw %w[sel], %%gs\n\tmovl %%gs:32, %[v]\n"
	                 "1:\tmovw %w[old], %%gs"
	                 : [old] "=&r"(old), [r] "=m"(iso_gp_resume), [v] "=&r"(v)
	                 : [sel] "r"(sel) : "memory");
	CHECK_RET(vmi_write_gdt_entry(slot, 0), 0);
	trap_set_handler(13, NULL);
	(void)v;
	return iso_gp_count != 0;
}

/* ---- the switcher pages (address spaces) ---- */

struct __attribute__((packed)) iso_dtr { uint16_t limit; uint32_t base; };

static uint32_t iso_page(uint32_t va) { return va & ~(VMI_PAGE_SIZE - 1); }

static uint32_t iso_desc_base(uint64_t d)
{
	return (uint32_t)((d >> 16) & 0xFFFFFF) | (uint32_t)((d >> 56) << 24);
}

/* Lowest and highest page any IDT gate into the hypervisor names. */
static void iso_gate_pages(uint32_t idt, uint32_t *lo, uint32_t *hi)
{
	const volatile uint32_t *g = (const volatile uint32_t *)idt;

	*lo = ~0u;
	*hi = 0;
	for (unsigned v = 0; v < 256; v++) {
		uint32_t a = g[2 * v], b = g[2 * v + 1];
		uint32_t off = (a & 0xFFFF) | (b & 0xFFFF0000u);
		if (!(b & 0x8000) || ((a >> 16) & ~3u) != PVHV_HV_CS)
			continue;           /* not present, or into the guest (0x80) */
		*lo = iso_page(off) < *lo ? iso_page(off) : *lo;
		*hi = iso_page(off) > *hi ? iso_page(off) : *hi;
	}
}

static void iso_find_switcher(void)
{
	struct iso_dtr idt, gdt;
	uint32_t tr, lo, hi;
	const volatile uint8_t *tss;

	__asm__ volatile("sidt %0\n\tsgdt %1\n\tstr %2" : "=m"(idt), "=m"(gdt), "=r"(tr));
	tss = (const volatile uint8_t *)iso_desc_base(
		((const volatile uint64_t *)gdt.base)[tr >> 3]);
	iso.idt = iso_page(idt.base);
	iso.gdt = iso_page(gdt.base);
	iso.tss = iso_page((uint32_t)tss);
	iso.stack = iso_page(*(const volatile uint32_t *)(tss + 4) - 1);
	iso_gate_pages(idt.base, &lo, &hi);
	iso.first = lo;
	iso.last = iso.stack;
	test_env("switcher pages %#x-%#x: entry code %#x-%#x, IDT %#x, GDT %#x, TSS %#x, "
	         "trap stack %#x", iso.first, iso.last, lo, hi, iso.idt, iso.gdt, iso.tss,
	         iso.stack);
	printf("the switcher: one run of at most %u pages from the entry code to the trap "
	       "stack, holding the IDT, GDT and TSS\n", ISO_SWITCHER_MAX_PAGES);
	CHECK_GE(iso.first, ISO_FIRST);
	CHECK_LE(hi, iso.last);
	CHECK_LT(iso.last - iso.first, ISO_SWITCHER_MAX_PAGES * VMI_PAGE_SIZE);
	CHECK(iso.idt >= iso.first && iso.idt <= iso.last);
	CHECK(iso.gdt >= iso.first && iso.gdt <= iso.last);
	CHECK(iso.tss >= iso.first && iso.tss <= iso.last);
}

static int iso_in_switcher(uint32_t va)
{
	return iso.mode == PVHV_ISOLATION_ADDRESS_SPACES && !iso.limits &&
	       iso_page(va) >= iso.first && iso_page(va) <= iso.last;
}

/* ---- setup and the expected outcome of one access ---- */

/* The mode, or SKIP (and the end of the test) where it is not backed. */
static UNUSED void iso_setup(void)
{
	iso.mode = iso_shared->isolation;
	iso.limits = iso_limits_enforced();
	test_env("isolation %s, the processor %s data-segment limits",
	         iso.mode == PVHV_ISOLATION_SEGMENTS ? "segment limits" :
	         iso.mode == PVHV_ISOLATION_ADDRESS_SPACES ? "address spaces" : "unknown",
	         iso.limits ? "enforces" : "does not enforce");
	CHECK(iso.mode == PVHV_ISOLATION_SEGMENTS || iso.mode == PVHV_ISOLATION_ADDRESS_SPACES);
	if (iso.mode == PVHV_ISOLATION_SEGMENTS && !iso.limits) {
		test_skip("segment-limit isolation on a processor that does not enforce "
		          "limits (forced for testing): nothing keeps a guest out here");
		test_done();
	}
	if (iso.mode == PVHV_ISOLATION_ADDRESS_SPACES && !iso.limits)
		iso_find_switcher();
}

/* Expected fault of an access: vector 0 = none, else vector and error. */
struct iso_fault { uint32_t vector, error; };

static UNUSED struct iso_fault iso_expect(uint32_t va, int write, int user)
{
	int sw = iso_in_switcher(va);

	if (iso.limits)
		return (struct iso_fault){ 13, 0 };
	if (sw && !user && (!write || iso_page(va) == iso.stack))
		return (struct iso_fault){ 0, 0 };  /* what the processor must reach */
	return (struct iso_fault){ 14, (sw ? PF_P : 0) | (write ? PF_W : 0) | (user ? PF_U : 0) };
}

#endif /* HOSTILE_ISO_HARNESS_H */
